"""Rule 9 under real faults: every notification is emailed exactly once when Redis goes away
and when a worker is killed mid-send.

Each test runs its own redis-server on a spare port (stopped and started by the test; the
machine's shared Redis is never touched), real `celery worker` subprocesses that read the
tests' database, and a local SMTP server that counts every message it accepts by recipient
and event. The figures each test measures are printed (run with -s to see them) and recorded
in docs/notification-faults.md.
"""

import collections
import datetime
import os
import re
import signal
import time

import pytest
from celery import Celery
from django.urls import reverse
from django.utils import timezone

from involvement.models import InvolvementRequest, Status
from involvement.tests.factories import (
    InvolvementRequestFactory,
    approved_request,
    make_team_lead,
    submitted_request,
)
from notifications.models import DeliveryStatus, Notification
from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory
from tests.fixtures.services import project_app_on_broker, start_worker_on, stop_worker, wait_for
from together_network.services import invitations
from together_network.tests.factories import ExpertByExperienceFactory
from together_network.tests.portal_support import invite
from workforce.tests.factories import TeamFactory

pytestmark = [
    pytest.mark.services,
    pytest.mark.faults,
    pytest.mark.xdist_group("real_services"),
    pytest.mark.django_db(transaction=True),
]


def sent_by_recipient_and_event(sink) -> collections.Counter:
    """How many times the SMTP server accepted each (recipient, event and object) pair."""
    return collections.Counter(
        (recipient, message.notification) for message in sink.messages for recipient in message.recipients
    )


def last_notification_id() -> int:
    """Notifications recorded while setting a test up were sent there and then (eagerly)."""
    return Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def expected_pairs(*, after: int) -> collections.Counter:
    return collections.Counter(
        (email, f"{event}:{key}")
        for email, event, key in Notification.objects.filter(pk__gt=after).values_list(
            "recipient_email", "event", "object_key"
        )
    )


def all_sent() -> bool:
    return not Notification.objects.exclude(status=DeliveryStatus.SENT).exists()


def report(title: str, **figures) -> None:
    print(f"\n{title}: " + ", ".join(f"{name.replace('_', ' ')} {value}" for name, value in figures.items()))


def test_requests_submitted_while_redis_is_down_are_all_saved_and_each_email_goes_once(
    client, private_redis, smtp_sink, tmp_path
):
    team = TeamFactory(name="North Community Team")
    team.leads.add(make_team_lead(email="lead@example.org"))
    requester = UserFactory(roles=[Role.REQUESTER], email="requester@example.org")
    drafts = [InvolvementRequestFactory(requester=requester, requesting_team=team) for _ in range(200)]
    client.force_login(requester)
    before = last_notification_id()

    with project_app_on_broker(private_redis.url):
        # Redis answers for the first quarter, then stops (losing what it held, as a crash
        # without persistence would) for the rest.
        for number, draft in enumerate(drafts):
            if number == 50:
                private_redis.stop()
            response = client.post(reverse("involvement:submit", args=[draft.pk]))
            assert response.status_code == 302, f"submission {number} answered {response.status_code}"
            assert response.url == reverse("involvement:detail", args=[draft.pk])
        outage_submissions = len(drafts) - 50

    assert all(status == Status.SUBMITTED for status in type(drafts[0]).objects.values_list("status", flat=True))
    expected = expected_pairs(after=before)
    assert sum(expected.values()) == 400  # each: "approval needed" to the lead, "submitted" to the requester
    assert smtp_sink.messages == []

    private_redis.start()
    worker = start_worker_on(broker_url=private_redis.url, log_path=tmp_path / "worker.log", smtp_port=smtp_sink.port)
    try:
        recovered = time.monotonic()
        # Beat's next sweep: everything still pending is queued again.
        Celery("beat", broker=private_redis.url, set_as_current=False).send_task(
            "notifications.send_pending", kwargs={"older_than_seconds": 0}
        )
        wait_for(all_sent, timeout=120, interval=0.5)
        drained = time.monotonic() - recovered
    finally:
        stop_worker(worker)

    sent = sent_by_recipient_and_event(smtp_sink)
    assert sent == expected
    duplicates = sum(count - 1 for count in sent.values() if count > 1)
    report(
        "Redis outage",
        submissions=len(drafts),
        during_the_outage=outage_submissions,
        emails_expected=sum(expected.values()),
        emails_sent=sum(sent.values()),
        duplicates=duplicates,
        seconds_to_drain=round(drained, 1),
    )


