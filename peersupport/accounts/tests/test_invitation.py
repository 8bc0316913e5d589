"""Admins make accounts and invite people by email: there is no public sign-up."""

import re

import pytest
from django.core import mail

from peersupport.accounts.models import User
from peersupport.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_an_invited_person_sets_a_password_from_the_email(client, make_person, django_capture_on_commit_callbacks):
    admin = make_person(Role.ADMIN)
    newcomer = User.objects.create_user("newcomer@example.org", full_name="Nia Newcomer")
    client.force_login(admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/accounts/user/", {"action": "invite", "_selected_action": [newcomer.pk]}, follow=True
        )

    assert "Invitation emailed to 1 people." in response.content.decode()
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert mail.outbox[0].to == ["newcomer@example.org"]
    assert "Hello Nia Newcomer" in body
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", body).group(1)

    client.logout()
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    client.post(set_url, {"password1": "a-brand-new-passphrase", "password2": "a-brand-new-passphrase"})
    newcomer.refresh_from_db()
    assert newcomer.check_password("a-brand-new-passphrase")


def test_the_invitation_link_works_once(client, make_person, django_capture_on_commit_callbacks):
    admin = make_person(Role.ADMIN)
    newcomer = User.objects.create_user("once@example.org")
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/admin/accounts/user/", {"action": "invite", "_selected_action": [newcomer.pk]})
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mail.outbox[0].body).group(1)
    client.logout()
    first = client.get(link, follow=True)
    set_url = first.redirect_chain[-1][0] if first.redirect_chain else link
    client.post(set_url, {"password1": "a-brand-new-passphrase", "password2": "a-brand-new-passphrase"})

    again = client.get(link, follow=True)

    assert "This link no longer works" in again.content.decode()
    newcomer.refresh_from_db()
    assert newcomer.check_password("a-brand-new-passphrase")
