"""Writes for invitations: the coordinator invites, experts by experience answer.

Who may invite and answer, from which status, is in the tables of together_network/transitions.py,
which the portal and the match page read too. Places fill in the order people accept. Accepting
locks the request's row, so two people accepting the last place at the same moment are served
one after the other: exactly one gets it and the other joins the waiting list. A withdrawal
promotes the first person waiting.
"""

import datetime
from collections import Counter

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from involvement.models import InvolvementRequest, RequestEvent, Status
from involvement.services.requests import TransitionNotAllowed, _move
from notifications.types import notification_type
from peersupport.record_ids import record_id
from together_network.models import ExpertByExperience, ExpertStatus, Invitation, InvitationStatus
from together_network.notification_types import (
    Invited,
    LineupChanged,
    OnTheWaitingList,
    PlaceAccepted,
    RequestFilled,
    RequestOpenForMatching,
    expert_recipient,
    portal_page,
)
from together_network.selectors.matching import askable_experts, has_dbs_check
from together_network.selectors.payments import earnings_outlooks
from together_network.transitions import (
    INVITATION_TRANSITIONS,
    REQUEST_TRANSITIONS,
    InvitationAction,
    RequestAction,
    answers_closed,
)

TOKEN_SALT = "involvement.invitation.answer"
ANSWERS = ("accept", "decline")


# --- Signed links -------------------------------------------------------------------------


def answer_token(invitation: Invitation, answer: str) -> str:
    return signing.dumps({"invitation": invitation.pk, "answer": answer}, salt=TOKEN_SALT)


def answer_link(invitation: Invitation, answer: str) -> str:
    return reverse("together_network:answer_by_link", args=[answer_token(invitation, answer)])


class LinkProblem(Exception):
    """The link cannot be used; the message says why in plain words."""


def read_token(token: str) -> tuple[Invitation, str]:
    """The invitation and answer a link stands for, or LinkProblem (nothing is changed)."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT)
        invitation = Invitation.objects.select_related("request__activity_type", "expert").get(pk=data["invitation"])
        answer = data["answer"]
    except (signing.BadSignature, KeyError, TypeError, Invitation.DoesNotExist) as broken:
        raise LinkProblem("This link is not complete or has been changed, so it cannot be used.") from broken
    if answer not in ANSWERS:
        raise LinkProblem("This link is not complete or has been changed, so it cannot be used.")
    return invitation, answer


def closes_after(request: InvolvementRequest) -> bool:
    return answers_closed(request)


# --- Inviting -------------------------------------------------------------------------------

# Why someone chosen could not be invited, as the coordinator reads it: (one person, several).
NOT_INVITED = {
    "already": ("was invited already", "were invited already"),
    "unknown": ("is not in the Together network", "are not in the Together network"),
    "left": ("has left the network", "have left the network"),
    "paused": ("is paused", "are paused"),
    "applicant": ("is still an applicant", "are still applicants"),
    "onboarding": ("has not finished onboarding", "have not finished onboarding"),
    "consent": ("has consent due for review", "have consent due for review"),
    "dbs": ("has no DBS check, which this activity needs", "have no DBS check, which this activity needs"),
}


class InvitationsSent(list):
    """The invitations made (a list of them), and why anyone else chosen was not invited:
    `not_invited` counts people by reason (a key of NOT_INVITED)."""

    def __init__(self, invitations=(), *, not_invited: dict[str, int] | None = None):
        super().__init__(invitations)
        self.not_invited = dict(not_invited or {})


def not_invited_message(not_invited: dict[str, int]) -> str:
    """ "3 people could not be invited: 1 has left the network; 2 are paused." ("" for nobody)."""
    total = sum(not_invited.values())
    if not total:
        return ""
    reasons = "; ".join(
        f"{count} {NOT_INVITED[reason][0 if count == 1 else 1]}"
        for reason in NOT_INVITED
        if (count := not_invited.get(reason))
    )
    return f"{total} {'person' if total == 1 else 'people'} could not be invited: {reasons}."


def _why_not_invited(*, request: InvolvementRequest, expert_ids: set[int], already: set[int]) -> dict[str, int]:
    """Each chosen person who cannot be asked, counted by the first of the pool's rules they miss."""
    reasons = Counter({"already": len(expert_ids & already)})
    rest = expert_ids - already
    found = ExpertByExperience.objects.filter(pk__in=rest).annotate(dbs=has_dbs_check())
    today = timezone.localdate()
    seen = 0
    for status, onboarded, review_due, dbs in found.values_list(
        "status", "onboarding_complete", "consent_review_due", "dbs"
    ):
        seen += 1
        if status in {ExpertStatus.LEFT, ExpertStatus.PAUSED, ExpertStatus.APPLICANT}:
            reasons[status] += 1
        elif not onboarded:
            reasons["onboarding"] += 1
        elif review_due is None or review_due < today:
            reasons["consent"] += 1
        elif request.activity_type.needs_dbs and not dbs:
            reasons["dbs"] += 1
    reasons["unknown"] += len(rest) - seen
    return {reason: count for reason, count in reasons.items() if count}