def test_a_worker_killed_mid_send_leaves_every_invitation_sent_exactly_once(private_redis, smtp_sink, tmp_path):
    request = approved_request(title="Service user reference group", places_needed=3)
    experts = ExpertByExperienceFactory.create_batch(500)
    coordinator = UserFactory(roles=[Role.NETWORK_COORDINATOR])
    before = last_notification_id()

    # The worker is killed while it is talking to the mail server about the 150th email: after
    # it named the recipient and before the message was sent.
    killed = {}

    def kill_the_worker_mid_send(count: int) -> None:
        if count == 150 and not killed:
            os.kill(first_worker.pid, signal.SIGKILL)
            first_worker.wait(timeout=10)
            killed["at"] = time.monotonic()

    smtp_sink.on_recipient = kill_the_worker_mid_send
    # The killed task comes back after 5 s rather than an hour, looked for every 10 s.
    worker_env = {"CELERY_VISIBILITY_TIMEOUT": "5", "CELERY_UNACKED_RESTORE_THROTTLE": "1"}
    first_worker = start_worker_on(
        broker_url=private_redis.url, log_path=tmp_path / "first.log", smtp_port=smtp_sink.port, extra_env=worker_env
    )
    with project_app_on_broker(private_redis.url):
        sent_invitations = invitations.invitations_send(
            request_id=request.pk, expert_ids=[expert.pk for expert in experts], by=coordinator
        )
    assert len(sent_invitations) == 500

    wait_for(lambda: "at" in killed, timeout=120, interval=0.2)
    assert first_worker.returncode == -signal.SIGKILL
    delivered_before = len(smtp_sink.messages)
    second_worker = start_worker_on(
        broker_url=private_redis.url, log_path=tmp_path / "second.log", smtp_port=smtp_sink.port, extra_env=worker_env
    )
    try:
        wait_for(all_sent, timeout=120, interval=0.5)
        drained = time.monotonic() - killed["at"]
        # Give a re-delivered copy of any task time to arrive and be turned away.
        time.sleep(8)
    finally:
        stop_worker(second_worker)
        first_worker.log.close()

    # The task the first worker was running when it died was given to the second one.
    killed_task = re.findall(r"Task notifications\.deliver\[([^]]+)\] received", first_worker.log_text())[-1]
    assert f"Task notifications.deliver[{killed_task}] succeeded" in second_worker.log_text()
    expected = expected_pairs(after=before)
    invitations_expected = [pair for pair in expected if pair[1].startswith("invited:")]
    assert len(invitations_expected) == 500
    sent = sent_by_recipient_and_event(smtp_sink)
    assert sent == expected
    report(
        "Worker killed mid-send",
        invitation_emails=500,
        sent_before_the_kill=delivered_before,
        emails_sent=sum(sent.values()),
        duplicates=sum(count - 1 for count in sent.values() if count > 1),
        seconds_from_kill_to_all_sent=round(drained, 1),
    )


BEAT_JOBS = [
    "together_network.activity_reminders",
    "involvement.approval_reminders",
    "involvement.weekly_digest",
    "involvement.expire_overdue",
]


def test_beat_jobs_run_twice_for_the_same_window_send_nothing_twice(private_redis, smtp_sink, tmp_path):
    today = timezone.localdate()
    # Something for every job: an activity in two days with people booked, a request waiting
    # ten days for approval (a reminder and an escalation; the lead's digest lists it), and an
    # open request whose answers closed yesterday.
    coming = approved_request(title="Carers' focus group", activity_date=today + datetime.timedelta(days=2))
    experts = ExpertByExperienceFactory.create_batch(3)
    for invitation in invite(coming, *experts):
        invitations.invitation_accept(invitation_id=invitation.pk)
    UserFactory(roles=[Role.PEER_SUPPORT_LEAD])
    UserFactory(roles=[Role.NETWORK_COORDINATOR])
    waiting = submitted_request(title="Ward manager interview panel")
    ten_days_ago = timezone.now() - datetime.timedelta(days=10)
    InvolvementRequest.objects.filter(pk=waiting.pk).update(submitted_at=ten_days_ago)
    closed = approved_request(title="Leaflet review")
    InvolvementRequest.objects.filter(pk=closed.pk).update(closing_date=today - datetime.timedelta(days=1))
    before = last_notification_id()

    worker = start_worker_on(broker_url=private_redis.url, log_path=tmp_path / "worker.log", smtp_port=smtp_sink.port)
    beat = Celery("beat", broker=private_redis.url, set_as_current=False)

    def run_every_job(times: int) -> None:
        for job in BEAT_JOBS:
            beat.send_task(job)
        # The worker logs each task twice: received, then succeeded.
        wait_for(lambda: all(worker.log_text().count(f"Task {job}[") >= 2 * times for job in BEAT_JOBS), timeout=90)
        wait_for(all_sent, timeout=90, interval=0.5)

    try:
        run_every_job(times=1)
        first_run = sent_by_recipient_and_event(smtp_sink)
        recorded = Notification.objects.count()
        # The same window again, as a restarted beat or an operator running a job by hand would.
        run_every_job(times=2)
        time.sleep(2)  # anything queued by the second run would be sent by now
    finally:
        stop_worker(worker)

    expected = expected_pairs(after=before)
    events = {pair[1].split(":", 1)[0] for pair in expected}
    assert {"activity_in_two_days", "approval_waiting", "approval_escalated", "weekly_digest", "expired"} <= events
    assert first_run == expected and max(first_run.values()) == 1
    assert Notification.objects.count() == recorded
    assert sent_by_recipient_and_event(smtp_sink) == first_run
    sent = sent_by_recipient_and_event(smtp_sink)
    report(
        "Beat jobs run twice",
        jobs=len(BEAT_JOBS),
        runs_each=2,
        emails_sent=sum(sent.values()),
        duplicates=sum(count - 1 for count in sent.values() if count > 1),
    )
