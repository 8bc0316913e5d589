"""The Monday digest to team leads: the approvals waiting for them and their teams' peer support
workers' involvement hours this month against their allowances. Once a week, never to a lead who
switched it off, and nothing when there is nothing to say."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from involvement.models import Route
from involvement.services import requests as services
from involvement.services.reminders.digest import WEEKLY_DIGEST, weekly_digest_send
from involvement.tasks import weekly_digest
from involvement.tests.factories import approved_request, make_team_lead, submitted_request
from notifications.models import Notification, NotificationPreference
from peersupport.accounts.roles import Role
from tests.support.queries import reads_and_queries
from workforce.tests.factories import PeerSupportWorkerFactory, TeamFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 11, 23)  # ISO week 48
IN_NOVEMBER = datetime.date(2026, 11, 26)
URL = "/notifications/preferences/"  # the person's own choices


def told() -> list[str]:
    return sorted(Notification.objects.filter(event=WEEKLY_DIGEST).values_list("recipient_email", flat=True))


def digest_of(lead) -> Notification:
    return Notification.objects.get(event=WEEKLY_DIGEST, recipient=lead)


def lead_with_a_team(email: str, **fields):
    lead = make_team_lead(email=email, **fields)
    return lead, TeamFactory(leads=[lead], name=f"Team of {email}")


def test_the_digest_goes_on_monday_mornings():
    [entry] = [item for item in settings.CELERY_BEAT_SCHEDULE.values() if item["task"] == "involvement.weekly_digest"]
    assert entry["schedule"].day_of_week == {1}
    assert entry["schedule"].hour == {8}


def test_a_lead_hears_of_their_approvals_and_their_workers_hours_this_month():
    lead, team = lead_with_a_team("lead@example.org", full_name="Jo Lead")
    sam = PeerSupportWorkerFactory(team=team, full_name="Sam Okafor", allowance_hours=Decimal("6.0"))
    PeerSupportWorkerFactory(team=team, full_name="Ash Patel", allowance_hours=Decimal("1.0"))
    approved_request(
        route=Route.PSW,
        peer_support_worker=sam,
        psw_team_lead=lead,
        psw_hours=Decimal("2.5"),
        activity_date=IN_NOVEMBER,
    )
    approved_request(
        route=Route.PSW,
        peer_support_worker=sam,
        psw_team_lead=lead,
        psw_hours=Decimal("3.0"),
        activity_date=datetime.date(2026, 12, 3),  # next month: not counted
    )
    submitted_request(title="Carers' leaflet review", requesting_team=team, team_lead=lead, activity_date=IN_NOVEMBER)

    assert weekly_digest_send(today=MONDAY) == 1

    message = digest_of(lead)
    assert message.subject == "Your weekly summary: 1 approval waiting"
    assert message.object_key == "digest:2026-W48"
    assert message.link == f"{reverse('involvement:index')}?scope=approve"
    body = message.body_text
    assert "Your summary for the week beginning Monday 23 November 2026." in body
    assert "Approvals waiting for you: 1\n- Carers' leaflet review, for Team of lead@example.org" in body
    assert "Protected time in November 2026" in body
    assert "- Sam Okafor (Team of lead@example.org): 2.5 of 6 hours used, 3.5 left." in body
    assert "- Ash Patel (Team of lead@example.org): 0 of 1 hours used, 1 left." in body
    assert reverse("notifications:preferences") in body


def test_a_psw_ask_part_approved_is_in_the_digest_of_the_lead_still_to_decide_only():
    requesting_lead = make_team_lead(email="requesting@example.org")
    psw_lead, psw_team = lead_with_a_team("psw.lead@example.org")
    worker = PeerSupportWorkerFactory(team=psw_team)
    request = submitted_request(
        route=Route.PSW, peer_support_worker=worker, team_lead=requesting_lead, psw_team_lead=psw_lead
    )
    services.request_approve(request_id=request.pk, by=requesting_lead)

    weekly_digest_send(today=MONDAY)

    assert told() == ["psw.lead@example.org"]  # the requesting team's lead has nothing left to decide
    assert f"- {request.title}" in digest_of(psw_lead).body_text


def test_released_hours_do_not_count():
    lead, team = lead_with_a_team("lead@example.org")
    worker = PeerSupportWorkerFactory(team=team, full_name="Sam Okafor", allowance_hours=Decimal("4.0"))
    request = approved_request(
        route=Route.PSW, peer_support_worker=worker, psw_team_lead=lead, activity_date=IN_NOVEMBER
    )
    services.request_withdraw(request_id=request.pk, by=request.requester)

    weekly_digest_send(today=MONDAY)

    assert "- Sam Okafor (Team of lead@example.org): 0 of 4 hours used, 4 left." in digest_of(lead).body_text


def test_a_lead_who_switched_the_digest_off_gets_none():
    off, off_team = lead_with_a_team("off@example.org")
    on, on_team = lead_with_a_team("on@example.org")
    PeerSupportWorkerFactory(team=off_team)
    PeerSupportWorkerFactory(team=on_team)
    NotificationPreference.choose(user=off, weekly_digest=False)

    weekly_digest_send(today=MONDAY)

    assert told() == ["on@example.org"]


def test_a_lead_with_nothing_waiting_and_no_workers_gets_nothing_nor_does_their_own_request():
    lead, team = lead_with_a_team("lead@example.org")
    other = make_team_lead()
    team.leads.add(other)
    submitted_request(requester=lead, requesting_team=team)  # waiting for the other lead, not them

    weekly_digest_send(today=MONDAY)

    assert "lead@example.org" not in told()
    assert other.email in told()


def test_one_digest_a_week_however_often_the_job_runs(django_capture_on_commit_callbacks):
    lead, team = lead_with_a_team("lead@example.org")
    PeerSupportWorkerFactory(team=team)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        first = weekly_digest_send(today=MONDAY)
    with django_capture_on_commit_callbacks(execute=True):
        again = weekly_digest_send(today=MONDAY + datetime.timedelta(days=2))  # same ISO week
    with django_capture_on_commit_callbacks(execute=True):
        next_week = weekly_digest_send(today=MONDAY + datetime.timedelta(days=7))

    assert (first, again, next_week) == (1, 0, 1)
    assert [message.to for message in mail.outbox] == [["lead@example.org"], ["lead@example.org"]]
    assert set(Notification.objects.values_list("object_key", flat=True)) == {"digest:2026-W48", "digest:2026-W49"}


def test_the_scheduled_task_runs_for_this_week():
    _, team = lead_with_a_team("lead@example.org")
    PeerSupportWorkerFactory(team=team)

    assert weekly_digest() == 1
    assert weekly_digest() == 0


# --- Query counts ------------------------------------------------------------------------------------------


def _leads_with_work(count: int) -> None:
    for index in range(count):
        lead, team = lead_with_a_team(f"lead{index}-{count}@example.org")
        worker = PeerSupportWorkerFactory(team=team)
        submitted_request(route=Route.PSW, peer_support_worker=worker, psw_team_lead=lead, activity_date=IN_NOVEMBER)
        if index % 3 == 0:
            NotificationPreference.choose(user=lead, weekly_digest=False)


def _run() -> tuple[int, int]:
    return reads_and_queries(lambda: weekly_digest_send(today=MONDAY))


def test_the_digest_reads_the_same_queries_for_10_or_50_leads_and_requests():
    _leads_with_work(10)
    first_reads, _ = _run()
    _, rerun = _run()
    Notification.objects.filter(event=WEEKLY_DIGEST).delete()

    _leads_with_work(40)
    assert _run()[0] == first_reads
    assert _run()[1] == rerun


# --- Switched off on the person's own choices page ----------------------------------------


def test_a_lead_who_switched_the_digest_off_on_the_page_does_not_get_it(client, login_as):
    lead = login_as(Role.TEAM_LEAD)
    PeerSupportWorkerFactory(team=TeamFactory(leads=[lead]))
    monday = datetime.date(2026, 11, 23)

    client.post(URL, {})
    weekly_digest_send(today=monday)
    assert not Notification.objects.filter(recipient=lead).exists()

    client.post(URL, {"emails": ["weekly_digest"]})
    weekly_digest_send(today=monday)
    assert Notification.objects.filter(recipient=lead, event="weekly_digest").count() == 1
