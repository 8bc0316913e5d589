"""Rule 9: a notification is recorded with its event, sent at least once, and never twice to the same person."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from notifications.models import DeliveryStatus, Notification
from notifications.services import notification_deliver, notification_record_failure, notify
from notifications.tasks import deliver_notification, send_pending_notifications
from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def about():
    """What the notifications are about. Any saved object does for the outbox: a person stands in for
    the request (the outbox with real requests: tests/test_outbox_with_requests.py)."""
    return UserFactory()


def tell(recipients, about, *, event="cancelled", title="Ward manager interview panel") -> list[Notification]:
    """Record the `event` notification about `about`, as a service would, for something called `title`."""
    return notify(
        event=event,
        obj=about,
        recipients=recipients,
        subject=f"Cancelled: {title}",
        context={"request": {"title": title}, "reason": "The post was withdrawn"},
        link=reverse("notifications:index"),
    )


# --- Recording ---------------------------------------------------------------------------------------------


def test_the_text_email_keeps_apostrophes_and_the_html_email_escapes_them_once():
    (row,) = tell([UserFactory(full_name="Jo O'Brien")], UserFactory(), title="Carers' & families' focus group <pilot>")

    assert row.body_text.startswith("Hello Jo O'Brien,")
    assert "Carers' & families' focus group <pilot>" in row.body_text
    assert "Jo O&#x27;Brien" in row.body_html and "&amp;#x27;" not in row.body_html
    assert "&lt;pilot&gt;" in row.body_html and "<pilot>" not in row.body_html


def test_a_person_listed_twice_is_recorded_once(about):
    person = UserFactory()

    tell([person, person], about)

    assert Notification.objects.count() == 1


def test_notifications_are_rolled_back_with_the_event_that_caused_them(about, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        tell([UserFactory()], about)
        raise RuntimeError("the event failed after recording its notification")

    assert Notification.objects.count() == 0
    assert callbacks == []
    assert mail.outbox == []


def test_nobody_is_told_twice_about_the_same_event(about):
    person = UserFactory()
    tell([person], about)

    again = tell([person], about)

    assert again == []
    assert Notification.objects.filter(recipient=person).count() == 1


def test_another_event_or_another_request_is_told_separately(about):
    person = UserFactory()
    tell([person], about)

    tell([person], about, event="confirmed")
    tell([person], UserFactory())

    assert Notification.objects.filter(recipient=person).count() == 3


def test_a_second_notify_still_tells_the_people_not_yet_told(about):
    told_already, new_person = UserFactory(), UserFactory()
    tell([told_already], about)

    created = tell([told_already, new_person], about)

    assert [row.recipient for row in created] == [new_person]


# --- Delivering ---------------------------------------------------------------------------------------------


def test_the_email_goes_only_once_the_event_commits(about, django_capture_on_commit_callbacks):
    person = UserFactory()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        tell([person], about)
    assert mail.outbox == []
    for callback in callbacks:
        callback()

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [person.email]
    assert email.subject == "[Peer support and involvement] Cancelled: Ward manager interview panel"
    assert email.alternatives[0].mimetype == "text/html"
    row = Notification.objects.get()
    assert (row.status, row.attempts) == (DeliveryStatus.SENT, 1)
    assert row.sent_at is not None


def test_delivering_twice_sends_one_email(about):
    [notification] = tell([UserFactory()], about)

    first = notification_deliver(notification_id=notification.pk)
    second = notification_deliver(notification_id=notification.pk)

    assert (first, second) == (True, False)
    assert len(mail.outbox) == 1


def test_the_worker_queued_twice_still_sends_one_email(about, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = tell([UserFactory()], about)

    deliver_notification.delay(notification.pk)

    assert len(mail.outbox) == 1


def test_a_notification_that_no_longer_exists_is_not_sent():
    assert notification_deliver(notification_id=999999) is False
    assert mail.outbox == []


def failing_send(self, *args, **kwargs):
    raise smtplib.SMTPServerDisconnected("the mail server went away")


def test_an_email_that_fails_to_send_stays_pending_for_another_try(about, monkeypatch):
    [notification] = tell([UserFactory()], about)
    monkeypatch.setattr(locmem.EmailBackend, "send_messages", failing_send)

    with pytest.raises(smtplib.SMTPServerDisconnected):
        notification_deliver(notification_id=notification.pk)

    notification.refresh_from_db()
    assert notification.status == DeliveryStatus.PENDING
    assert notification.sent_at is None


def test_a_failed_send_counts_as_an_attempt(about, monkeypatch):
    [notification] = tell([UserFactory()], about)
    monkeypatch.setattr(locmem.EmailBackend, "send_messages", failing_send)

    with pytest.raises(smtplib.SMTPServerDisconnected):
        notification_deliver(notification_id=notification.pk)

    notification.refresh_from_db()
    assert notification.attempts == 1


def test_a_failure_is_recorded_and_the_last_one_marks_it_failed(about):
    [notification] = tell([UserFactory()], about)

    notification_record_failure(notification_id=notification.pk, error=OSError("refused"), final=False)
    notification.refresh_from_db()
    assert (notification.status, notification.last_error) == (DeliveryStatus.PENDING, "OSError: refused")

    notification_record_failure(notification_id=notification.pk, error=OSError("refused again"), final=True)
    notification.refresh_from_db()
    assert notification.status == DeliveryStatus.FAILED


def test_a_failure_reported_late_never_undoes_a_sent_notification(about):
    [notification] = tell([UserFactory()], about)
    notification_deliver(notification_id=notification.pk)

    notification_record_failure(notification_id=notification.pk, error=OSError("late"), final=True)

    notification.refresh_from_db()
    assert notification.status == DeliveryStatus.SENT


# --- The sweeper ------------------------------------------------------------------------------------------


def test_send_pending_requeues_notifications_left_pending(about):
    lost, fresh = tell([UserFactory(), UserFactory()], about)  # their queueing never ran
    Notification.objects.filter(pk=lost.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=5))

    requeued = send_pending_notifications()

    assert requeued == 1
    assert [email.to for email in mail.outbox] == [[lost.recipient_email]]
    lost.refresh_from_db()
    fresh.refresh_from_db()
    assert lost.status == DeliveryStatus.SENT
    assert fresh.status == DeliveryStatus.PENDING


def test_send_pending_leaves_sent_notifications_alone(about, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tell([UserFactory()], about)
    Notification.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=5))

    assert send_pending_notifications() == 0
    assert len(mail.outbox) == 1


def test_send_pending_resumes_a_retry_lost_with_the_broker_but_not_one_still_due(about):
    """A Redis restart without persistence loses the retries it held: long overdue, they are queued again."""
    lost, waiting, failed = tell([UserFactory(), UserFactory(), UserFactory()], about)
    long_ago = timezone.now() - datetime.timedelta(minutes=11)
    Notification.objects.update(created_at=long_ago, attempts=2, last_error="SMTPServerDisconnected: gone")
    Notification.objects.filter(pk=lost.pk).update(last_attempt_at=long_ago)
    Notification.objects.filter(pk=waiting.pk).update(last_attempt_at=timezone.now() - datetime.timedelta(minutes=2))
    Notification.objects.filter(pk=failed.pk).update(last_attempt_at=long_ago, status=DeliveryStatus.FAILED)

    assert send_pending_notifications() == 1

    assert [email.to for email in mail.outbox] == [[lost.recipient_email]]
    lost.refresh_from_db()
    assert (lost.status, lost.attempts) == (DeliveryStatus.SENT, 3)
    assert Notification.objects.get(pk=waiting.pk).status == DeliveryStatus.PENDING
    assert Notification.objects.get(pk=failed.pk).status == DeliveryStatus.FAILED


# --- The person's notifications page ------------------------------------------------------------------------


def test_the_notifications_page_lists_only_the_persons_own(client, about):
    person, someone_else = UserFactory(roles=[Role.REQUESTER]), UserFactory(roles=[Role.REQUESTER])
    tell([person], about)
    tell([person], about, event="confirmed")
    tell([someone_else], UserFactory(), title="Focus group on discharge")
    client.force_login(person)

    response = client.get(reverse("notifications:index"))

    assert response.status_code == 200
    assert {row.recipient for row in response.context["page"].object_list} == {person}
    assert len(response.context["page"].object_list) == 2
    assert "Focus group on discharge" not in response.content.decode()


def test_opening_the_notifications_page_marks_them_read(client, about):
    person, someone_else = UserFactory(roles=[Role.REQUESTER]), UserFactory(roles=[Role.REQUESTER])
    tell([person, someone_else], about)
    client.force_login(person)

    first_visit = client.get(reverse("notifications:index")).content.decode()
    second_visit = client.get(reverse("notifications:index")).content.decode()

    assert 'nhsuk-tag--blue">New</strong>' in first_visit
    assert 'nhsuk-tag--blue">New</strong>' not in second_visit
    assert Notification.objects.get(recipient=person).read_at is not None
    assert Notification.objects.get(recipient=someone_else).read_at is None


def test_opening_the_first_page_leaves_older_pages_unread(client):
    person = UserFactory(roles=[Role.REQUESTER])
    for _ in range(30):
        tell([person], UserFactory())
    client.force_login(person)

    client.get(reverse("notifications:index"))

    assert Notification.objects.filter(recipient=person, read_at__isnull=True).count() == 5


@pytest.mark.parametrize("role", [Role.REQUESTER, Role.EXPERT_BY_EXPERIENCE])
def test_the_unread_count_shows_in_the_header(client, about, role):
    person = UserFactory(roles=[role])
    tell([person], about)
    tell([person], about, event="confirmed")
    tell([UserFactory()], about)
    client.force_login(person)

    before = client.get(reverse("home")).content.decode()
    client.get(reverse("notifications:index"))
    after = client.get(reverse("home")).content.decode()

    assert (
        '<strong class="nhsuk-tag nhsuk-tag--white app-count">2<span class="nhsuk-u-visually-hidden"> unread' in before
    )
    assert "app-count" not in after


# --- A broker that cannot be reached -------------------------------------------------------------------------


def test_after_one_failed_queueing_the_page_does_not_wait_on_the_broker_for_each_notification(
    about, django_capture_on_commit_callbacks, monkeypatch
):
    from notifications.tasks import deliver_notification
    from tests.fixtures.services import project_app_on_broker

    tries = []
    task = deliver_notification._get_current_object()
    original = task.delay
    monkeypatch.setattr(task, "delay", lambda *args: tries.append(args) or original(*args))

    refused = "redis://127.0.0.1:1/0"  # nothing listens there
    with project_app_on_broker(refused), django_capture_on_commit_callbacks(execute=True):
        tell([UserFactory(), UserFactory(), UserFactory()], about)

    assert len(tries) == 1  # the other two went straight to the sweeper
    assert set(Notification.objects.values_list("status", flat=True)) == {DeliveryStatus.PENDING}
    assert mail.outbox == []