@transaction.atomic
def invitations_send(*, request_id: int, expert_ids, by) -> InvitationsSent:
    """Invite the people chosen who can be asked (matching.askable_experts: the pool's rules).

    Anyone else chosen is not invited, and counted by why in the result's `not_invited`; ids
    that are not whole numbers (or too large to be anyone's) are ignored.
    """
    request = (
        InvolvementRequest.objects.select_for_update()
        .select_related("activity_type")
        .prefetch_related("further_sessions")
        .get(pk=request_id)
    )
    REQUEST_TRANSITIONS.check(RequestAction.INVITE, request, by)
    chosen = {number for value in expert_ids if (number := record_id(value)) is not None}
    already = set(Invitation.objects.filter(request=request).values_list("expert_id", flat=True))
    experts = list(askable_experts(request=request).filter(pk__in=chosen))
    not_invited = _why_not_invited(
        request=request, expert_ids=chosen - {expert.pk for expert in experts}, already=already
    )
    created = [
        Invitation.objects.create(request=request, expert=expert, invited_by=by, activity_date=request.activity_date)
        for expert in experts
    ]
    if not created:
        return InvitationsSent(not_invited=not_invited)
    RequestEvent.objects.create(
        request=request,
        from_status=request.status,
        to_status=request.status,
        actor=by,
        note=f"Invited {len(created)} expert{'s' if len(created) != 1 else ''} by experience",
    )
    over_limit = earnings_outlooks(experts=[invitation.expert for invitation in created], request=request)
    for invitation in created:
        outlook = over_limit.get(invitation.expert_id)
        Invited(
            invitation=invitation,
            accept_link=answer_link(invitation, "accept"),
            decline_link=answer_link(invitation, "decline"),
            earnings_warning=outlook.for_expert if outlook else "",
        ).send(actor=by)
    return InvitationsSent(created, not_invited=not_invited)


# --- Answering ----------------------------------------------------------------------------


def _locked_pair(invitation_id: int) -> tuple[Invitation, InvolvementRequest]:
    """Lock the request first (it decides the places), then the invitation."""
    request_id = Invitation.objects.values_list("request_id", flat=True).get(pk=invitation_id)
    request = InvolvementRequest.objects.select_for_update().select_related("requester").get(pk=request_id)
    invitation = Invitation.objects.select_for_update().select_related("expert").get(pk=invitation_id)
    invitation.request = request
    return invitation, request


@transaction.atomic
def invitation_accept(*, invitation_id: int, by=None) -> Invitation:
    """`by` is the person signed in, or None for a signed link from the invitation's email."""
    invitation, request = _locked_pair(invitation_id)
    INVITATION_TRANSITIONS.check(InvitationAction.ACCEPT, invitation, by)
    taken = Invitation.objects.filter(request=request, status=InvitationStatus.ACCEPTED).count()
    invitation.answered_at = timezone.now()
    if taken < request.places_needed:
        invitation.status = InvitationStatus.ACCEPTED
        invitation.save()
        PlaceAccepted(invitation=invitation).send()  # a receipt of their answer
        if taken + 1 == request.places_needed:
            _fill(request)
    else:
        invitation.status = InvitationStatus.WAITING
        invitation.save()
        OnTheWaitingList(invitation=invitation).send()
    return invitation


def _fill(request: InvolvementRequest) -> None:
    # The notification is about this filling (a timeline event), so a request that fills
    # again after someone gave up their place tells the requester again.
    filling = _move(request, to=Status.FILLED, by=None, note="Every place has been taken")
    RequestFilled(request=request, filling=filling).send()


@transaction.atomic
def invitation_decline(*, invitation_id: int, by=None) -> Invitation:
    """`by` is the person signed in, or None for a signed link, or the network when the person leaves."""
    invitation, request = _locked_pair(invitation_id)
    INVITATION_TRANSITIONS.check(InvitationAction.DECLINE, invitation, by)
    invitation.status = InvitationStatus.DECLINED
    invitation.answered_at = timezone.now()
    invitation.save()
    return invitation


