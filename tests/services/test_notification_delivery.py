"""A notification recorded with its event is emailed by a real Celery worker through Redis, once."""

import re

import pytest
from celery import Celery

from notifications.models import DeliveryStatus, Notification
from notifications.services import notify
from peersupport.accounts.roles import Role
from tests.fixtures.services import project_app_on_broker, start_worker_on, stop_worker, wait_for

# One worker runs every test on a real Redis: they share its test database.
pytestmark = [pytest.mark.services, pytest.mark.xdist_group("real_services"), pytest.mark.django_db(transaction=True)]


def test_a_real_worker_emails_a_notification_once_even_when_asked_twice(
    private_redis, smtp_sink, make_person, tmp_path
):
    lead = make_person(Role.TEAM_LEAD, email="lead@example.org", full_name="Tariq Lewis")
    worker = start_worker_on(broker_url=private_redis.url, log_path=tmp_path / "worker.log", smtp_port=smtp_sink.port)
    try:
        # As in production: recording the notification queues its delivery on Redis once it commits.
        with project_app_on_broker(private_redis.url):
            [notification] = notify(
                event="confirmed",
                obj=lead,
                recipients=[lead],
                subject="A test of delivery",
                context={"request": {"title": "Panel", "peer_support_worker": "Sam", "activity_date": None}},
            )
        wait_for(lambda: Notification.objects.get(pk=notification.pk).status == DeliveryStatus.SENT, timeout=60)

        # Asked again, directly and by the sweep: both are no-ops; give the worker time to prove it.
        client = Celery("test-client", broker=private_redis.url, set_as_current=False)
        client.send_task("notifications.deliver", args=[notification.pk])
        client.send_task("notifications.send_pending", kwargs={"older_than_seconds": 0})
        wait_for(lambda: re.search(r"notifications\.send_pending\[[^]]+\] succeeded", worker.log_text()), timeout=30)
    finally:
        stop_worker(worker)

    [email] = smtp_sink.messages
    assert email.recipients == ["lead@example.org"]
    assert "A test of delivery" in email["Subject"]
    assert Notification.objects.get(pk=notification.pk).attempts == 1
