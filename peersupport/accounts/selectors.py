"""Reads about people that every app shares: who holds a role."""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from .roles import Role


def people_with_role(role: Role) -> QuerySet:
    """Everyone active who holds `role`, in the order they were added."""
    return get_user_model().objects.filter(is_active=True, groups__name=role).order_by("pk")


def coordinators() -> QuerySet:
    """Everyone who runs the Together network, for the notifications sent to them."""
    return people_with_role(Role.NETWORK_COORDINATOR)


def peer_support_leads() -> QuerySet:
    """Everyone who leads the peer support workforce."""
    return people_with_role(Role.PEER_SUPPORT_LEAD)
