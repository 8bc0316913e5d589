"""Reads for the expert by experience's portal: their invitations and activities, in one query."""

from django.db.models import QuerySet
from django.utils import timezone

from together_network.models import Invitation, InvitationStatus

from ..models import ExpertByExperience
from .feedback import activity_last_day, feedback_refusal


def expert_of(*, user) -> ExpertByExperience | None:
    return ExpertByExperience.objects.filter(user=user).first()


PAST_SHOWN = 20


def portal_invitations(*, expert: ExpertByExperience) -> dict[str, list[Invitation]]:
    """The person's invitations: to answer, coming up (with a place or waiting), and the activities
    they had a place at that have ended (each with `can_give_feedback`), newest first."""
    today = timezone.localdate()
    invitations: QuerySet[Invitation] = (
        Invitation.objects.filter(expert=expert)
        .select_related("expert", "request__activity_type", "request__outcome", "attendance", "feedback")
        .prefetch_related("request__further_sessions")
        .order_by("request__activity_date", "pk")
    )
    to_answer, upcoming, past = [], [], []
    for invitation in invitations:
        request = invitation.request
        if activity_last_day(request) < today:
            if invitation.status == InvitationStatus.ACCEPTED:
                invitation.can_give_feedback = feedback_refusal(invitation, today=today) is None
                past.append(invitation)
        elif request.activity_date < today:
            if invitation.status in {InvitationStatus.ACCEPTED, InvitationStatus.WAITING}:
                upcoming.append(invitation)  # the later sessions of an activity that has begun
        elif invitation.status == InvitationStatus.INVITED and request.closing_date >= today:
            to_answer.append(invitation)
        elif invitation.status in {InvitationStatus.ACCEPTED, InvitationStatus.WAITING}:
            upcoming.append(invitation)
    return {
        "to_answer": to_answer,
        "upcoming": upcoming,
        "past": past[::-1][:PAST_SHOWN],
        "feedback_due": [invitation for invitation in past if invitation.can_give_feedback],
    }
