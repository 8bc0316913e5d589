"""Email in the demo: printed to the terminal readable (the text, decoded, links whole), and
allauth's sign-in code email in the service's own words."""

import io

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from peersupport.mail import ReadableConsoleBackend

LINK = "http://127.0.0.1:8100/network/answer/eyJpbnZpdGF0aW9uIjoxMjM0NX0:1vabcdef:averyveryverylongsignature-abcdefghijklmnop/"


def test_the_demo_prints_each_emails_text_decoded_with_its_links_whole():
    stream = io.StringIO()
    message = EmailMultiAlternatives(
        subject="Invitation: Carers' focus group",
        body=f"Hello Eve Morgan,\n\nSay yes: {LINK}\n\nIt's on Tuesday — 10:00.",
        from_email="peersupport@example.org",
        to=["expert@example.org"],
    )
    message.attach_alternative("<p>Hello</p>", "text/html")

    ReadableConsoleBackend(stream=stream).send_messages([message])

    printed = stream.getvalue()
    assert "To: expert@example.org" in printed
    assert "Subject: Invitation: Carers' focus group" in printed
    assert LINK in printed
    assert "It's on Tuesday — 10:00." in printed
    assert "=3D" not in printed and "=\n" not in printed and "Content-Transfer-Encoding" not in printed


def test_the_demo_settings_print_email_readably():
    from django.conf import settings

    from peersupport.settings import base

    assert base.MAILERS["default"]["BACKEND"] == "peersupport.mail.ReadableConsoleBackend"
    assert settings.SITE_URL  # links start with it; `make run PORT=...` sets it to follow the port


@pytest.mark.django_db
def test_the_sign_in_code_email_names_the_service_not_the_host(client, make_person, settings):
    settings.SITE_URL = "http://127.0.0.1:8100"
    make_person(email="ada@example.org")

    client.post("/accounts/login/code/", {"email": "ada@example.org"})

    (message,) = mail.outbox
    assert message.subject == "[Peer support and involvement] Your code to log in"
    assert "Your code to log in to Peer support and involvement is:" in message.body
    assert "Peer support and involvement\nhttp://127.0.0.1:8100" in message.body
    assert "Thank you for using" not in message.body and "testserver" not in message.body


@pytest.mark.django_db
def test_the_login_code_pages_speak_plain_english(client, make_person):
    make_person(email="ada@example.org")

    asking = client.get("/accounts/login/code/").content.decode()
    assert '<h1 class="nhsuk-heading-l">Email me a login code</h1>' in asking
    assert "log in to Peer support and involvement once, without your password" in asking
    assert "special code" not in asking

    entering = client.post("/accounts/login/code/", {"email": "ada@example.org"}, follow=True).content.decode()
    assert '<h1 class="nhsuk-heading-l">Enter your login code</h1>' in entering
    assert "We have emailed a code to ada@example.org. It works for 5 minutes, and only once." in entering
    assert "expires shortly" not in entering
