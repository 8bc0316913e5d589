"""The cache's Redis stopped for real: people log in and work, failed logins are still limited,
/healthz/ says the cache is down, and the cache goes back to Redis when it answers again
(peersupport/cache.py, docs/adr/0021-when-the-cache-is-down.md).

The test runs its own redis-server on a spare port (the machine's shared Redis is never touched)
and points the cache at it; sessions are in the database and Celery runs eagerly, as in the other
tests, so the cache is the only thing on that Redis.
"""

import pytest
import redis
from django.core.cache import cache
from django.urls import reverse

from involvement.models import InvolvementRequest, Status
from involvement.tests.factories import form_data, make_team_lead
from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import PASSWORD, UserFactory
from tests.fixtures.services import wait_for
from workforce.tests.factories import TeamFactory

pytestmark = [pytest.mark.faults, pytest.mark.xdist_group("real_services"), pytest.mark.django_db]


@pytest.fixture
def cache_on(private_redis, settings):
    """The project's cache on the private Redis, trying it again half a second after a failure."""
    settings.CACHES = {
        "default": {
            "BACKEND": "peersupport.cache.FallbackRedisCache",
            "LOCATION": private_redis.url,
            "KEY_PREFIX": "peersupport",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, "retry_after": 0.5},
        }
    }
    return redis.Redis.from_url(private_redis.url, socket_connect_timeout=1)


def log_in(client, email: str, password: str):
    assert client.get(reverse("account_login")).status_code == 200
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_with_the_cache_redis_stopped_people_log_in_work_and_are_still_limited(client, private_redis, cache_on):
    requester = UserFactory(roles=[Role.REQUESTER], email="requester@example.org")
    UserFactory(roles=[Role.REQUESTER], email="guessed@example.org")
    team = TeamFactory(name="North Community Team", leads=[make_team_lead()])
    cache.set("before-the-outage", "in Redis")
    assert cache_on.get("peersupport:1:before-the-outage") is not None

    private_redis.stop()

    response = log_in(client, requester.email, PASSWORD)
    assert response.status_code == 302, response.content.decode()[:500]
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("involvement:create")).status_code == 200
    response = client.post(reverse("involvement:create"), {**form_data(team=team.pk), "submit": "1"})
    assert response.status_code == 302
    assert InvolvementRequest.objects.get(requester=requester).status == Status.SUBMITTED

    # allauth's "login_failed" limit (5 in 5 minutes per address) still holds, in this process's memory.
    guesser = type(client)()  # someone else, guessing another person's password
    for attempt in range(5):
        response = log_in(guesser, "guessed@example.org", f"wrong-guess-{attempt}")
        assert response.status_code == 200
        assert "You have tried too many times in a short while" not in response.content.decode()
    response = log_in(guesser, "guessed@example.org", PASSWORD)
    assert response.status_code == 200
    assert "You have tried too many times in a short while" in response.content.decode()

    health = client.get("/healthz/")
    assert health.status_code == 200
    assert health.json()["cache"]["ok"] is False
    assert health.json()["cache"]["error"] == "ConnectionError"
    assert "Working, with a backup" in client.get("/status/").content.decode()

    private_redis.start()

    # Within retry_after the cache tries Redis again and writes there.
    wait_for(lambda: cache.set("after-the-outage", "in Redis") or cache_on.get("peersupport:1:after-the-outage"))
    assert client.get("/healthz/").json()["cache"] == {"ok": True, "mode": "redis"}
    log_in(type(client)(), "guessed@example.org", "wrong-again")
    assert cache_on.keys("peersupport:1:allauth:rl:*login_failed*"), "the limit is counted in Redis again"
    assert client.get(reverse("home")).status_code == 200  # still logged in: the session is in the database
