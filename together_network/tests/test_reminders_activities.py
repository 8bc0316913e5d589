"""Reminders before an activity: two days before each session and on its morning, to everyone
taking part and the requester; nobody whose activity is off or who gave up their place; and
never twice, however often the job runs."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from involvement.models import FurtherSession, Mode
from involvement.services import requests as services
from involvement.tests.factories import approved_request, confirmed_request, days_from_today
from notifications.models import Notification
from tests.support.queries import reads_and_queries
from together_network.services import invitations
from together_network.services.activity_reminders import IN_TWO_DAYS, TODAY, activity_reminders_send
from together_network.tasks import activity_reminders
from together_network.tests.factories import ExpertByExperienceFactory
from together_network.tests.portal_support import expert_with_login, invite

pytestmark = pytest.mark.django_db

# Places are taken through the services, which need the activity still ahead: it is in three
# weeks, and the job is told which day it runs on.
ON = days_from_today(21)
TWO_DAYS_BEFORE = ON - datetime.timedelta(days=2)


def network_activity(*people, places: int = 2, on: datetime.date = ON, **fields):
    """An approved network request; each person is invited and accepts, in order."""
    request = approved_request(places_needed=places, activity_date=on, **fields)
    for invitation in invite(request, *people):
        invitations.invitation_accept(invitation_id=invitation.pk)
    return request


def told(event: str) -> set[str]:
    return set(Notification.objects.filter(event=event).values_list("recipient_email", flat=True))


def message_to(email: str, event: str) -> Notification:
    return Notification.objects.get(event=event, recipient_email=email)


def test_the_job_runs_every_morning_at_seven():
    [entry] = [
        item for item in settings.CELERY_BEAT_SCHEDULE.values() if item["task"] == "together_network.activity_reminders"
    ]
    assert entry["schedule"].hour == {7}
    assert entry["schedule"].minute == {0}
    assert len(entry["schedule"].day_of_week) == 7


def test_people_with_a_place_and_the_requester_are_reminded_two_days_before():
    with_login = expert_with_login(email="ayo@example.org", full_name="Ayo Bello")
    without_login = ExpertByExperienceFactory(email="no.login@example.org")
    waiting = ExpertByExperienceFactory(email="waiting@example.org")
    request = network_activity(
        with_login,
        without_login,
        waiting,
        title="Ward manager interview panel",
        mode=Mode.IN_PERSON,
        location="Room 4, Trust HQ",
    )
    invite(request, ExpertByExperienceFactory(email="not.answered@example.org"))

    assert activity_reminders_send(today=TWO_DAYS_BEFORE) == 3

    assert told(IN_TWO_DAYS) == {request.requester.email, "ayo@example.org", "no.login@example.org"}
    to_expert = message_to("ayo@example.org", IN_TWO_DAYS)
    assert to_expert.recipient == with_login.user
    assert to_expert.subject == f"Reminder: Ward manager interview panel on {ON:%A} {ON.day} {ON:%B}"
    assert f"on {ON:%A} {ON.day} {ON:%B %Y} at 10am, for 2 hours" in to_expert.body_text
    assert "In person at Room 4, Trust HQ." in to_expert.body_text
    assert "give up your place in your portal" in to_expert.body_text
    assert to_expert.link == reverse("together_network:portal")
    assert message_to("no.login@example.org", IN_TWO_DAYS).link == ""
    to_requester = message_to(request.requester.email, IN_TWO_DAYS)
    assert to_requester.link == reverse("involvement:detail", args=[request.pk])
    assert "2 of 2 places are taken by experts by experience" in to_requester.body_text
    assert to_requester.object_key == f"involvement.involvementrequest:{request.pk}:session:{ON:%Y-%m-%d}"


def test_everyone_is_reminded_again_on_the_morning_of_the_activity():
    request = network_activity(ExpertByExperienceFactory(email="eve@example.org"), places=1)

    activity_reminders_send(today=TWO_DAYS_BEFORE)
    activity_reminders_send(today=ON)

    assert told(TODAY) == {request.requester.email, "eve@example.org"}
    today = message_to("eve@example.org", TODAY)
    assert today.subject == f"Reminder: {request.title} today"
    assert "You are taking part in an activity today." in today.body_text
    assert "Online" in today.body_text


def test_on_other_days_nobody_is_reminded():
    network_activity(ExpertByExperienceFactory())

    for day in (ON - datetime.timedelta(days=3), ON - datetime.timedelta(days=1), ON + datetime.timedelta(days=1)):
        assert activity_reminders_send(today=day) == 0


def test_a_confirmed_peer_support_worker_and_the_requester_are_reminded():
    request = confirmed_request(activity_date=ON)
    worker = request.peer_support_worker

    activity_reminders_send(today=TWO_DAYS_BEFORE)

    assert told(IN_TWO_DAYS) == {request.requester.email, worker.user.email}
    assert f"{worker} has confirmed they will join." in message_to(request.requester.email, IN_TWO_DAYS).body_text
    to_worker = message_to(worker.user.email, IN_TWO_DAYS)
    assert to_worker.link == reverse("involvement:detail", args=[request.pk])
    assert f"tell {request.requester.get_full_name()} and your team lead" in to_worker.body_text


def test_a_psw_who_has_not_confirmed_and_an_activity_nobody_has_a_place_at_get_nothing():
    from involvement.models import Route

    approved_request(route=Route.PSW, activity_date=ON)  # approved, waiting for the PSW to confirm
    approved_request(activity_date=ON)  # open, nobody has accepted

    assert activity_reminders_send(today=TWO_DAYS_BEFORE) == 0


def test_cancelled_and_withdrawn_activities_and_people_who_gave_up_their_place_get_nothing():
    cancelled = network_activity(ExpertByExperienceFactory(email="cancelled@example.org"))
    services.request_cancel(request_id=cancelled.pk, by=cancelled.requester, reason="The post was withdrawn")
    withdrawn = confirmed_request(activity_date=ON)
    services.request_withdraw(request_id=withdrawn.pk, by=withdrawn.requester)
    staying, leaving, waiting = (
        ExpertByExperienceFactory(email="staying@example.org"),
        ExpertByExperienceFactory(email="leaving@example.org"),
        ExpertByExperienceFactory(email="promoted@example.org"),
    )
    going_ahead = network_activity(staying, leaving, waiting)
    [place] = [p for p in going_ahead.invitations.all() if p.expert_id == leaving.pk]
    invitations.invitation_withdraw(invitation_id=place.pk)

    activity_reminders_send(today=TWO_DAYS_BEFORE)

    assert told(IN_TWO_DAYS) == {going_ahead.requester.email, "staying@example.org", "promoted@example.org"}


def test_each_session_of_an_activity_gets_its_own_reminders():
    request = network_activity(ExpertByExperienceFactory(email="eve@example.org"), places=1)
    second = ON + datetime.timedelta(days=7)
    FurtherSession.objects.create(request=request, date=second, start_time=datetime.time(14, 30), duration_minutes=90)

    activity_reminders_send(today=TWO_DAYS_BEFORE)
    activity_reminders_send(today=second - datetime.timedelta(days=2))

    keys = set(
        Notification.objects.filter(event=IN_TWO_DAYS, recipient_email="eve@example.org").values_list(
            "object_key", flat=True
        )
    )
    assert keys == {
        f"involvement.involvementrequest:{request.pk}:session:{ON:%Y-%m-%d}",
        f"involvement.involvementrequest:{request.pk}:session:{second:%Y-%m-%d}",
    }
    later = Notification.objects.get(
        event=IN_TWO_DAYS, recipient_email="eve@example.org", object_key__endswith=f"{second:%Y-%m-%d}"
    )
    assert "at 2:30pm, for 1 hour 30 minutes. This is session 2 of 2." in later.body_text


def test_running_the_job_twice_emails_nobody_twice(django_capture_on_commit_callbacks):
    request = network_activity(ExpertByExperienceFactory(email="eve@example.org"), places=1)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        first = activity_reminders_send(today=TWO_DAYS_BEFORE)
    with django_capture_on_commit_callbacks(execute=True):
        second = activity_reminders_send(today=TWO_DAYS_BEFORE)

    assert (first, second) == (2, 0)
    assert sorted(message.to[0] for message in mail.outbox) == sorted([request.requester.email, "eve@example.org"])


def test_the_scheduled_task_runs_for_today():
    network_activity(ExpertByExperienceFactory(), on=days_from_today(2), places=1)

    assert activity_reminders() == 2
    assert activity_reminders() == 0


# --- Query counts ------------------------------------------------------------------------------------------


def _activities(count: int) -> None:
    for _ in range(count):
        network_activity(ExpertByExperienceFactory(), places=1)


def _run() -> tuple[int, int]:
    """(reads, all queries) of one run of the job for the two-day window."""
    return reads_and_queries(lambda: activity_reminders_send(today=TWO_DAYS_BEFORE))


def test_the_job_reads_the_same_queries_for_10_or_50_activities():
    """Writing each message is one insert; everything the job reads is a fixed handful of queries,
    and a second run (nothing new to send) costs the same whatever the number of activities."""
    _activities(10)
    first_reads, _ = _run()
    _, rerun = _run()
    Notification.objects.filter(event=IN_TWO_DAYS).delete()

    _activities(40)
    assert _run()[0] == first_reads
    assert _run()[1] == rerun
