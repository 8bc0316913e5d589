"""Writes for notifications: record them with their event, deliver them from a worker."""

import logging
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .models import DeliveryStatus, Notification

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    user: object | None = None

    @classmethod
    def of_user(cls, user) -> "Recipient":
        return cls(email=user.email, name=user.get_full_name(), user=user)


def notify(
    *, event: str, obj=None, recipients, subject: str, context: dict, link: str = "", object_key: str = ""
) -> list[Notification]:
    """Record one notification per recipient, inside the caller's transaction.

    The email template is notifications/email/<event>.txt (and .html). A recipient who was
    already told about this event for this object is skipped: nobody hears twice.
    Delivery is queued only once the caller's transaction commits.
    """
    # What the notification is about: the object, or a key naming a period ("...:2026-11") for
    # reminders that may repeat once per period.
    object_key = object_key or f"{obj._meta.label_lower}:{obj.pk}"
    created = []
    seen = set()
    for recipient in recipients:
        recipient = recipient if isinstance(recipient, Recipient) else Recipient.of_user(recipient)
        if not recipient.email or recipient.email in seen:
            continue
        seen.add(recipient.email)
        full_context = {
            **context,
            "recipient": recipient,
            "service_name": settings.SERVICE_NAME,
            "link": f"{settings.SITE_URL}{link}" if link else "",
            "service_url": settings.SITE_URL,
        }
        body_text = render_to_string(f"notifications/email/{event}.txt", full_context, using="text").strip()
        body_html = render_to_string(
            "notifications/email/base.html", {**full_context, "subject": subject, "body": body_text}
        )
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    event=event,
                    object_key=object_key,
                    recipient=recipient.user,
                    recipient_email=recipient.email,
                    subject=subject,
                    body_text=body_text,
                    body_html=body_html,
                    link=link,
                )
        except IntegrityError:
            continue  # already told about this event for this object
        created.append(notification)
        transaction.on_commit(partial(_queue, notification.pk))
    return created


def _queue(notification_id: int) -> None:
    from .tasks import deliver_notification

    try:
        deliver_notification.delay(notification_id)
    except Exception:  # the broker is down: the row waits for the sweeper
        logger.warning(
            "Could not queue notification %s; it stays pending for the sweeper", notification_id, exc_info=True
        )


def notification_deliver(*, notification_id: int) -> bool:
    """Send one notification's email, once. Returns True when this call sent it."""
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None or notification.status == DeliveryStatus.SENT:
            return False
        message = EmailMultiAlternatives(
            subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{notification.subject}",
            body=notification.body_text,
            to=[notification.recipient_email],
            headers={"X-Peersupport-Notification": f"{notification.event}:{notification.object_key}"},
        )
        message.attach_alternative(notification.body_html, "text/html")
        notification.attempts += 1
        try:
            message.send()
        except Exception as error:
            # Count the attempt and keep the error; the caller decides on a retry.
            notification.last_error = f"{error.__class__.__name__}: {error}"[:2000]
            notification.save(update_fields=["attempts", "last_error"])
            failure = error
        else:
            notification.status = DeliveryStatus.SENT
            notification.sent_at = timezone.now()
            notification.last_error = ""
            notification.save(update_fields=["status", "sent_at", "attempts", "last_error"])
            return True
    raise failure


def notification_record_failure(*, notification_id: int, error: Exception, final: bool) -> None:
    Notification.objects.filter(pk=notification_id).exclude(status=DeliveryStatus.SENT).update(
        last_error=f"{error.__class__.__name__}: {error}"[:2000],
        status=DeliveryStatus.FAILED if final else DeliveryStatus.PENDING,
    )


def notifications_mark_read(*, user, notification_ids) -> int:
    """Mark as read the notifications the person has been shown (their own only)."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True, pk__in=list(notification_ids)).update(
        read_at=timezone.now()
    )
