"""A notification recorded with its event is emailed by a real Celery worker through Redis, once."""

import re

import pytest
from celery import Celery

from notifications.models import DeliveryStatus, Notification
from notifications.services import notify
from peersupport.accounts.roles import Role
from tests.fixtures.services import wait_for

# One worker runs every test on the real Redis: they share its test database.
pytestmark = [pytest.mark.services, pytest.mark.xdist_group("real_services")]


def emails_in(folder) -> list[str]:
    return [path.read_text() for path in sorted(folder.iterdir())]


def test_a_real_worker_emails_a_notification_once_even_when_asked_twice(
    redis_url, celery_worker_on_test_database, mail_dir, make_person, monkeypatch
):
    lead = make_person(Role.TEAM_LEAD, email="lead@example.org", full_name="Tariq Lewis")
    monkeypatch.setattr("notifications.services._queue", lambda notification_id: False)  # not sent in-process
    [notification] = notify(
        event="confirmed",
        obj=lead,
        recipients=[lead],
        subject="A test of delivery",
        context={"request": {"title": "Panel", "peer_support_worker": "Sam", "activity_date": None}},
    )
    # Queued on Redis by name, as the outbox does (the fault tests queue through the project's
    # own app from the web layer, as production does).
    client = Celery("test-client", broker=redis_url, set_as_current=False)
    client.send_task("notifications.deliver", args=[notification.pk])
    wait_for(lambda: Notification.objects.get(pk=notification.pk).status == DeliveryStatus.SENT, timeout=60)

    # Asked again, directly and by the sweep: both are no-ops; give the worker time to prove it.
    client.send_task("notifications.deliver", args=[notification.pk])
    client.send_task("notifications.send_pending", kwargs={"older_than_seconds": 0})
    wait_for(
        lambda: re.search(r"notifications\.send_pending\[[^]]+\] succeeded", celery_worker_on_test_database.log_text()),
        timeout=30,
    )

    emails = emails_in(mail_dir)
    assert len(emails) == 1
    assert "To: lead@example.org" in emails[0]
    assert "A test of delivery" in emails[0]
    assert Notification.objects.get(pk=notification.pk).attempts == 1
