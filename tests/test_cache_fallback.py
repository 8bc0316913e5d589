"""A cache whose Redis is down answers from the process's memory, quickly and quietly, and says so on
/healthz/ and /status/ (peersupport/cache.py, docs/adr/0021-when-the-cache-is-down.md).

Nothing listens on port 1, so a connection there is refused at once; a "silent" Redis accepts the
connection and never answers, which costs the read time-out, as a Redis behind a dropped network does.
"""

import logging
import socket
import time

import pytest
from django.urls import reverse

from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import PASSWORD
from peersupport.cache import FallbackRedisCache

NOBODY_LISTENS = "redis://127.0.0.1:1/0"


def fallback_cache(location: str = NOBODY_LISTENS, **options) -> FallbackRedisCache:
    options = {"socket_connect_timeout": 0.2, "socket_timeout": 0.2, **options}
    return FallbackRedisCache(location, {"KEY_PREFIX": "peersupport", "OPTIONS": options})


@pytest.fixture
def silent_redis():
    """A port that takes connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    server.close()


@pytest.fixture
def cache_on_a_dead_redis(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "peersupport.cache.FallbackRedisCache",
            "LOCATION": NOBODY_LISTENS,
            "KEY_PREFIX": "peersupport",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }


def cache_warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "peersupport.cache" and r.levelno == logging.WARNING]


def test_with_redis_down_every_cache_call_answers_from_memory():
    cache = fallback_cache()

    cache.set("visits", 1)
    assert cache.get("visits") == 1
    assert cache.incr("visits", 2) == 3
    assert cache.decr("visits") == 2
    assert cache.add("lock", "held", timeout=10) is True
    assert cache.add("lock", "again", timeout=10) is False  # what allauth's rate limit locks on
    assert cache.has_key("lock")
    assert cache.touch("lock", timeout=20) is True
    cache.set_many({"a": 1, "b": 2})
    assert cache.get_many(["a", "b", "c"]) == {"a": 1, "b": 2}
    assert cache.get_or_set("d", 4) == 4
    assert cache.delete("lock") is True
    assert cache.get("lock", "gone") == "gone"
    cache.delete_many(["a", "b"])
    assert cache.get_many(["a", "b"]) == {}
    with pytest.raises(ValueError):
        cache.incr("never-set")  # as from Redis: counting from nothing is the caller's mistake
    cache.clear()
    assert cache.get("visits") is None


def test_every_thread_of_a_process_shares_the_memory_while_redis_is_down():
    fallback_cache().set("failed-logins", [1, 2, 3])

    assert fallback_cache().get("failed-logins") == [1, 2, 3]  # Django makes a cache object per thread


@pytest.mark.parametrize("dead", ["refused", "silent"])
def test_a_dead_redis_costs_milliseconds_after_the_first_failure(dead, silent_redis):
    cache = fallback_cache(NOBODY_LISTENS if dead == "refused" else silent_redis)
    cache.get("warm-up")  # the one call that waits for Redis

    timings = []
    for number in range(200):
        started = time.perf_counter()
        cache.set(f"key-{number}", number)
        assert cache.get(f"key-{number}") == number
        timings.append(time.perf_counter() - started)

    # On a shared machine one call in a while waits for the processor; Redis costs every call.
    typical = sorted(timings)[int(len(timings) * 0.95)]
    assert typical < 0.05, f"95% of calls within {typical * 1000:.1f} ms"
    assert sum(timings) < 1, f"200 calls took {sum(timings):.2f} s"


def test_a_silent_redis_is_given_up_on_after_the_read_time_out(silent_redis):
    cache = fallback_cache(silent_redis, socket_timeout=0.3)

    started = time.perf_counter()
    cache.set("key", "value")

    assert 0.25 < time.perf_counter() - started < 2
    assert cache.get("key") == "value"


def test_a_dead_redis_is_logged_once_a_period_without_its_password(caplog):
    cache = fallback_cache("redis://:s3cret-pass@127.0.0.1:1/0", retry_after=0, warn_every=0.3)

    with caplog.at_level(logging.INFO, logger="peersupport.cache"):
        for number in range(50):  # each tries Redis again (retry_after=0) and fails
            cache.get(f"key-{number}")
        warnings_first = cache_warnings(caplog)
        time.sleep(0.35)
        cache.get("later")

    assert len(warnings_first) == 1
    assert "Redis at 127.0.0.1:1/0 does not answer (ConnectionError" in warnings_first[0]
    later = cache_warnings(caplog)
    assert len(later) == 2
    assert "50 calls answered from memory since the last warning" in later[1]
    assert not any("s3cret-pass" in record.getMessage() for record in caplog.records)


def test_redis_is_not_asked_again_until_the_retry_time_has_passed(monkeypatch):
    cache = fallback_cache(retry_after=0.3)
    cache.get("first")  # fails: Redis is left alone for 0.3 s
    tries = []
    real_get = type(cache._cache).get
    monkeypatch.setattr(type(cache._cache), "get", lambda *args: tries.append(1) or real_get(*args))

    for _ in range(20):
        cache.get("soon")
    assert tries == []

    time.sleep(0.35)
    cache.get("later")
    assert tries == [1]


# --- What people and monitors see ---------------------------------------------------------------


@pytest.mark.django_db
def test_health_reports_the_cache_down_and_keeps_serving(client, cache_on_a_dead_redis, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False

    response = client.get("/healthz/")

    assert response.status_code == 200  # every page still works
    body = response.json()
    assert body["status"] == "ok"
    cache = body["cache"]
    assert (cache["ok"], cache["mode"], cache["error"]) == (False, "redis", "ConnectionError")
    assert cache["fallback"] == "memory of each process"
    assert cache["down_for_seconds"] >= 0
    # The workers' heartbeats are in Redis too: not seen, and the health check says why.
    assert body["workers"] == {"ok": False, "error": "ConnectionError", "seen_recently": False}


@pytest.mark.django_db
def test_health_reports_the_in_process_cache_of_the_demo_as_working(client):
    assert client.get("/healthz/").json()["cache"] == {"ok": True, "mode": "memory"}


@pytest.mark.django_db
def test_status_tells_people_they_can_still_sign_in_while_the_cache_is_down(client, cache_on_a_dead_redis):
    shown = client.get("/status/").content.decode()

    assert "Some parts of the service have a problem." in shown
    assert "Signing in" in shown
    assert "Working, with a backup: you can sign in and use the service as normal while we fix a fault." in shown
    assert "ConnectionError" not in shown  # plain words, not the machine's


@pytest.mark.django_db
def test_status_does_not_mention_signing_in_while_the_cache_works(client):
    assert "Signing in" not in client.get("/status/").content.decode()


@pytest.mark.django_db
def test_people_log_in_and_stay_logged_in_while_the_cache_is_down(client, make_person, cache_on_a_dead_redis):
    make_person(Role.REQUESTER, email="rebecca@example.org")

    response = client.post(reverse("account_login"), {"login": "rebecca@example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    # The session is in the database (SESSION_ENGINE), so the next page knows who they are.
    assert client.get(reverse("home")).context["user"].email == "rebecca@example.org"
