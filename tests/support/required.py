"""Tests that need a service skip locally when it is missing, and fail in CI.

CI (CI=true) promises PostgreSQL, Redis and Chromium; a test that would silently skip
there would hide a broken pipeline, so it fails instead.
"""

import os

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(condition: bool, reason: str) -> None:
    if condition:
        return
    if in_ci():
        pytest.fail(f"CI requires this: {reason}", pytrace=False)
    pytest.skip(reason)
