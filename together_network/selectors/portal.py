"""Reads for Together network pages, each with what its page needs joined."""

from django.db.models import QuerySet
from django.utils import timezone

from involvement.models import Invitation, InvitationStatus

from ..models import ExpertByExperience


def expert_of(*, user) -> ExpertByExperience | None:
    return ExpertByExperience.objects.filter(user=user).first()


PAST_SHOWN = 20


def portal_invitations(*, expert: ExpertByExperience) -> dict[str, list[Invitation]]:
    """The person's invitations: to answer, coming up (with a place or waiting), and past."""
    today = timezone.localdate()
    invitations: QuerySet[Invitation] = (
        Invitation.objects.filter(expert=expert)
        .select_related("request__activity_type")
        .prefetch_related("request__further_sessions")
        .order_by("request__activity_date", "pk")
    )
    to_answer, upcoming, past = [], [], []
    for invitation in invitations:
        request = invitation.request
        if request.activity_date < today:
            past.append(invitation)
        elif invitation.status == InvitationStatus.INVITED and request.closing_date >= today:
            to_answer.append(invitation)
        elif invitation.status in {InvitationStatus.ACCEPTED, InvitationStatus.WAITING}:
            upcoming.append(invitation)
    return {"to_answer": to_answer, "upcoming": upcoming, "past": past[::-1][:PAST_SHOWN]}
