"""Approvals waiting too long: after three working days the leads still to decide are reminded;
after five, the peer support lead (a PSW ask) or the network coordinators (a network request)
are told once. Weekends do not count; decided requests and running the job twice send nothing."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from involvement.models import InvolvementRequest, Route
from involvement.services import requests as services
from involvement.services.reminders.approvals import APPROVAL_ESCALATED, APPROVAL_WAITING, approval_reminders_send
from involvement.services.reminders.common import working_days_between
from involvement.tasks import approval_reminders
from involvement.tests.factories import make_team_lead, reload, submitted_request
from notifications.models import Notification
from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory
from tests.support.queries import reads_and_queries

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 11, 2)


def day(offset: int) -> datetime.date:
    """A day counted from Monday 2 November 2026 (4 is Friday, 7 the next Monday)."""
    return MONDAY + datetime.timedelta(days=offset)


def waiting_since(submitted: datetime.date, **fields) -> InvolvementRequest:
    """A request sent for approval on `submitted` (at 9am), through the service; only the clock is moved."""
    request = submitted_request(**fields)
    moment = timezone.make_aware(datetime.datetime.combine(submitted, datetime.time(9)))
    InvolvementRequest.objects.filter(pk=request.pk).update(submitted_at=moment)
    return reload(request)


def told(event: str) -> set[str]:
    return set(Notification.objects.filter(event=event).values_list("recipient_email", flat=True))


@pytest.fixture
def overseers():
    """A peer support lead and a network coordinator."""
    return (
        UserFactory(roles=[Role.PEER_SUPPORT_LEAD], email="psl@example.org"),
        UserFactory(roles=[Role.NETWORK_COORDINATOR], email="coordinator@example.org"),
    )


def test_the_job_runs_on_weekday_mornings():
    [entry] = [
        item for item in settings.CELERY_BEAT_SCHEDULE.values() if item["task"] == "involvement.approval_reminders"
    ]
    assert entry["schedule"].day_of_week == {1, 2, 3, 4, 5}
    assert entry["schedule"].hour == {8}


@pytest.mark.parametrize(
    ("start", "end", "working_days"),
    [
        (day(0), day(0), 0),
        (day(0), day(3), 3),  # Monday to Thursday
        (day(0), day(4), 4),
        (day(4), day(7), 1),  # Friday to Monday: the weekend does not count
        (day(5), day(7), 1),  # sent on a Saturday
        (day(4), day(14), 6),
        (day(0), day(28), 20),
    ],
)
def test_working_days_are_monday_to_friday(start, end, working_days):
    assert working_days_between(start, end) == working_days


def test_leads_still_to_decide_are_reminded_after_more_than_three_working_days(overseers):
    lead = make_team_lead(email="lead@example.org")
    request = waiting_since(day(0), team_lead=lead, title="Carers' leaflet review")

    assert approval_reminders_send(today=day(3)) == 0  # Thursday: three working days
    assert approval_reminders_send(today=day(4)) == 1  # Friday: four

    assert told(APPROVAL_WAITING) == {"lead@example.org"}
    message = Notification.objects.get(event=APPROVAL_WAITING)
    assert message.recipient == lead
    assert message.subject == "Still waiting for your approval: Carers' leaflet review"
    assert 'sent "Carers\' leaflet review" for approval on Monday 2 November 2026' in message.body_text
    assert "It has been waiting 4 working days" in message.body_text
    assert message.link == reverse("involvement:decide", args=[request.pk])
    assert told(APPROVAL_ESCALATED) == set()


def test_someone_listed_as_a_lead_without_the_team_lead_role_is_not_chased(overseers):
    lead = make_team_lead(email="lead@example.org")
    request = waiting_since(day(0), team_lead=lead)
    request.requesting_team.leads.add(UserFactory(roles=[Role.REQUESTER], email="not.a.lead@example.org"))

    approval_reminders_send(today=day(4))

    assert told(APPROVAL_WAITING) == {"lead@example.org"}


def test_a_weekend_does_not_count_towards_the_wait():
    waiting_since(day(4), team_lead=make_team_lead(email="lead@example.org"))  # sent on a Friday

    assert approval_reminders_send(today=day(9)) == 0  # Wednesday: three working days
    assert approval_reminders_send(today=day(10)) == 1  # Thursday: four


def test_only_the_part_still_waiting_is_chased(overseers):
    team_lead = make_team_lead(email="team.lead@example.org")
    psw_lead = make_team_lead(email="psw.lead@example.org")
    request = waiting_since(day(0), route=Route.PSW, team_lead=team_lead, psw_team_lead=psw_lead)
    services.request_approve(request_id=request.pk, by=team_lead)

    approval_reminders_send(today=day(4))

    assert told(APPROVAL_WAITING) == {"psw.lead@example.org"}


def test_a_lead_who_raised_the_request_is_not_asked_to_approve_it():
    both = make_team_lead(email="both@example.org")
    other = make_team_lead(email="other@example.org")
    request = waiting_since(day(0), requester=both, team_lead=other)
    request.requesting_team.leads.add(both)

    approval_reminders_send(today=day(4))

    assert told(APPROVAL_WAITING) == {"other@example.org"}


def test_a_psw_ask_waiting_more_than_five_working_days_goes_to_the_peer_support_lead_once(overseers):
    lead = make_team_lead(email="lead@example.org", full_name="Jo Lead")
    request = waiting_since(day(0), route=Route.PSW, team_lead=lead, psw_team_lead=lead)

    approval_reminders_send(today=day(4))
    assert approval_reminders_send(today=day(7)) == 0  # five working days: not yet
    assert approval_reminders_send(today=day(8)) == 1  # six
    assert approval_reminders_send(today=day(9)) == 0

    assert told(APPROVAL_ESCALATED) == {"psl@example.org"}
    message = Notification.objects.get(event=APPROVAL_ESCALATED)
    assert message.subject == f"Approval waiting 6 working days: {request.title}"
    assert "Still to decide: Jo Lead." in message.body_text
    assert message.link == reverse("involvement:detail", args=[request.pk])
    assert Notification.objects.filter(event=APPROVAL_WAITING).count() == 1  # reminded once only


def test_a_network_request_waiting_more_than_five_working_days_goes_to_the_coordinators(overseers):
    waiting_since(day(0))

    approval_reminders_send(today=day(8))

    assert told(APPROVAL_ESCALATED) == {"coordinator@example.org"}
    message = Notification.objects.get(event=APPROVAL_ESCALATED)
    assert message.link == ""  # coordinators see network requests once approved
    assert "It will come to the Together network once it is approved." in message.body_text


def test_requests_already_decided_get_nothing(overseers):
    lead = make_team_lead()
    approved = waiting_since(day(0), team_lead=lead)
    services.request_approve(request_id=approved.pk, by=lead)
    declined = waiting_since(day(0), team_lead=lead)
    services.request_decline(request_id=declined.pk, by=lead, reason="No budget this year")
    withdrawn = waiting_since(day(0), team_lead=lead)
    services.request_withdraw(request_id=withdrawn.pk, by=withdrawn.requester)

    assert approval_reminders_send(today=day(10)) == 0


def test_running_the_job_twice_emails_nobody_twice(overseers, django_capture_on_commit_callbacks):
    request = waiting_since(day(0), team_lead=make_team_lead(email="lead@example.org"))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        first = approval_reminders_send(today=day(8))
    with django_capture_on_commit_callbacks(execute=True):
        second = approval_reminders_send(today=day(8))

    assert (first, second) == (2, 0)
    assert sorted((message.to[0], message.subject) for message in mail.outbox) == [
        ("coordinator@example.org", f"[{settings.SERVICE_NAME}] Approval waiting 6 working days: {request.title}"),
        ("lead@example.org", f"[{settings.SERVICE_NAME}] Still waiting for your approval: {request.title}"),
    ]


def test_the_scheduled_task_runs_for_today():
    request = submitted_request()
    moment = timezone.now() - datetime.timedelta(days=14)
    InvolvementRequest.objects.filter(pk=request.pk).update(submitted_at=moment)

    assert approval_reminders() == 1
    assert approval_reminders() == 0


# --- Query counts ------------------------------------------------------------------------------------------


def _run() -> tuple[int, int]:
    return reads_and_queries(lambda: approval_reminders_send(today=day(8)))


def test_the_job_reads_the_same_queries_for_10_or_50_requests(overseers):
    for index in range(10):
        waiting_since(day(0), route=Route.PSW if index % 2 else Route.NETWORK)
    first_reads, _ = _run()
    _, rerun = _run()
    Notification.objects.filter(event__in=[APPROVAL_WAITING, APPROVAL_ESCALATED]).delete()

    for index in range(40):
        waiting_since(day(0), route=Route.PSW if index % 2 else Route.NETWORK)
    assert _run()[0] == first_reads
    assert _run()[1] == rerun


def test_one_request_that_cannot_be_told_does_not_stop_the_rest(overseers, monkeypatch, caplog):
    from notifications import types

    waiting_since(day(0), team_lead=make_team_lead(email="first@example.org"), title="Broken one")
    waiting_since(day(0), team_lead=make_team_lead(email="second@example.org"), title="Panel")
    real_notify = types.notify

    def notify(**kwargs):
        if "Broken one" in kwargs["subject"]:
            raise RuntimeError("template missing")
        return real_notify(**kwargs)

    monkeypatch.setattr(types, "notify", notify)

    approval_reminders_send(today=day(4))

    assert told(APPROVAL_WAITING) == {"second@example.org"}
    assert "Approval reminders" in caplog.text and "RuntimeError: template missing" in caplog.text
    # Nothing of the broken one was recorded, so the next run tries it again.
    monkeypatch.setattr(types, "notify", real_notify)
    approval_reminders_send(today=day(4))
    assert told(APPROVAL_WAITING) == {"first@example.org", "second@example.org"}
