"""/healthz/ answers without login and tells whether the app can serve."""

import pytest
from django.db import OperationalError

from tests.fixtures.services import project_app_on_broker


@pytest.mark.django_db
def test_health_is_open_and_reports_the_database_broker_and_workers(client):
    response = client.get("/healthz/")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["broker"] == {"ok": True, "mode": "eager"}
    assert body["workers"]["mode"] == "eager"


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
