"""Email delivery over real SMTP: one email per notification, bounces fail at once, outages retry and end."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.db import connection
from django.urls import reverse

from notifications.models import DeliveryStatus, Notification
from notifications.services import Recipient, message_id_for, notification_deliver, notify
from notifications.tasks import MAX_ATTEMPTS, deliver_notification, send_pending_notifications
from peersupport.accounts.tests.factories import UserFactory
from tests.fixtures.smtp import free_port, smtp_mailer

pytestmark = pytest.mark.django_db

GOOD, BAD = "ada@example.org", "bad@example.org"


def notification_to(email: str, *, event: str = "cancelled", user=None) -> Notification:
    """A pending notification to `email`, recorded as a service would (its queueing never runs:
    the test's transaction does not commit, so the tests deliver it themselves). What it is about
    does not matter here: a person stands in for the request, with the title the email gives it."""
    about, title = UserFactory(), "Ward manager interview panel"
    [notification] = notify(
        event=event,
        obj=about,
        recipients=[Recipient(email=email, name="Ada Lovelace", user=user)],
        subject=f"Cancelled: {title}",
        context={"request": {"title": title}, "reason": "The post was withdrawn"},
        link=reverse("notifications:index"),
    )
    return notification


@pytest.fixture
def retries(monkeypatch):
    """The countdowns the delivery task asked Celery to retry after (eager mode runs them at once)."""
    countdowns = []
    task = deliver_notification._get_current_object()
    original = task.retry

    def spy(*args, **kwargs):
        countdowns.append(kwargs.get("countdown"))
        return original(*args, **kwargs)

    monkeypatch.setattr(task, "retry", spy)
    return countdowns


# --- Over real SMTP ---------------------------------------------------------------------------------------


def test_a_good_address_gets_the_email_once(smtp_mailer_sink, retries):
    notification = notification_to(GOOD)

    deliver_notification.delay(notification.pk)
    deliver_notification.delay(notification.pk)  # delivered twice by the broker

    [received] = smtp_mailer_sink.received
    assert received.recipients == [GOOD]
    assert received["X-Peersupport-Notification"] == f"cancelled:{notification.object_key}"
    assert received["Message-ID"] == message_id_for(notification)
    assert received["Subject"].strip() == "[Peer support and involvement] Cancelled: Ward manager interview panel"
    notification.refresh_from_db()
    assert (notification.status, notification.attempts, notification.last_error) == (DeliveryStatus.SENT, 1, "")
    assert retries == []


def test_a_bounced_address_fails_at_once_with_the_servers_reply(smtp_mailer_sink, retries):
    smtp_mailer_sink.refuse(BAD)
    notification = notification_to(BAD)

    result = deliver_notification.delay(notification.pk)

    assert result.get() is False
    notification.refresh_from_db()
    assert notification.status == DeliveryStatus.FAILED
    assert notification.attempts == 1
    assert notification.last_error == "SMTPRecipientsRefused: <bad@example.org>: 550 5.1.1 no such user"
    assert notification.sent_at is None
    assert retries == []  # a bounce will not go away by trying again
    assert smtp_mailer_sink.received == []


def test_a_bounce_leaves_other_peoples_emails_alone(smtp_mailer_sink):
    smtp_mailer_sink.refuse(BAD)
    good, bad = notification_to(GOOD), notification_to(BAD)

    deliver_notification.delay(bad.pk)
    deliver_notification.delay(good.pk)

    assert [message.recipients for message in smtp_mailer_sink.received] == [[GOOD]]
    assert set(Notification.objects.values_list("recipient_email", "status")) == {
        (GOOD, DeliveryStatus.SENT),
        (BAD, DeliveryStatus.FAILED),
    }


def test_a_mail_server_that_is_down_is_retried_with_growing_waits_then_the_row_fails(settings, retries):
    settings.MAILERS = {"default": smtp_mailer(free_port())}  # nothing listens there
    notification = notification_to(GOOD)

    deliver_notification.delay(notification.pk)

    assert retries == [30, 60, 120, 240]
    notification.refresh_from_db()
    assert notification.status == DeliveryStatus.FAILED
    assert notification.attempts == MAX_ATTEMPTS
    assert notification.last_error.startswith("ConnectionRefusedError: ")


def test_a_try_later_reply_is_retried_too(smtp_mailer_sink, retries):
    smtp_mailer_sink.defer(GOOD)
    notification = notification_to(GOOD)

    deliver_notification.delay(notification.pk)

    assert len(retries) == MAX_ATTEMPTS - 1
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (DeliveryStatus.FAILED, MAX_ATTEMPTS)
    assert notification.last_error == (
        "SMTPRecipientsRefused: <ada@example.org>: 451 4.3.0 mailbox busy, try again later"
    )


def test_a_refused_sender_is_the_trusts_own_set_up_and_is_retried_not_failed_at_once(
    smtp_mailer_sink, retries, settings
):
    """A 5xx about the sender (a relay misconfigured, a password rotated) is fixed by an operator:
    failing every email sent meanwhile would lose them."""
    settings.DEFAULT_FROM_EMAIL = "peersupport@trust.nhs.uk"
    smtp_mailer_sink.refuse_sender("peersupport@trust.nhs.uk")
    notification = notification_to(GOOD)

    deliver_notification.delay(notification.pk)

    notification.refresh_from_db()
    assert retries == [30, 60, 120, 240]
    assert (notification.status, notification.attempts) == (DeliveryStatus.FAILED, 5)
    assert "553 5.7.1 sender not allowed to relay" in notification.last_error


def test_a_server_that_comes_back_during_the_retries_gets_the_email_once(smtp_mailer_sink, monkeypatch):
    smtp_mailer_sink.defer(GOOD)
    task = deliver_notification._get_current_object()
    original = task.retry

    def back_after_two_retries(*args, **kwargs):
        if task.request.retries == 1:
            smtp_mailer_sink.handler.deferred.clear()
        return original(*args, **kwargs)

    monkeypatch.setattr(task, "retry", back_after_two_retries)
    notification = notification_to(GOOD)

    deliver_notification.delay(notification.pk)

    assert len(smtp_mailer_sink.received_by(GOOD)) == 1
    notification.refresh_from_db()
    assert (notification.status, notification.attempts, notification.last_error) == (DeliveryStatus.SENT, 3, "")


def test_a_failed_notification_is_not_sent_by_a_late_task_or_the_sweeper(smtp_mailer_sink):
    notification = notification_to(GOOD)
    Notification.objects.filter(pk=notification.pk).update(
        status=DeliveryStatus.FAILED, attempts=MAX_ATTEMPTS, created_at=notification.created_at.replace(year=2020)
    )

    assert notification_deliver(notification_id=notification.pk) is False
    assert send_pending_notifications() == 0
    assert smtp_mailer_sink.received == []


# --- The order of the steps -------------------------------------------------------------------------------


def test_the_row_is_marked_sent_before_the_server_is_asked_and_unmarked_when_the_send_fails(monkeypatch):
    notification = notification_to(GOOD)
    seen_while_sending = []

    def send_that_fails(self, messages):
        seen_while_sending.append(Notification.objects.values_list("status", flat=True).get(pk=notification.pk))
        raise smtplib.SMTPServerDisconnected("the mail server went away")

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", send_that_fails)

    with pytest.raises(smtplib.SMTPServerDisconnected):
        notification_deliver(notification_id=notification.pk)

    assert seen_while_sending == [DeliveryStatus.SENT]
    notification.refresh_from_db()
    assert notification.status == DeliveryStatus.PENDING
    assert notification.sent_at is None
    assert notification.attempts == 1
    assert notification.last_error == "SMTPServerDisconnected: the mail server went away"


def test_the_connection_closes_only_after_the_transaction_ends(monkeypatch):
    notification = notification_to(GOOD)
    depth_outside = len(connection.atomic_blocks)
    depths = {}
    original_send = locmem.EmailBackend.send_messages

    def send(self, messages):
        depths["send"] = len(connection.atomic_blocks)
        return original_send(self, messages)

    def close(self):
        depths["close"] = len(connection.atomic_blocks)

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", send)
    monkeypatch.setattr(locmem.EmailBackend, "close", close)

    assert notification_deliver(notification_id=notification.pk) is True

    assert depths == {"send": depth_outside + 2, "close": depth_outside}  # the lock's and the sent mark's


def test_a_failure_to_close_the_connection_does_not_undo_the_sent_mark(monkeypatch):
    notification = notification_to(GOOD)

    def close(self):
        raise smtplib.SMTPServerDisconnected("QUIT went unanswered")

    monkeypatch.setattr(locmem.EmailBackend, "close", close)

    assert notification_deliver(notification_id=notification.pk) is True
    notification.refresh_from_db()
    assert notification.status == DeliveryStatus.SENT
    assert len(mail.outbox) == 1


# --- The message ------------------------------------------------------------------------------------------


def test_every_try_carries_the_same_message_id_from_the_senders_domain_unique_to_this_site(settings):
    settings.DEFAULT_FROM_EMAIL = "Peer support <peersupport@trust.nhs.uk>"
    notification = notification_to(GOOD)

    message_id = message_id_for(notification)
    assert message_id.startswith(f"<notification-{notification.pk}.") and message_id.endswith("@trust.nhs.uk>")
    notification_deliver(notification_id=notification.pk)
    assert mail.outbox[0].extra_headers["Message-ID"] == message_id
    # Another copy of the service (staging, a restored database) with the same row id uses another.
    settings.SITE_URL = "https://staging.example.nhs.uk"
    assert message_id_for(notification) != message_id


def test_a_subject_longer_than_the_outbox_keeps_is_shortened_not_refused():
    notification = notify(
        event="cancelled",
        object_key="involvement.involvementrequest:1",
        recipients=[Recipient(email=GOOD, name="Ada")],
        subject="Reminder: " + "A very long title " * 20,
        context={"request": {"title": "x"}, "reason": ""},
    )[0]

    assert len(notification.subject) == 200 and notification.subject.endswith("…")


def test_someone_with_no_login_is_not_sent_to_a_preferences_page_they_cannot_open():
    notification = notification_to(GOOD)  # an expert by experience without a login, say

    notification_deliver(notification_id=notification.pk)

    [email] = mail.outbox
    [(html, _mimetype)] = email.alternatives
    for part in (email.body, html):
        assert "/notifications/preferences/" not in part
        assert "To stop hearing from us, reply to this email or tell the person who invited you." in part


def test_the_email_has_an_nhs_styled_html_part_and_a_plain_text_part(settings):
    settings.SITE_URL = "https://peersupport.example.nhs.uk"
    notification = notification_to(GOOD, user=UserFactory(email=GOOD))

    notification_deliver(notification_id=notification.pk)

    [email] = mail.outbox
    preferences = "https://peersupport.example.nhs.uk/notifications/preferences/"
    assert email.body.startswith("Hello Ada Lovelace,")
    assert "The post was withdrawn" in email.body
    assert email.body.endswith(f"Choose which emails you get: {preferences}")
    [(html, mimetype)] = email.alternatives
    assert mimetype == "text/html"
    assert "NHS</span> Peer support and involvement </td>" in " ".join(html.split())  # the header
    assert f'<a href="{preferences}"' in html
    assert "You get this email because of your role in Peer support and involvement." in html
    assert f'href="https://peersupport.example.nhs.uk{notification.link}"' in html
    assert "Open in Peer support and involvement</a>" in html
    # Inline styles only: email clients drop style sheets and block remote files.
    assert "<style" not in html and "<link" not in html and "<img" not in html and "<script" not in html
