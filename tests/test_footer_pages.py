"""The footer's pages: help and contact, the accessibility statement, the privacy notice, and the
service's status in plain words (the JSON at /healthz/ stays for machines). Open without a login."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import DeliveryStatus, Notification
from peersupport import health

pytestmark = pytest.mark.django_db

PAGES = {
    "help": ("/help/", "Help and contact"),
    "accessibility": ("/accessibility/", "Accessibility statement for Peer support and involvement"),
    "privacy": ("/privacy/", "Privacy notice"),
    "service_status": ("/status/", "Service status"),
}


@pytest.mark.parametrize("name", PAGES)
def test_each_page_opens_without_a_login(client, name):
    path, heading = PAGES[name]
    assert reverse(name) == path

    response = client.get(path)

    assert response.status_code == 200
    assert f'<h1 class="nhsuk-heading-l">{heading}</h1>' in response.content.decode()


@pytest.mark.parametrize("name", PAGES)
def test_the_footer_links_every_page(client, login_as, name):
    path, _heading = PAGES[name]
    login_as()  # signed in or not, the footer is the same
    assert f'class="nhsuk-footer__list-item-link" href="{path}"' in client.get("/").content.decode()


def test_service_status_in_the_footer_is_for_people_not_the_json(client):
    shown = client.get("/accounts/login/").content.decode()

    assert 'href="/status/">Service status</a>' in shown
    assert 'href="/healthz/"' not in shown


def test_the_privacy_notice_says_what_is_kept_about_experts_why_how_long_and_their_rights(client, settings):
    settings.NETWORK_RETENTION_MONTHS = 24
    shown = client.get("/privacy/").content.decode()

    for words in (
        "What we keep",
        "lived experience",
        "Why we keep it",
        "How long we keep it",
        "nothing has happened on your record for 24 months",
        "anonymise",
        "Your rights",
        "download it",
        "Information Commissioner",
    ):
        assert words in shown, words


def test_help_and_the_statements_give_the_contact_address(client, settings):
    settings.SUPPORT_EMAIL = "help@trust.example"
    for path in ("/help/", "/accessibility/", "/privacy/"):
        assert 'href="mailto:help@trust.example"' in client.get(path).content.decode(), path


def test_status_says_everything_works(client):
    shown = client.get("/status/").content.decode()

    assert "Everything is working normally." in shown
    assert "Pages and records" in shown and "Emails" in shown
    assert "nhsuk-tag--red" not in shown


def test_status_says_emails_are_delayed_when_they_are_stuck(client, settings):
    settings.HEALTH_NOTIFICATIONS_STUCK_AFTER = 900
    Notification.objects.create(
        event="cancelled",
        object_key="x:1",
        recipient_email="ada@example.org",
        subject="Cancelled",
        body_text="Hello",
        body_html="<p>Hello</p>",
        status=DeliveryStatus.PENDING,
        created_at=timezone.now() - datetime.timedelta(hours=1),
    )

    shown = client.get("/status/").content.decode()

    assert "Some parts of the service have a problem." in shown
    assert "Delayed: some emails have been waiting to go out for a while." in shown


def test_status_says_when_records_cannot_be_read(client, monkeypatch):
    monkeypatch.setattr(health, "database_state", lambda: {"ok": False, "error": "OperationalError"})

    shown = client.get("/status/").content.decode()

    assert "Not working: pages cannot load or save records." in shown
    assert "OperationalError" not in shown  # plain words, not the machine's


def test_status_says_emails_are_slow_when_the_workers_are_not_seen(client, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(health, "broker_state", lambda: {"ok": True, "mode": "redis"})
    monkeypatch.setattr(health, "workers_state", lambda: {"ok": False, "seen_recently": False})

    shown = client.get("/status/").content.decode()

    assert "Slow: emails are kept safe and will be sent, but may arrive late." in shown
