"""The Celery application: broker and behaviour come from Django settings (CELERY_*).

Tasks are found in each installed app's tasks.py. Work is acknowledged late and re-queued
when a worker dies, so a crash never loses a task (see docs/adr/0005-celery.md).
"""

import os
import time

from celery import Celery
from celery.signals import worker_ready

# Workers default to production settings; `make up` and the tests name theirs.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peersupport.settings.production")

app = Celery("peersupport")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

HEARTBEAT_CACHE_KEY = "peersupport:worker-heartbeat"


@app.task(name="peersupport.heartbeat", ignore_result=True)
def heartbeat() -> float:
    """Record that a worker is alive; beat runs it, /healthz/ reads it."""
    from django.core.cache import cache

    now = time.time()
    cache.set(HEARTBEAT_CACHE_KEY, now, timeout=24 * 3600)
    return now


@worker_ready.connect
def _heartbeat_on_start(**_kwargs) -> None:
    """A worker that has just started counts as seen, without waiting for beat."""
    heartbeat()
