"""What the network's notification types share: experts as recipients, the pages they link to."""

from django.urls import reverse

from notifications.services import Recipient

from ..models import ExpertByExperience

COORDINATORS = "the network coordinators"


def expert_recipient(expert: ExpertByExperience) -> Recipient:
    return Recipient(email=expert.email, name=expert.full_name, user=expert.user)


def portal_page() -> str:
    return reverse("together_network:portal")


def expert_page(expert: ExpertByExperience) -> str:
    return reverse("together_network:expert", args=[expert.pk])
