"""The header's count of the person's unread notifications, on every page."""

from .selectors import unread_count


def unread_notifications(request) -> dict:
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {"unread_notifications": 0}
    return {"unread_notifications": unread_count(user=user)}
