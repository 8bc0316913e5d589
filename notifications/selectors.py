from django.db.models import QuerySet

from .models import Notification


def notifications_for(*, user) -> QuerySet[Notification]:
    """The person's notifications, newest first, without receipts of their own actions (the
    emails they keep; the list is for news)."""
    return Notification.objects.filter(recipient=user, receipt=False).only(
        "subject", "link", "created_at", "read_at", "event", "body_text"
    )


def unread_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
