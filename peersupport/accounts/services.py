"""Writes for accounts: making people and giving them roles."""

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
