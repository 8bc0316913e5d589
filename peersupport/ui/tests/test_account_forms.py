"""The login, password and two-step verification pages speak as the rest of the service: each error
names what to enter and is listed in the error summary, never allauth's or Django's own wording."""

import re

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.urls import reverse

from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import PASSWORD
from tests.test_error_wording import DJANGO_DEFAULTS

pytestmark = pytest.mark.django_db

ALLAUTH_DEFAULTS = re.compile(r"Incorrect (code|password)\.|and/or password|Please type|Invalid or expired|Be patient")


def errors_on(response) -> list[str]:
    """The error summary's lines, in order."""
    html = response.content.decode()
    summary = html[html.find('class="nhsuk-error-summary"') :]
    return [
        re.sub(r"<[^>]+>", "", line).strip()
        for line in re.findall(r"<li>(.*?)</li>", summary[: summary.find("</ul>")], re.S)
    ]


def assert_worded(response, *expected: str) -> None:
    assert response.status_code == 200
    shown = errors_on(response)
    assert shown == list(expected)
    for line in shown:
        assert not DJANGO_DEFAULTS.match(line), line
        assert not ALLAUTH_DEFAULTS.search(line), line


def test_logging_in_with_nothing_entered_names_both_boxes(client):
    response = client.post(reverse("account_login"), {})
    assert_worded(response, "Enter your email address", "Enter your password")


def test_logging_in_with_an_address_that_is_not_one_says_how_to_write_it(client):
    response = client.post(reverse("account_login"), {"login": "rebecca at trust", "password": "x"})
    assert_worded(response, "Enter your email address in the correct format, like name@example.com")


def test_a_wrong_password_says_what_to_do(client, make_person):
    make_person(Role.REQUESTER, email="rebecca@example.org")
    response = client.post(reverse("account_login"), {"login": "rebecca@example.org", "password": "not-it"})
    assert_worded(
        response, "The email address or password is not right. Check them and try again, or reset your password"
    )


def test_asking_for_a_login_code_or_a_password_reset_with_nothing_entered(client):
    assert_worded(client.post(reverse("account_request_login_code"), {}), "Enter your email address")
    assert_worded(client.post(reverse("account_reset_password"), {}), "Enter your email address")


def test_the_login_code_page_asks_for_the_emailed_code_and_says_when_it_is_wrong(client, make_person):
    make_person(Role.EXPERT_BY_EXPERIENCE, email="eve@example.org")
    client.post(reverse("account_request_login_code"), {"email": "eve@example.org"})

    assert_worded(client.post(reverse("account_confirm_login_code"), {}), "Enter the code from the email we sent you")
    assert_worded(
        client.post(reverse("account_confirm_login_code"), {"code": "WRONG1"}),
        "The code is not right. Enter the code from the newest email we sent you",
    )


def test_changing_a_password_names_each_box(client, make_person):
    client.force_login(make_person(Role.REQUESTER))
    assert_worded(
        client.post(reverse("account_change_password"), {}),
        "Enter your current password",
        "Enter a new password",
        "Enter the new password again",
    )
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "not-it", "password1": "a-new-long-password-7", "password2": "a-new-long-password-7"},
    )
    assert_worded(response, "The password is not right. Enter your current password")


def test_confirming_it_is_you_asks_for_the_password(client, make_person):
    client.force_login(make_person(Role.TEAM_LEAD))
    assert_worded(client.post(reverse("account_reauthenticate"), {}), "Enter your password")


def test_the_password_reset_link_page_names_both_boxes(client, make_person):
    person = make_person(Role.REQUESTER)
    url = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(person), "key": default_token_generator.make_token(person)},
    )
    form_url = client.get(url)["Location"]  # allauth moves the key out of the address first

    assert_worded(client.post(form_url, {}), "Enter a new password", "Enter the new password again")


def test_setting_up_an_authenticator_app_asks_for_its_code(client, make_person):
    person = make_person(Role.TEAM_LEAD)
    client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})  # asked before setting it up

    assert_worded(client.post(reverse("mfa_activate_totp"), {}), "Enter the code from your authenticator app")
    assert_worded(
        client.post(reverse("mfa_activate_totp"), {"code": "000000"}),
        "The code is not right. Enter the code your authenticator app shows now",
    )


def test_the_account_pages_and_their_messages_speak_as_the_service(client, make_person):
    person = make_person(Role.EXPERT_BY_EXPERIENCE, email="eve@example.org")
    sent = client.post(reverse("account_request_login_code"), {"email": "eve@example.org"}, follow=True)
    assert "We have emailed a login code to eve@example.org. It works for 5 minutes." in sent.content.decode()

    client.cookies.clear()  # a new visit, logging in with the password instead
    logged_in = client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD}, follow=True)
    assert "You are logged in." in logged_in.content.decode()
    page = client.get(reverse("account_change_password")).content.decode()
    assert "<h1" in page and "Change your password" in page and "Change Password" not in page
    page = client.get(reverse("mfa_index")).content.decode()
    assert "Two-step verification" in page and "Two-Factor Authentication" not in page
