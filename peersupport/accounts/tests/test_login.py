"""Logging in, out and back: allauth behind the project's layout and policies."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_with_email_and_password_reaches_the_home_page(client, make_person):
    person = make_person(Role.REQUESTER, email="rebecca@example.org")

    response = client.post(reverse("account_login"), {"login": "rebecca@example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).context["user"] == person


def test_wrong_password_shows_the_error_summary_linked_to_the_field(client, make_person):
    make_person(Role.REQUESTER, email="rebecca@example.org")

    response = client.post(reverse("account_login"), {"login": "rebecca@example.org", "password": "not-it"})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="nhsuk-error-summary"' in html
    assert '<a href="#id_login">' in html
    assert 'value="rebecca@example.org"' in html  # what the person typed is kept


def test_failed_logins_are_rate_limited_even_with_the_right_password_afterwards(client, make_person):
    make_person(Role.REQUESTER, email="rebecca@example.org")
    for _attempt in range(5):
        client.post(reverse("account_login"), {"login": "rebecca@example.org", "password": "wrong-guess"})

    response = client.post(reverse("account_login"), {"login": "rebecca@example.org", "password": PASSWORD})

    assert response.status_code != 302
    assert "You have tried too many times in a short while. Wait 5 minutes and try again" in response.content.decode()


def test_there_is_no_public_sign_up(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "stranger@example.org", "password1": "a-long-password-1", "password2": "a-long-password-1"},
    )

    assert response.status_code == 200
    assert "account/signup_closed.html" in [template.name for template in response.templates]
    from peersupport.accounts.models import User

    assert not User.objects.filter(email="stranger@example.org").exists()


def test_login_by_emailed_code(client, make_person):
    person = make_person(Role.EXPERT_BY_EXPERIENCE, email="eve@example.org")

    client.post(reverse("account_request_login_code"), {"email": "eve@example.org"})
    assert len(mail.outbox) == 1
    code = re.search(r"^\s*([A-Z0-9][A-Z0-9-]{4,}[A-Z0-9])\s*$", mail.outbox[0].body, re.MULTILINE).group(1)
    response = client.post(reverse("account_confirm_login_code"), {"code": code})

    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"] == person


def test_password_reset_sends_an_email_with_a_link(client, make_person):
    make_person(Role.REQUESTER, email="rebecca@example.org")

    client.post(reverse("account_reset_password"), {"email": "rebecca@example.org"})

    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


@pytest.mark.parametrize("url_name", ["account_reset_password", "account_request_login_code"])
def test_an_unknown_address_is_not_invited_to_sign_up(client, url_name):
    """Sign-up is closed: the email for an address with no account says to ask, with no sign-up link."""
    client.post(reverse(url_name), {"email": "stranger@example.org"})

    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "There is no account with that address" in body
    assert "sign up for an account" not in body
    assert reverse("account_signup") not in body
    assert "ask your team lead" in body


def test_logout_ends_the_session(client, login_as):
    login_as(Role.REQUESTER)

    client.post(reverse("account_logout"))

    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_django_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_admin_reaches_django_admin_and_other_roles_do_not(client, make_person):
    admin = make_person(Role.ADMIN)
    lead = make_person(Role.TEAM_LEAD)

    client.force_login(admin)
    assert client.get("/admin/").status_code == 200
    client.force_login(lead)
    assert client.get("/admin/").status_code in {302, 403}
