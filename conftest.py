"""Fixtures shared by every app's tests: people by role, the browser harness, real services."""

import pytest

pytest_plugins = [
    "tests.fixtures.people",
    "tests.fixtures.browser",
    "tests.fixtures.smtp",
    "tests.fixtures.services",
]


@pytest.fixture(autouse=True)
def _broker_tried_afresh():
    """A broker found down in one test is not assumed down in the next."""
    from notifications.services import broker_back_off_reset

    broker_back_off_reset()


@pytest.fixture(autouse=True)
def _cache_redis_tried_afresh():
    """Likewise the cache's Redis (peersupport/cache.py)."""
    from peersupport.cache import outages_forget

    outages_forget()
    yield
    outages_forget()


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and heartbeats live in the cache: start every test with it empty."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
