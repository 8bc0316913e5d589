"""/healthz/ answers without login and tells whether the app can serve."""

import datetime

import pytest
from django.db import OperationalError
from django.utils import timezone

from notifications.models import DeliveryStatus, Notification
from peersupport.health import notifications_state
from tests.fixtures.services import project_app_on_broker


def notification_pending_for(seconds: int, *, status=DeliveryStatus.PENDING) -> Notification:
    return Notification.objects.create(
        event="cancelled",
        object_key=f"involvement.involvementrequest:{Notification.objects.count() + 1}",
        recipient_email="ada@example.org",
        subject="Cancelled",
        body_text="Hello",
        body_html="<p>Hello</p>",
        status=status,
        created_at=timezone.now() - datetime.timedelta(seconds=seconds),
    )


@pytest.mark.django_db
def test_health_is_open_and_reports_the_database_broker_and_workers(client):
    response = client.get("/healthz/")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["broker"] == {"ok": True, "mode": "eager"}
    assert body["workers"]["mode"] == "eager"
    assert body["notifications"] == {
        "ok": True,
        "pending": 0,
        "oldest_pending_seconds": None,
        "stuck_after_seconds": 900,
        "stuck": False,
    }


@pytest.mark.django_db
def test_health_is_503_when_the_database_is_down(client, monkeypatch):
    from peersupport import health

    class Unreachable:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connection", Unreachable())

    response = client.get("/healthz/")

    assert response.status_code == 503
    assert response.json()["database"] == {"ok": False, "error": "OperationalError"}


@pytest.mark.django_db
def test_health_reports_a_broker_that_does_not_answer(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with project_app_on_broker("redis://127.0.0.1:1/0"):  # nothing listens on port 1
        body = client.get("/healthz/").json()

    assert body["broker"]["ok"] is False
    assert body["workers"]["ok"] is False
    assert body["status"] == "ok"  # pages still serve while notifications wait


# --- Notifications: is the queue draining? ----------------------------------------------------------------


@pytest.fixture
def with_a_broker(settings):
    """Not eager, as in production; the broker answers (the test app's in-memory one)."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.HEALTH_NOTIFICATIONS_STUCK_AFTER = 600


@pytest.mark.django_db
def test_health_reports_how_many_notifications_wait_and_for_how_long(client, with_a_broker):
    notification_pending_for(120)
    notification_pending_for(30)
    notification_pending_for(5000, status=DeliveryStatus.SENT)
    notification_pending_for(5000, status=DeliveryStatus.FAILED)  # in admin for an operator, not waiting

    response = client.get("/healthz/")

    assert response.status_code == 200
    body = response.json()
    assert body["broker"] == {"ok": True, "mode": "redis"}
    notifications = body["notifications"]
    assert (notifications["ok"], notifications["pending"], notifications["stuck"]) == (True, 2, False)
    assert 120 <= notifications["oldest_pending_seconds"] < 180
    assert notifications["stuck_after_seconds"] == 600


@pytest.mark.django_db
def test_health_is_503_with_the_broker_not_ok_when_a_notification_waits_too_long(client, with_a_broker):
    notification_pending_for(601)

    response = client.get("/healthz/")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "notifications stuck"
    assert body["database"]["ok"] is True
    assert body["broker"] == {"ok": False, "mode": "redis", "notifications_stuck": True}
    assert body["notifications"]["stuck"] is True and body["notifications"]["ok"] is False
    assert body["notifications"]["oldest_pending_seconds"] >= 601


@pytest.mark.django_db
def test_the_load_balancers_probe_keeps_serving_pages_while_mail_is_stuck(client, with_a_broker):
    notification_pending_for(601)

    response = client.get("/healthz/?part=database")

    assert response.status_code == 200
    assert response.json()["notifications"]["stuck"] is True  # still reported, for monitoring


@pytest.mark.django_db
def test_the_load_balancers_probe_is_503_when_the_database_is_down(client, monkeypatch):
    monkeypatch.setattr("peersupport.health.database_state", lambda: {"ok": False, "error": "OperationalError"})

    assert client.get("/healthz/?part=database").status_code == 503


@pytest.mark.django_db
def test_in_eager_mode_an_old_pending_notification_is_reported_but_the_status_stays_200(client, settings):
    settings.HEALTH_NOTIFICATIONS_STUCK_AFTER = 600
    notification_pending_for(601)

    response = client.get("/healthz/")

    assert response.status_code == 200
    body = response.json()
    assert body["broker"] == {"ok": True, "mode": "eager"}
    assert body["notifications"]["stuck"] is True and body["notifications"]["pending"] == 1


@pytest.mark.django_db
def test_the_notifications_check_is_one_query(django_assert_num_queries):
    notification_pending_for(60)
    notification_pending_for(30)

    with django_assert_num_queries(1):
        state = notifications_state()

    assert state["pending"] == 2
