"""/healthz/: can the app serve? Open to load balancers and monitors, no login.

The status is 200 when the database answers and 503 when it does not. The broker and the
workers are reported too; they do not change the status, since pages still serve while
notifications wait in the queue.
"""

import time

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .celery import HEARTBEAT_CACHE_KEY, app


def database_state() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure means the database cannot serve
        return {"ok": False, "error": error.__class__.__name__}
    return {"ok": True, "vendor": connection.vendor}


def broker_state() -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "mode": "eager"}
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as error:
        return {"ok": False, "mode": "redis", "error": error.__class__.__name__}
    return {"ok": True, "mode": "redis"}


def workers_state() -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "mode": "eager"}
    try:
        last = cache.get(HEARTBEAT_CACHE_KEY)
    except Exception as error:
        return {"ok": False, "error": error.__class__.__name__, "seen_recently": False}
    age = None if last is None else round(time.time() - last, 1)
    fresh = age is not None and age <= settings.HEALTH_WORKER_STALE_AFTER
    return {"ok": fresh, "last_heartbeat_seconds_ago": age, "seen_recently": fresh}


@login_not_required
@never_cache
@require_safe
def healthz(request):
    database = database_state()
    body = {
        "status": "ok" if database["ok"] else "unavailable",
        "database": database,
        "broker": broker_state(),
        "workers": workers_state(),
    }
    return JsonResponse(body, status=200 if database["ok"] else 503)
