"""Tests: whatever DATABASE_URL says (SQLite when unset), fast hashing, eager Celery.

Tests that need a real Redis or a real Celery worker start or reach them themselves
(tests/fixtures/services.py); the settings keep each test isolated from the shared Redis.
"""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_BROKER_URL = "memory://"
CELERY_TASK_ALWAYS_EAGER = True
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
MFA_REQUIRED = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    # Browser tests serve static files through the live server; no manifest needed.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# SQLite tests use a file, not memory, so a real Celery worker started by a test can read
# what the test committed (tests/fixtures/services.py).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One file per test run, so two runs side by side never share it.
    test_database = Path(tempfile.gettempdir()) / f"peersupport-test-{os.getpid()}.sqlite3"
    DATABASES["default"]["TEST"] = {"NAME": str(test_database)}
# Test databases are created and dropped per run; a pool would hold connections open
# across the create and drop, so tests use plain connections.
DATABASES["default"].get("OPTIONS", {}).pop("pool", None)
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
