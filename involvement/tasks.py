"""Thin scheduled jobs for involvement requests. Each is safe to run twice: see involvement/services/reminders/."""

from celery import shared_task
from django.utils import timezone

from .models import InvolvementRequest
from .services.reminders.approvals import approval_reminders_send
from .services.reminders.digest import weekly_digest_send
from .services.requests import TransitionNotAllowed, request_expire
from .transitions import TRANSITIONS, Action


@shared_task(name="involvement.expire_overdue")
def expire_overdue() -> int:
    """Requests whose closing date has passed while waiting or open become expired, and the
    requester is told (`request_expire` records the "expired" notification).

    Safe to run twice: a request already expired is no longer waiting or open, and the
    notification is unique per request.
    """
    overdue = InvolvementRequest.objects.filter(
        status__in=TRANSITIONS[Action.EXPIRE].from_statuses, closing_date__lt=timezone.localdate()
    ).values_list("pk", flat=True)
    expired = 0
    for request_id in list(overdue):
        try:
            request_expire(request_id=request_id)
            expired += 1
        except TransitionNotAllowed:
            continue  # changed meanwhile
    return expired


@shared_task(name="involvement.approval_reminders")
def approval_reminders() -> int:
    """Weekdays: approvals waiting more than three working days, escalated after five."""
    return approval_reminders_send()


@shared_task(name="involvement.weekly_digest")
def weekly_digest() -> int:
    """Mondays: each team lead's approvals waiting and their PSWs' protected time this month."""
    return weekly_digest_send()
