"""Writes for notifications: record them with their event, deliver them from a worker."""

import hashlib
import logging
import smtplib
import time
from dataclasses import dataclass
from email.utils import parseaddr
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import Truncator
from kombu.exceptions import OperationalError

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


@dataclass(frozen=True)
class RenderedEmail:
    """One message as its recipient reads it: the subject, the text and HTML bodies, and the link."""

    subject: str
    body_text: str
    body_html: str
    link: str


def render_email(*, template: str, subject: str, context: dict, link: str, recipient: Recipient) -> RenderedEmail:
    """The text template rendered for one person, wrapped in the NHS.UK-styled notifications/email/base.html."""
    full_context = {
        **context,
        "recipient": recipient,
        "service_name": settings.SERVICE_NAME,
        "link": f"{settings.SITE_URL}{link}" if link else "",
        "service_url": settings.SITE_URL,
    }
    body_text = render_to_string(template, full_context, using="text").strip()
    body_html = render_to_string(
        "notifications/email/base.html", {**full_context, "subject": subject, "body": body_text}
    )
    return RenderedEmail(subject=subject, body_text=body_text, body_html=body_html, link=link)


def notify(
    *,
    event: str,
    obj=None,
    recipients,
    subject: str,
    context: dict,
    link: str = "",
    object_key: str = "",
    template: str = "",
    already_read: bool = False,
) -> list[Notification]:
    """Record one notification per recipient, inside the caller's transaction.

    Call it through a notification type (`notifications.types`), which builds the subject, the
    context and the link once for every caller and leaves out the person who acted. `template` is
    the type's text template; without it, the template of the type registered for `event`.
    A recipient who was already told about this event for this object is skipped: nobody hears
    twice. `already_read` records a receipt (a person's confirmation of their own action): it is
    emailed, but neither counts as unread nor is listed among their notifications. Delivery is
    queued only once the caller's transaction commits.
    """
    if not template:
        from .types import notification_type

        template = notification_type(event).template_name()
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
        email = render_email(template=template, subject=subject, context=context, link=link, recipient=recipient)
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    event=event,
                    object_key=object_key,
                    recipient=recipient.user,
                    recipient_email=recipient.email,
                    subject=Truncator(subject).chars(Notification._meta.get_field("subject").max_length),
                    body_text=email.body_text,
                    body_html=email.body_html,
                    link=link,
                    read_at=timezone.now() if already_read and recipient.user else None,
                    receipt=already_read,
                )
        except IntegrityError:
            continue  # already told about this event for this object
        created.append(notification)
        transaction.on_commit(partial(_queue, notification.pk))
    return created


# After a failed queueing, this process stops trying for a while: with Redis's port blocked
# (rather than refused) each try waits for the connect time-out, and a page recording several
# notifications must not wait for each. The rows are in the outbox; the sweeper queues them.
BROKER_BACK_OFF_SECONDS = 30
_broker_down_until = 0.0


def broker_back_off_reset() -> None:
    """Try the broker again on the next notification (after it is known to be back)."""
    global _broker_down_until
    _broker_down_until = 0.0


def _queue(notification_id: int) -> bool:
    """Queue delivery; True when the broker took it. A broker that is down is logged, not raised."""
    global _broker_down_until
    from .tasks import deliver_notification

    if time.monotonic() < _broker_down_until:
        logger.info("Broker down a moment ago: notification %s left pending for the sweeper", notification_id)
        return False
    try:
        deliver_notification.delay(notification_id)
    except Exception as error:  # the broker is down: the row waits for the sweeper
        if isinstance(error, (OperationalError, OSError)):  # cannot reach the broker
            _broker_down_until = time.monotonic() + BROKER_BACK_OFF_SECONDS
        logger.warning(
            "Could not queue notification %s; it stays pending for the sweeper", notification_id, exc_info=True
        )
        return False
    return True


def notification_deliver(*, notification_id: int) -> bool:
    """Send one notification's email, once. Returns True when this call sent it.

    The order narrows the window in which one email can go out twice:

    1. lock the row (`select_for_update`) so two workers never send the same row together,
       and send only rows still pending (sent and failed rows are left alone);
    2. open the mail connection, then, in a savepoint, mark the row sent (status, sent time,
       attempts) *before* sending, so once the SMTP server has accepted the message only the
       COMMIT is left to do;
    3. send; if that raises, the savepoint takes the sent mark back and the attempt and its
       error are recorded instead, then the error is raised for the task to retry or give up;
    4. commit, and only then close the connection (QUIT), so a slow or failed QUIT can never
       undo a message the server already took.

    What remains is the window RFC 1047 describes: the server has the message (it received the
    final "." of DATA) but its "250 OK" never arrives, or the worker or the database dies
    between that reply and the COMMIT. The row then stays pending and a retry sends the email
    again. Every try carries the same Message-ID (see `message_id_for`), so the receiving
    system can recognise the repeat.
    """
    mailer = mailers.default
    try:
        with transaction.atomic():
            notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
            if notification is None or notification.status != DeliveryStatus.PENDING:
                return False
            attempt = notification.attempts + 1
            try:
                mailer.open()
                with transaction.atomic():  # a savepoint: a send that raises takes the sent mark back
                    Notification.objects.filter(pk=notification.pk).update(
                        status=DeliveryStatus.SENT,
                        sent_at=timezone.now(),
                        attempts=attempt,
                        last_attempt_at=timezone.now(),
                        last_error="",
                    )
                    mailer.send_messages([email_for(notification)])
            except Exception as error:
                # Still under the lock: count the attempt and keep the error; the task decides on a retry.
                Notification.objects.filter(pk=notification.pk).update(
                    attempts=attempt, last_attempt_at=timezone.now(), last_error=describe_failure(error)
                )
                failure = error
            else:
                return True  # leaving the block commits; the connection closes after that
    finally:
        _close(mailer)
    raise failure


