"""Thin scheduled jobs for involvement requests."""

from celery import shared_task
from django.utils import timezone

from .models import InvolvementRequest, Status
from .services import TransitionNotAllowed, request_expire


@shared_task(name="involvement.expire_overdue")
def expire_overdue() -> int:
    """Requests whose closing date has passed while waiting or open become expired.

    Safe to run twice: a request already expired is no longer waiting or open.
    """
    overdue = InvolvementRequest.objects.filter(
        status__in=[Status.SUBMITTED, Status.OPEN], closing_date__lt=timezone.localdate()
    ).values_list("pk", flat=True)
    expired = 0
    for request_id in list(overdue):
        try:
            request_expire(request_id=request_id)
            expired += 1
        except TransitionNotAllowed:
            continue  # changed meanwhile
    return expired
