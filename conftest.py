"""Fixtures shared by every app's tests: people by role, the browser harness, real services."""

import pytest

pytest_plugins = [
    "tests.fixtures.people",
    "tests.fixtures.browser",
    "tests.fixtures.services",
]


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and heartbeats live in the cache: start every test with it empty."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
