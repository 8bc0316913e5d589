"""/healthz/: can the app serve, and is its mail getting out? Open to load balancers and monitors, no login.

`/healthz/?part=database` answers 503 only when the database does not: for load balancers, which
should not take web processes out of service because mail is stuck.

The status is 503 when the database does not answer, and 503 when notifications are stuck: the
oldest pending notification is older than HEALTH_NOTIFICATIONS_STUCK_AFTER seconds (default 900,
longer than the whole retry chain of a failing email, about 7.5 minutes of back-off plus the
sends' time-outs, so a row still being retried does not count). Then
the broker part is marked not ok with `"notifications_stuck": true`, since a queue that does not
drain is a broker or worker fault to page someone about, even if the broker answers a ping. A
broker or workers that merely do not answer leave the status alone: pages still serve, and
notifications wait in the outbox for the sweeper.

In eager mode (the demo, no Redis) there is no broker or worker to be stuck: rows are sent inside
the request that records them and nothing sweeps, so an old pending row means its send failed in a
way nobody will retry on their own. The `notifications` part still reports it (`stuck: true`, not
ok) for an operator to retry in admin, but it does not mark the broker or turn the status to 503:
taking the only web process out of service would not send the email.

The `cache` part is not ok while Redis does not answer the cache; the status stays 200, since the
cache falls back on each process's memory and every page still works (docs/adr/0021).
"""

import time

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache, caches
from django.db import connection
from django.db.models import Count, Min
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from notifications.models import DeliveryStatus, Notification

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


def cache_state() -> dict:
    """Redis behind the cache: rate limits, one-time codes and heartbeats. While it is down the cache
    answers from each process's memory (peersupport/cache.py), so pages serve and the status stays ok."""
    backend = caches["default"]
    if not hasattr(backend, "redis_state"):
        return {"ok": True, "mode": "memory"}
    return backend.redis_state()


def workers_state() -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "mode": "eager"}
    redis = cache_state()
    if not redis["ok"]:  # the heartbeats are in Redis: this process's memory has none of them
        return {"ok": False, "error": redis.get("error", "cache unavailable"), "seen_recently": False}
    try:
        last = cache.get(HEARTBEAT_CACHE_KEY)
    except Exception as error:
        return {"ok": False, "error": error.__class__.__name__, "seen_recently": False}
    age = None if last is None else round(time.time() - last, 1)
    fresh = age is not None and age <= settings.HEALTH_WORKER_STALE_AFTER
    return {"ok": fresh, "last_heartbeat_seconds_ago": age, "seen_recently": fresh}


def notifications_state() -> dict:
    """How many notifications wait, and for how long the oldest has: one query on the
    (status, created_at) index."""
    try:
        pending = Notification.objects.filter(status=DeliveryStatus.PENDING).aggregate(
            count=Count("pk"), oldest=Min("created_at")
        )
    except Exception as error:
        return {"ok": False, "error": error.__class__.__name__}
    age = None if pending["oldest"] is None else round((timezone.now() - pending["oldest"]).total_seconds(), 1)
    stuck = age is not None and age > settings.HEALTH_NOTIFICATIONS_STUCK_AFTER
    return {
        "ok": not stuck,
        "pending": pending["count"],
        "oldest_pending_seconds": age,
        "stuck_after_seconds": settings.HEALTH_NOTIFICATIONS_STUCK_AFTER,
        "stuck": stuck,
    }


@login_not_required
@never_cache
@require_safe
def healthz(request):
    database = database_state()
    broker = broker_state()
    notifications = notifications_state() if database["ok"] else {"ok": False, "error": "database unavailable"}
    stuck = notifications.get("stuck", False) and not settings.CELERY_TASK_ALWAYS_EAGER
    if stuck:
        broker = {**broker, "ok": False, "notifications_stuck": True}
    if not database["ok"]:
        status = "unavailable"
    elif stuck:
        status = "notifications stuck"
    else:
        status = "ok"
    body = {
        "status": status,
        "database": database,
        "broker": broker,
        "cache": cache_state(),
        "workers": workers_state(),
        "notifications": notifications,
    }
    if request.GET.get("part") == "database":
        # For load balancers: a web process that reaches the database can serve pages, whatever the mail.
        return JsonResponse(body, status=200 if database["ok"] else 503)
    return JsonResponse(body, status=200 if status == "ok" else 503)
