"""Thin tasks: deliver one notification; sweep up any left pending."""

import logging
from datetime import timedelta

from celery import shared_task
from django.db.models import Q
from django.utils import timezone

from .models import DeliveryStatus, Notification
from .services import is_permanent_failure, notification_deliver, notification_record_failure

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
FIRST_RETRY_AFTER = 30  # seconds; doubled for each retry: 30, 60, 120, 240


def retry_countdown(retries: int) -> int:
    """Exponential back-off. The whole chain (about 7.5 minutes) stays well inside Redis's
    visibility timeout and /healthz/'s HEALTH_NOTIFICATIONS_STUCK_AFTER."""
    return FIRST_RETRY_AFTER * 2**retries


@shared_task(bind=True, name="notifications.deliver", acks_late=True, max_retries=MAX_ATTEMPTS - 1)
def deliver_notification(self, notification_id: int) -> bool:
    """Send one notification; retry transient failures with back-off, give up on permanent ones.

    A 5xx reply (a bounced address) ends the row as failed at once. Anything else is retried
    until the row has MAX_ATTEMPTS attempts (counted in the database, so a task delivered twice
    cannot stretch the chain) or Celery's retries run out; then it is failed, and only an admin's
    "retry" starts it again.
    """
    try:
        return notification_deliver(notification_id=notification_id)
    except Exception as error:
        attempts = Notification.objects.filter(pk=notification_id).values_list("attempts", flat=True).first() or 0
        permanent = is_permanent_failure(error)
        final = permanent or attempts >= MAX_ATTEMPTS or self.request.retries >= self.max_retries
        notification_record_failure(notification_id=notification_id, error=error, final=final)
        if final:
            logger.warning(
                "Notification %s failed after %s attempt(s)%s: %s",
                notification_id,
                attempts,
                " (permanent)" if permanent else "",
                error,
            )
            return False
        if self.request.is_eager:
            # In-process (the demo, the tests): Celery runs the retry as soon as the task returns
            # it. Raised, it would end the chain and reach the web request (task_eager_propagates).
            return self.retry(exc=error, countdown=retry_countdown(self.request.retries), throw=False)
        raise self.retry(exc=error, countdown=retry_countdown(self.request.retries)) from error


# A retry is due at most 240 seconds after its attempt; one not tried long after that was lost
# with the broker (a Redis restart without persistence loses the retries it held).
RETRY_LOST_AFTER = 600  # seconds


@shared_task(name="notifications.send_pending")
def send_pending_notifications(older_than_seconds: int = 60) -> int:
    """Queue again the pending notifications whose delivery task may have been lost: those never
    tried (their first queueing failed, or went with the broker), and those whose retry is long
    overdue. A row waiting for a retry that is still due is left to it, so an outage never starts
    a second chain; rows that ended as failed are left to an admin's retry. Queueing one twice
    is harmless: delivery locks the row and sends only what is still pending.
    """
    now = timezone.now()
    never_tried = Q(attempts=0, created_at__lte=now - timedelta(seconds=older_than_seconds))
    retry_lost = Q(attempts__gt=0, last_attempt_at__lte=now - timedelta(seconds=RETRY_LOST_AFTER))
    pending = list(
        Notification.objects.filter(never_tried | retry_lost, status=DeliveryStatus.PENDING)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:500]
    )
    for notification_id in pending:
        deliver_notification.delay(notification_id)
    return len(pending)