@transaction.atomic
def invitation_withdraw(*, invitation_id: int, by=None) -> Invitation:
    """The person steps back, without giving a reason; the first person waiting moves up.
    `by` is the person signed in, or None when the network gives up their places as they leave."""
    invitation, request = _locked_pair(invitation_id)
    INVITATION_TRANSITIONS.check(InvitationAction.GIVE_UP, invitation, by)
    had_place = invitation.status == InvitationStatus.ACCEPTED
    invitation.status = InvitationStatus.WITHDRAWN
    invitation.answered_at = timezone.now()
    invitation.save()
    if not had_place or request.status not in {Status.OPEN, Status.FILLED}:
        return invitation
    waiting = (
        Invitation.objects.select_for_update()
        .select_related("expert")
        .filter(request=request, status=InvitationStatus.WAITING)
        .order_by("answered_at", "pk")
        .first()
    )
    if waiting is not None or request.status == Status.OPEN:
        # The request's timeline is read by its requester and team leads: no one is named there,
        # not even as the actor (`by` is the person giving up the place).
        note = "A place was given up"
        if waiting is not None:
            note += " and someone moved up from the waiting list"
        RequestEvent.objects.create(
            request=request, from_status=request.status, to_status=request.status, actor=None, note=note
        )
    if waiting is not None:
        waiting.status = InvitationStatus.ACCEPTED
        waiting.save()
        waiting.request = request
        PlaceAccepted(invitation=waiting, promoted=True).send()
        # The requester hears names only where the person's consent shares them.
        LineupChanged(request=request, gave_up=invitation, moved_up=waiting).send()
    elif request.status == Status.FILLED:
        # The request's timeline is read by its requester and team leads: no one is named there.
        reopened = _move(request, to=Status.OPEN, by=None, note="Someone gave up their place")
        # The coordinators find someone else (not the person giving it up, should they be one).
        RequestOpenForMatching(request=request, reopened=reopened).send(actor=by)
    return invitation


def answer_by_link(*, token: str) -> tuple[Invitation, str]:
    """Carry out the answer a signed link stands for. LinkProblem when it cannot be used."""
    invitation, answer = read_token(token)
    if invitation.status == InvitationStatus.CALLED_OFF:
        raise LinkProblem(
            "This activity has been called off, so it is no longer looking for people. Nothing has changed."
        )
    if not INVITATION_TRANSITIONS[answer].starts_from(invitation.status):
        raise LinkProblem("You have already answered this invitation. Nothing has changed.")
    if closes_after(invitation.request):
        raise LinkProblem("The closing date for answers has passed, so this link no longer works.")
    try:
        if answer == "accept":
            return invitation_accept(invitation_id=invitation.pk), answer
        return invitation_decline(invitation_id=invitation.pk), answer
    except TransitionNotAllowed as refused:
        raise LinkProblem(f"{refused} Nothing has changed.") from refused


def expires_on(invitation: Invitation) -> datetime.date:
    return invitation.request.closing_date


def invitations_end_with_request(
    *, request: InvolvementRequest, event: str, subject: str, reason: str, tell_booked: bool, by=None
):
    """A request was withdrawn, cancelled or expired (involvement's `request_ended` signal, inside its
    transaction): the experts by experience with a place or waiting are told (when `tell_booked`), then
    open invitations and places are called off and no longer count as bookings."""
    if tell_booked:
        booked = Invitation.objects.filter(
            request=request, status__in=[InvitationStatus.ACCEPTED, InvitationStatus.WAITING]
        ).select_related("expert__user")
        # The same message the requester's side was told: involvement's type for `event`.
        ended = notification_type(event)(
            request=request,
            reason=reason,
            to=[expert_recipient(item.expert) for item in booked],
            their_page=portal_page(),
        )
        ended.send(actor=by)
    Invitation.objects.filter(
        request=request, status__in=[InvitationStatus.INVITED, InvitationStatus.ACCEPTED, InvitationStatus.WAITING]
    ).update(status=InvitationStatus.CALLED_OFF)


def _on_request_ended(sender, **kwargs) -> None:
    invitations_end_with_request(
        request=kwargs["request"],
        event=kwargs["event"],
        subject=kwargs["subject"],
        reason=kwargs["reason"],
        tell_booked=kwargs["tell_booked"],
        by=kwargs.get("by"),
    )


def connect() -> None:
    from involvement.signals import request_ended

    request_ended.connect(_on_request_ended, dispatch_uid="together_network.invitations_end_with_request")
