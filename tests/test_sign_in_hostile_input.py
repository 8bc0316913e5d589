"""The sign-in pages answer odd input with a message, never an error page.

An address whose domain no email can carry (a right-to-left mark, a line separator, a
non-character) used to fail while sending the "no account" email; control characters got
Django's own wording. The sign-in forms now share the guards and wording of every other form.
"""

import pytest
from django.core import mail
from django.urls import reverse

from peersupport.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ODD_ADDRESSES = [
    "ada@ex\u200fample.org",
    "ada@ex\u2028ample.org",
    "ada@ex\ufffeample.org",
    "ada@ex\x85ample.org",
    "ada\x00@example.org",
    "ada\x1b@example.org",
    "ada@😀.org",
]
EMAIL_PAGES = {"account_login": "login", "account_reset_password": "email", "account_request_login_code": "email"}


@pytest.mark.parametrize("address", ODD_ADDRESSES)
@pytest.mark.parametrize("page", list(EMAIL_PAGES))
def test_an_odd_address_gets_a_message_naming_the_field_and_no_email_is_sent(client, page, address):
    response = client.post(reverse(page), {EMAIL_PAGES[page]: address, "password": "a long password"})

    assert response.status_code == 200
    errors = response.context["form"].errors[EMAIL_PAGES[page]]
    assert errors
    assert all(
        message.startswith("Enter your email address") or "hidden control characters" in message for message in errors
    )
    assert mail.outbox == []


def test_a_password_with_hidden_control_characters_gets_a_message_not_django_s_wording(client):
    UserFactory(email="ada@example.org")

    response = client.post(reverse("account_login"), {"login": "ada@example.org", "password": "secret\x00\x1b"})

    assert response.status_code == 200
    assert response.context["form"].errors["password"] == [
        "Password must not contain hidden control characters: remove them and try again"
    ]


@pytest.mark.parametrize("code", ["\x00", "12\x1b34", "１２３４５６", "x" * 5000])
def test_an_odd_sign_in_code_is_refused_with_a_message(client, code):
    UserFactory(email="ada@example.org")
    client.post(reverse("account_request_login_code"), {"email": "ada@example.org"})

    response = client.post(reverse("account_confirm_login_code"), {"code": code})

    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert response.wsgi_request.user.is_anonymous
