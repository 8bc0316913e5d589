"""A real Celery worker on a real Redis runs the project's tasks, and /healthz/ sees it."""

import pytest
from celery import Celery
from django.core.cache.backends.redis import RedisCache

from peersupport.celery import HEARTBEAT_CACHE_KEY
from peersupport.celery import app as project_app
from tests.fixtures.services import project_app_on_broker, wait_for

# One worker runs every test on the real Redis: they share its test database.
pytestmark = [pytest.mark.services, pytest.mark.xdist_group("real_services")]


def worker_cache(redis_url: str) -> RedisCache:
    """The cache as the worker sees it (same Redis, same key prefix as the settings)."""
    return RedisCache(redis_url, {"KEY_PREFIX": "peersupport"})


def test_a_queued_task_runs_on_a_real_worker(redis_url, celery_worker_process):
    client = Celery("test-client", broker=redis_url, set_as_current=False)

    client.send_task("peersupport.heartbeat")

    beat = wait_for(lambda: worker_cache(redis_url).get(HEARTBEAT_CACHE_KEY), timeout=60)
    assert beat > 0
    assert celery_worker_process.poll() is None, "the worker stopped"


@pytest.mark.django_db
def test_health_reports_the_broker_and_a_worker_seen_recently(redis_url, celery_worker_process, client, settings):
    Celery("test-client", broker=redis_url, set_as_current=False).send_task("peersupport.heartbeat")
    wait_for(lambda: worker_cache(redis_url).get(HEARTBEAT_CACHE_KEY), timeout=60)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "peersupport",
        }
    }
    with project_app_on_broker(redis_url):
        body = client.get("/healthz/").json()

    # Later tests' tasks still run in-process on the project's app, not on the test Redis.
    from notifications.tasks import deliver_notification

    assert deliver_notification.app is project_app
    assert (project_app.conf.broker_url, project_app.conf.task_always_eager) == ("memory://", True)

    assert body["broker"] == {"ok": True, "mode": "redis"}
    assert body["workers"]["ok"] is True
    assert body["workers"]["seen_recently"] is True
    assert body["workers"]["last_heartbeat_seconds_ago"] < 60


def test_without_redis_url_the_service_tests_refuse_to_pass_in_ci(monkeypatch):
    from tests.support import required

    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        required.require(False, "a service is missing")
