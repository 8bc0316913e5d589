"""Rule 9: a notification is recorded with its event, sent at least once, and never twice to the same person."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from involvement.tests.factories import InvolvementRequestFactory
from notifications.models import DeliveryStatus, Notification
from notifications.services import notification_deliver, notification_record_failure, notify
from notifications.tasks import deliver_notification, send_pending_notifications
from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def involvement_request():
    return InvolvementRequestFactory(title="Ward manager interview panel")


def tell(recipients, about, *, event="cancelled") -> list[Notification]:
    """Record the `event` notification about the request `about`, as a service would."""
    return notify(
        event=event,
        obj=about,
        recipients=recipients,
        subject=f"Cancelled: {about.title}",
        context={"request": about, "reason": "The post was withdrawn"},
        link=reverse("involvement:detail", args=[about.pk]),
    )


# --- Recording ---------------------------------------------------------------------------------------------


def test_notify_records_one_pending_notification_per_recipient(involvement_request):
    first, second = UserFactory(full_name="Ada Lovelace"), UserFactory()

    tell([first, second], involvement_request)

    rows = Notification.objects.order_by("pk")
    assert [(row.recipient, row.recipient_email) for row in rows] == [
        (first, first.email),
        (second, second.email),
    ]
    row = rows[0]
    assert row.status == DeliveryStatus.PENDING
    assert row.object_key == f"involvement.involvementrequest:{involvement_request.pk}"
    assert row.subject == "Cancelled: Ward manager interview panel"
    assert row.body_text.startswith("Hello Ada Lovelace,")
    assert "The post was withdrawn" in row.body_text
    assert row.link == reverse("involvement:detail", args=[involvement_request.pk])
    assert "The post was withdrawn" in row.body_html


def test_the_text_email_keeps_apostrophes_and_the_html_email_escapes_them_once():
    request = InvolvementRequestFactory(title="Carers' & families' focus group <pilot>")

    (row,) = tell([UserFactory(full_name="Jo O'Brien")], request)

    assert row.body_text.startswith("Hello Jo O'Brien,")
    assert "Carers' & families' focus group <pilot>" in row.body_text
    assert "Jo O&#x27;Brien" in row.body_html and "&amp;#x27;" not in row.body_html
    assert "&lt;pilot&gt;" in row.body_html and "<pilot>" not in row.body_html


def test_a_person_listed_twice_is_recorded_once(involvement_request):
    person = UserFactory()

    tell([person, person], involvement_request)

    assert Notification.objects.count() == 1


def test_notifications_are_rolled_back_with_the_event_that_caused_them(
    involvement_request, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        tell([UserFactory()], involvement_request)
        raise RuntimeError("the event failed after recording its notification")

    assert Notification.objects.count() == 0
    assert callbacks == []
    assert mail.outbox == []


def test_nobody_is_told_twice_about_the_same_event(involvement_request):
    person = UserFactory()
    tell([person], involvement_request)

    again = tell([person], involvement_request)

    assert again == []
    assert Notification.objects.filter(recipient=person).count() == 1


def test_another_event_or_another_request_is_told_separately(involvement_request):
    person = UserFactory()
    tell([person], involvement_request)

    tell([person], involvement_request, event="confirmed")
    tell([person], InvolvementRequestFactory())

    assert Notification.objects.filter(recipient=person).count() == 3


def test_a_second_notify_still_tells_the_people_not_yet_told(involvement_request):
    told_already, new_person = UserFactory(), UserFactory()
    tell([told_already], involvement_request)

    created = tell([told_already, new_person], involvement_request)

    assert [row.recipient for row in created] == [new_person]


# --- Delivering ---------------------------------------------------------------------------------------------


def test_the_email_goes_only_once_the_event_commits(involvement_request, django_capture_on_commit_callbacks):
    person = UserFactory()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        tell([person], involvement_request)
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


def test_delivering_twice_sends_one_email(involvement_request):
    [notification] = tell([UserFactory()], involvement_request)

    first = notification_deliver(notification_id=notification.pk)
    second = notification_deliver(notification_id=notification.pk)

    assert (first, second) == (True, False)
    assert len(mail.outbox) == 1


def test_the_worker_queued_twice_still_sends_one_email(involvement_request, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = tell([UserFactory()], involvement_request)

    deliver_notification.delay(notification.pk)

    assert len(mail.outbox) == 1


def test_a_notification_that_no_longer_exists_is_not_sent():
    assert notification_deliver(notification_id=999999) is False
    assert mail.outbox == []


def failing_send(self, *args, **kwargs):
    raise smtplib.SMTPServerDisconnected("the mail server went away")


def test_an_email_that_fails_to_send_stays_pending_for_another_try(involvement_request, monkeypatch):
    [notification] = tell([UserFactory()], involvement_request)
    monkeypatch.setattr(locmem.EmailBackend, "send_messages", failing_send)

    with pytest.raises(smtplib.SMTPServerDisconnected):
        notification_deliver(notification_id=notification.pk)

    notification.refresh_from_db()
    assert notification.status == DeliveryStatus.PENDING
    assert notification.sent_at is None


def test_a_failed_send_counts_as_an_attempt(involvement_request, monkeypatch):
    [notification] = tell([UserFactory()], involvement_request)
    monkeypatch.setattr(locmem.EmailBackend, "send_messages", failing_send)

    with pytest.raises(smtplib.SMTPServerDisconnected):
        notification_deliver(notification_id=notification.pk)

    notification.refresh_from_db()
    assert notification.attempts == 1


def test_a_failure_is_recorded_and_the_last_one_marks_it_failed(involvement_request):
    [notification] = tell([UserFactory()], involvement_request)

    notification_record_failure(notification_id=notification.pk, error=OSError("refused"), final=False)
    notification.refresh_from_db()
    assert (notification.status, notification.last_error) == (DeliveryStatus.PENDING, "OSError: refused")

    notification_record_failure(notification_id=notification.pk, error=OSError("refused again"), final=True)
    notification.refresh_from_db()
    assert notification.status == DeliveryStatus.FAILED


def test_a_failure_reported_late_never_undoes_a_sent_notification(involvement_request):
    [notification] = tell([UserFactory()], involvement_request)
    notification_deliver(notification_id=notification.pk)

    notification_record_failure(notification_id=notification.pk, error=OSError("late"), final=True)

    notification.refresh_from_db()
    assert notification.status == DeliveryStatus.SENT


# --- The sweeper ------------------------------------------------------------------------------------------


def test_send_pending_requeues_notifications_left_pending(involvement_request):
    lost, fresh = tell([UserFactory(), UserFactory()], involvement_request)  # their queueing never ran
    Notification.objects.filter(pk=lost.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=5))

    requeued = send_pending_notifications()

    assert requeued == 1
    assert [email.to for email in mail.outbox] == [[lost.recipient_email]]
    lost.refresh_from_db()
    fresh.refresh_from_db()
    assert lost.status == DeliveryStatus.SENT
    assert fresh.status == DeliveryStatus.PENDING


def test_send_pending_leaves_sent_notifications_alone(involvement_request, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tell([UserFactory()], involvement_request)
    Notification.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=5))

    assert send_pending_notifications() == 0
    assert len(mail.outbox) == 1


def test_send_pending_resumes_a_retry_lost_with_the_broker_but_not_one_still_due(involvement_request):
    """A Redis restart without persistence loses the retries it held: long overdue, they are queued again."""
    lost, waiting, failed = tell([UserFactory(), UserFactory(), UserFactory()], involvement_request)
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


def test_a_whole_transition_delivers_each_email_once(django_capture_on_commit_callbacks):
    from involvement.services import requests as services
    from involvement.tests.factories import make_team_lead
    from workforce.tests.factories import TeamFactory

    lead = make_team_lead()
    request = InvolvementRequestFactory(requesting_team=TeamFactory(leads=[lead]))

    with django_capture_on_commit_callbacks(execute=True):
        services.request_submit(request_id=request.pk, by=request.requester)
    Notification.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    send_pending_notifications()

    assert sorted(email.to[0] for email in mail.outbox) == sorted([lead.email, request.requester.email])


# --- The person's notifications page ------------------------------------------------------------------------


def test_the_notifications_page_lists_only_the_persons_own(client, involvement_request):
    person, someone_else = UserFactory(roles=[Role.REQUESTER]), UserFactory(roles=[Role.REQUESTER])
    tell([person], involvement_request)
    tell([person], involvement_request, event="confirmed")
    other_request = InvolvementRequestFactory(title="Focus group on discharge")
    tell([someone_else], other_request)
    client.force_login(person)

    response = client.get(reverse("notifications:index"))

    assert response.status_code == 200
    assert {row.recipient for row in response.context["page"].object_list} == {person}
    assert len(response.context["page"].object_list) == 2
    assert "Focus group on discharge" not in response.content.decode()


def test_opening_the_notifications_page_marks_them_read(client, involvement_request):
    person, someone_else = UserFactory(roles=[Role.REQUESTER]), UserFactory(roles=[Role.REQUESTER])
    tell([person, someone_else], involvement_request)
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
        tell([person], InvolvementRequestFactory())
    client.force_login(person)

    client.get(reverse("notifications:index"))

    assert Notification.objects.filter(recipient=person, read_at__isnull=True).count() == 5


@pytest.mark.parametrize("role", [Role.REQUESTER, Role.EXPERT_BY_EXPERIENCE])
def test_the_unread_count_shows_in_the_header(client, involvement_request, role):
    person = UserFactory(roles=[role])
    tell([person], involvement_request)
    tell([person], involvement_request, event="confirmed")
    tell([UserFactory()], involvement_request)
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
    involvement_request, django_capture_on_commit_callbacks, monkeypatch
):
    from notifications.tasks import deliver_notification
    from tests.fixtures.services import project_app_on_broker

    tries = []
    task = deliver_notification._get_current_object()
    original = task.delay
    monkeypatch.setattr(task, "delay", lambda *args: tries.append(args) or original(*args))

    refused = "redis://127.0.0.1:1/0"  # nothing listens there
    with project_app_on_broker(refused), django_capture_on_commit_callbacks(execute=True):
        tell([UserFactory(), UserFactory(), UserFactory()], involvement_request)

    assert len(tries) == 1  # the other two went straight to the sweeper
    assert set(Notification.objects.values_list("status", flat=True)) == {DeliveryStatus.PENDING}
    assert mail.outbox == []
