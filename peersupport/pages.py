"""The footer's pages: accessibility, privacy, help and contact, and the service's status in plain
words. Open without a login: people read them before they sign in, or when they cannot."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import health


def _page(request, template: str, title: str, **context):
    return render(request, template, {"title": title, "support_email": settings.SUPPORT_EMAIL, **context})


@login_not_required
@require_safe
def accessibility(request):
    return _page(request, "pages/accessibility.html", "Accessibility statement")


@login_not_required
@require_safe
def privacy(request):
    return _page(
        request,
        "pages/privacy.html",
        "Privacy notice",
        retention_months=settings.NETWORK_RETENTION_MONTHS,
        data_controller=settings.DATA_CONTROLLER,
        dpo_email=settings.DATA_PROTECTION_OFFICER_EMAIL,
    )


@login_not_required
@require_safe
def help_page(request):
    return _page(request, "pages/help.html", "Help and contact")


def status_in_words() -> list[dict]:
    """The checks /healthz/ makes, as a person reads them: each part, working or not, and what it means."""
    database = health.database_state()
    parts = [
        {
            "name": "Pages and records",
            "ok": database["ok"],
            "words": "Working normally." if database["ok"] else "Not working: pages cannot load or save records.",
        }
    ]
    if not database["ok"]:
        parts.append({"name": "Emails", "ok": False, "words": "Unknown while records cannot be read."})
        return parts
    notifications = health.notifications_state()
    eager = settings.CELERY_TASK_ALWAYS_EAGER
    broker = health.broker_state()
    workers = health.workers_state()
    if notifications.get("stuck"):
        words = "Delayed: some emails have been waiting to go out for a while. They will be sent when this is fixed."
        ok = False
    elif not eager and not (broker["ok"] and workers["ok"]):
        words = "Slow: emails are kept safe and will be sent, but may arrive late."
        ok = False
    else:
        words = "Working normally. Emails go out within a few minutes."
        ok = True
    parts.append({"name": "Emails", "ok": ok, "words": words})
    if not health.cache_state()["ok"]:
        words = "Working, with a backup: you can sign in and use the service as normal while we fix a fault."
        parts.append({"name": "Signing in", "ok": False, "words": words})
    return parts


@login_not_required
@never_cache
@require_safe
def status(request):
    parts = status_in_words()
    return _page(request, "pages/status.html", "Service status", parts=parts, all_ok=all(p["ok"] for p in parts))
