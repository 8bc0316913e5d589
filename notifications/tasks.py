"""Thin tasks: deliver one notification; sweep up any left pending."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from .models import DeliveryStatus, Notification
from .services import notification_deliver, notification_record_failure

MAX_ATTEMPTS = 5


@shared_task(bind=True, name="notifications.deliver", acks_late=True, max_retries=MAX_ATTEMPTS - 1)
def deliver_notification(self, notification_id: int) -> bool:
    try:
        return notification_deliver(notification_id=notification_id)
    except Exception as error:
        attempts = Notification.objects.filter(pk=notification_id).values_list("attempts", flat=True).first() or 0
        final = attempts >= MAX_ATTEMPTS or self.request.retries >= self.max_retries
        notification_record_failure(notification_id=notification_id, error=error, final=final)
        if final:
            return False
        raise self.retry(exc=error, countdown=30 * 2**self.request.retries) from error


@shared_task(name="notifications.send_pending")
def send_pending_notifications(older_than_seconds: int = 60) -> int:
    """Re-queue notifications never tried (their first queueing may have been lost).

    Rows that failed and are waiting for their retry are left to it, so a long outage never
    starts a second chain of retries.
    """
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    pending = list(
        Notification.objects.filter(status=DeliveryStatus.PENDING, attempts=0, created_at__lte=cutoff).values_list(
            "pk", flat=True
        )[:500]
    )
    for notification_id in pending:
        deliver_notification.delay(notification_id)
    return len(pending)
