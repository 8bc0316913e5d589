"""Writes for accounts: making people and giving them roles."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction

from .models import User
from .roles import Role


def roles_ensure() -> dict[Role, Group]:
    """Make sure every role's group exists (idempotent)."""
    return {role: Group.objects.get_or_create(name=role.value)[0] for role in Role}


@transaction.atomic
def user_ensure(*, email: str, full_name: str, roles: list[Role], password: str | None = None) -> User:
    """Create the person if new, and make their roles exactly `roles` (idempotent).

    An existing person's password is left alone unless `password` is given.
    """
    groups = roles_ensure()
    user, created = User.objects.get_or_create(email=email.lower(), defaults={"full_name": full_name})
    if user.full_name != full_name:
        user.full_name = full_name
    if password is not None:
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    user.is_staff = Role.ADMIN in roles
    user.is_superuser = Role.ADMIN in roles
    user.save()
    user.groups.set([groups[role] for role in roles])
    user.__dict__.pop("roles", None)
    return user


def user_invite(*, user: User, base_url: str) -> None:
    """Email a new person their welcome: what the service is and a link to set a password.

    Called from a Celery task, after the admin's change has been committed.
    """
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str
    from django.core.mail import EmailMessage
    from django.template.loader import render_to_string
    from django.urls import reverse

    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    context = {
        "user": user,
        "set_password_url": base_url.rstrip("/") + path,
        "login_url": base_url.rstrip("/") + reverse("account_login"),
        "service_name": settings.SERVICE_NAME,
        "days_valid": settings.PASSWORD_RESET_TIMEOUT // (24 * 3600),
    }
    EmailMessage(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Your account is ready",
        body=render_to_string("accounts/email/invitation.txt", context, using="text"),
        to=[user.email],
    ).send()
