"""Background jobs for accounts: thin tasks that load by id and call a service."""

from celery import shared_task

from .models import User
from .services import user_invite


@shared_task(name="accounts.send_invitation", acks_late=True)
def send_invitation(user_id: int, base_url: str) -> None:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is not None:
        user_invite(user=user, base_url=base_url)