def email_for(notification: Notification) -> EmailMultiAlternatives:
    """The email as the event rendered it, with a footer for plain-text readers."""
    message = EmailMultiAlternatives(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{notification.subject}",
        body=f"{notification.body_text}\n\n{text_footer(has_login=notification.recipient_id is not None)}",
        to=[notification.recipient_email],
        headers={
            "Message-ID": message_id_for(notification),
            "X-Peersupport-Notification": f"{notification.event}:{notification.object_key}",
        },
    )
    message.attach_alternative(notification.body_html, "text/html")
    return message


def text_footer(*, has_login: bool = True) -> str:
    if not has_login:
        return (
            f"-- \nYou get this email because you take part in {settings.SERVICE_NAME}.\n"
            "To stop hearing from us, reply to this email or tell the person who invited you."
        )
    return (
        f"-- \nYou get this email because of your role in {settings.SERVICE_NAME}.\n"
        f"Choose which emails you get: {settings.SITE_URL}/notifications/preferences/"
    )


def message_id_for(notification: Notification) -> str:
    """The same Message-ID on every try of one notification, so a repeat can be recognised."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or urlsplit(settings.SITE_URL).hostname
    # The row's id and when it was recorded, and which site recorded it: another copy of the
    # service (staging, a restored database) never reuses one, so no real email is taken for a repeat.
    site = hashlib.sha256(settings.SITE_URL.encode()).hexdigest()[:8]
    recorded = f"{notification.created_at:%Y%m%d%H%M%S%f}"
    return f"<notification-{notification.pk}.{recorded}.{site}@{domain or 'peersupport.invalid'}>"


def _close(mailer) -> None:
    """QUIT after the commit. The message is already accepted and recorded: a failure here only
    needs logging."""
    try:
        mailer.close()
    except Exception:
        logger.warning("Closing the mail connection failed", exc_info=True)


def describe_failure(error: BaseException) -> str:
    """The error as an operator reads it in admin, with the server's reply code and text."""
    name = error.__class__.__name__
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        replies = "; ".join(
            f"<{address}>: {code} {_text(reply)}" for address, (code, reply) in error.recipients.items()
        )
        text = f"{name}: {replies}"
    elif isinstance(error, smtplib.SMTPResponseException):
        text = f"{name}: {error.smtp_code} {_text(error.smtp_error)}"
    else:
        text = f"{name}: {error}"
    return text[:2000]


def is_permanent_failure(error: BaseException) -> bool:
    """A bounce will not go away by trying again: the server refused every recipient with a 5xx
    reply, or refused the message itself with a 5xx after DATA.

    Everything else is retried up to MAX_ATTEMPTS: connection refused, time-outs, "try later"
    (4xx), and also 5xx replies about the trust's own set-up (a rotated password, a refused
    sender, a relay refusing the connection), which an operator fixes and which must not fail
    every email sent meanwhile.
    """
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return bool(error.recipients) and all(500 <= code < 600 for code, _reply in error.recipients.values())
    if isinstance(error, smtplib.SMTPDataError):
        return 500 <= error.smtp_code < 600
    return False


def _text(reply) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


def notification_record_failure(*, notification_id: int, error: Exception, final: bool) -> None:
    Notification.objects.filter(pk=notification_id).exclude(status=DeliveryStatus.SENT).update(
        last_error=describe_failure(error),
        status=DeliveryStatus.FAILED if final else DeliveryStatus.PENDING,
    )


def notifications_retry(*, notification_ids) -> tuple[list[int], list[int]]:
    """Start failed or pending notifications afresh: pending, no attempts, delivery queued.

    Returns the ids reset and those the broker would not take; the sweeper sends the latter
    (they are pending with no attempts, which is what it looks for).
    """
    with transaction.atomic():
        ids = list(
            Notification.objects.select_for_update()
            .filter(pk__in=list(notification_ids), status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED])
            .values_list("pk", flat=True)
        )
        Notification.objects.filter(pk__in=ids).update(status=DeliveryStatus.PENDING, attempts=0)
    not_queued = [notification_id for notification_id in ids if not _queue(notification_id)]
    return ids, not_queued


def notifications_mark_read(*, user, notification_ids) -> int:
    """Mark as read the notifications the person has been shown (their own only)."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True, pk__in=list(notification_ids)).update(
        read_at=timezone.now()
    )


def notifications_mark_all_read(*, user) -> int:
    """Mark every one of the person's notifications as read; returns how many were unread."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def notifications_settle_history(*, keep_unread: int = 3) -> int:
    """Mark as read all but each person's `keep_unread` newest unread notifications (demo data:
    a history seeded in one go is not news, but a few recent ones show what news looks like)."""
    to_mark = []
    unread = (
        Notification.objects.filter(recipient__isnull=False, read_at__isnull=True)
        .order_by("recipient_id", "-created_at", "-pk")
        .values_list("pk", "recipient_id")
    )
    seen: dict[int, int] = {}
    for pk, recipient_id in unread:
        seen[recipient_id] = seen.get(recipient_id, 0) + 1
        if seen[recipient_id] > keep_unread:
            to_mark.append(pk)
    return Notification.objects.filter(pk__in=to_mark).update(read_at=timezone.now())
