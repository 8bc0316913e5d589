"""What may be done to the network's objects, by whom, from which status: a table for each.

The portal and the claims pages show what `allowed` gives the person; the services in
services/invitations.py, services/payments.py and services/expenses.py check the same rows
before they change anything (peersupport/accounts/transitions.py has the shape, STYLE.md item 14).

Invitations (the expert by experience answers):

    action   from               who                                   also
    accept   invited            the person invited (answer_invitation) the request is open or filled, answers not closed
    decline  invited            the person invited (answer_invitation)
    give_up  accepted, waiting  the person invited (answer_invitation) the activity is not over

Each may also be taken with nobody signed in, for the person invited: a signed link from their
email (accept, decline), or the network when they leave it (decline, give up).

Payment claims:

    action          from       who                                         also
    approve         submitted  a network coordinator (approve_claims)      not their own claim
    reject          submitted  a network coordinator (approve_claims)      not their own claim
    mark_paid       approved   a coordinator or finance (pay_claims)       not their own claim
    add_expense     submitted  the claimant or a coordinator (add_expense)
    remove_expense  submitted  the claimant or a coordinator (add_expense)

A request, for the network:

    invite          open, filled   a network coordinator (involvement.match_request)  answers not closed
"""

from enum import StrEnum

from django.utils import timezone

from involvement.models import InvolvementRequest, Route
from involvement.models import Status as RequestStatus
from peersupport.accounts.transitions import (
    AllowedActions,
    Transition,
    TransitionNotAllowed,
    TransitionsTable,
    from_status,
    guard,
    permitted,
)

from .models import ClaimStatus, Invitation, InvitationStatus, PaymentClaim
from .selectors.feedback import activity_last_day

__all__ = [
    "CLAIM_TRANSITIONS",
    "INVITATION_TRANSITIONS",
    "NOT_OWN_CLAIM",
    "OWN_CLAIM",
    "REQUEST_TRANSITIONS",
    "ClaimAction",
    "InvitationAction",
    "RequestAction",
    "TransitionNotAllowed",
    "allowed_claim_actions",
    "allowed_invitation_actions",
    "answers_closed",
    "is_own",
]


def answers_closed(request: InvolvementRequest) -> bool:
    """The closing date for answers has passed (answers are taken on the closing date itself)."""
    return request.closing_date < timezone.localdate()


# --- Invitations ------------------------------------------------------------------------------------------


class InvitationAction(StrEnum):
    ACCEPT = "accept"
    DECLINE = "decline"
    GIVE_UP = "give_up"


def _looking_for_people(invitation: Invitation, user) -> bool:
    return invitation.request.status in {RequestStatus.OPEN, RequestStatus.FILLED}


def _answers_open(invitation: Invitation, user) -> bool:
    return not answers_closed(invitation.request)


def _activity_not_over(invitation: Invitation, user) -> bool:
    return activity_last_day(invitation.request) >= timezone.localdate()


NOT_YOURS = "Only the person invited can answer this invitation."
ALREADY_ANSWERED = "This invitation has already been answered."

INVITATION_TRANSITIONS = TransitionsTable(
    [
        Transition(
            action=InvitationAction.ACCEPT,
            label="Accept",
            from_statuses=frozenset({InvitationStatus.INVITED}),
            permission="together_network.answer_invitation",
            rules=(
                permitted(NOT_YOURS),
                from_status(ALREADY_ANSWERED),
                guard(_looking_for_people, "This activity is no longer looking for people."),
                guard(_answers_open, "The closing date for answers has passed."),
            ),
            leads_to=frozenset({InvitationStatus.ACCEPTED, InvitationStatus.WAITING}),
            records='a place, or the waiting list once the places are taken; the last place makes the request "filled"',
            notifies=frozenset({"accepted", "waiting_list", "filled"}),
            without_sign_in=True,
        ),
        Transition(
            action=InvitationAction.DECLINE,
            label="Decline",
            from_statuses=frozenset({InvitationStatus.INVITED}),
            permission="together_network.answer_invitation",
            rules=(permitted(NOT_YOURS), from_status(ALREADY_ANSWERED)),
            leads_to=frozenset({InvitationStatus.DECLINED}),
            records="declined, with no reason asked",
            without_sign_in=True,
        ),
        Transition(
            action=InvitationAction.GIVE_UP,
            label="I can no longer come",
            from_statuses=frozenset({InvitationStatus.ACCEPTED, InvitationStatus.WAITING}),
            permission="together_network.answer_invitation",
            rules=(
                permitted(NOT_YOURS),
                from_status("Only a place you have accepted can be given up."),
                guard(_activity_not_over, "This activity has already taken place."),
            ),
            leads_to=frozenset({InvitationStatus.WITHDRAWN}),
            records='withdrawn; the first person waiting moves up, or a filled request is "open" again',
            notifies=frozenset({"accepted", "lineup_changed"}),
            without_sign_in=True,
        ),
    ]
)


def allowed_invitation_actions(invitation: Invitation, user) -> AllowedActions:
    """What this person may do with the invitation now (reads its request, expert and further sessions)."""
    return INVITATION_TRANSITIONS.allowed(invitation, user)


# --- Payment claims -------------------------------------------------------------------------------------


class ClaimAction(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    MARK_PAID = "mark_paid"
    ADD_EXPENSE = "add_expense"
    REMOVE_EXPENSE = "remove_expense"


OWN_CLAIM = "This is your own claim: another network coordinator decides on it."


def is_own(claim: PaymentClaim, by) -> bool:
    """A coordinator (or finance) who also takes part never approves, turns down or pays their own claim."""
    return by is not None and claim.expert.user_id is not None and claim.expert.user_id == by.pk


NOT_OWN_CLAIM = guard(lambda claim, user: not is_own(claim, user), OWN_CLAIM)
EXPENSES_WHILE_WAITING = "Expenses can only change while the claim is waiting for approval; it is {status}."
NOT_A_COORDINATOR = "Only a network coordinator decides on claims."

CLAIM_TRANSITIONS = TransitionsTable(
    [
        Transition(
            action=ClaimAction.APPROVE,
            label="Approve this claim",
            from_statuses=frozenset({ClaimStatus.SUBMITTED}),
            permission="together_network.approve_claims",
            rules=(
                permitted(NOT_A_COORDINATOR),
                from_status("Only a claim waiting for approval can be approved."),
                NOT_OWN_CLAIM,
            ),
            leads_to=frozenset({ClaimStatus.APPROVED}),
            records="approved, by whom and when",
            notifies=frozenset({"network_claim_approved"}),
        ),
        Transition(
            action=ClaimAction.REJECT,
            label="Turn it down",
            from_statuses=frozenset({ClaimStatus.SUBMITTED}),
            permission="together_network.approve_claims",
            rules=(
                permitted(NOT_A_COORDINATOR),
                NOT_OWN_CLAIM,
                from_status("Only a claim waiting for approval can be turned down."),
            ),
            leads_to=frozenset({ClaimStatus.REJECTED}),
            records="not approved, with the reason the person reads",
            notifies=frozenset({"network_claim_rejected"}),
        ),
        Transition(
            action=ClaimAction.MARK_PAID,
            label="Mark as paid",
            from_statuses=frozenset({ClaimStatus.APPROVED}),
            permission="together_network.pay_claims",
            rules=(
                permitted("Only a network coordinator or finance marks claims paid."),
                from_status("Only an approved claim can be marked paid."),
                NOT_OWN_CLAIM,
            ),
            leads_to=frozenset({ClaimStatus.PAID}),
            records="paid, with finance's reference and the day",
            notifies=frozenset({"network_claim_paid"}),
        ),
        Transition(
            action=ClaimAction.ADD_EXPENSE,
            label="Add an expense",
            from_statuses=frozenset({ClaimStatus.SUBMITTED}),
            permission="together_network.add_expense",
            rules=(
                permitted("Only the person claiming or a network coordinator can change the expenses."),
                from_status(EXPENSES_WHILE_WAITING),
            ),
            leads_to=frozenset({ClaimStatus.SUBMITTED}),
            records="the expense, and the claim's total kept in step",
        ),
        Transition(
            action=ClaimAction.REMOVE_EXPENSE,
            label="Remove",
            from_statuses=frozenset({ClaimStatus.SUBMITTED}),
            permission="together_network.add_expense",
            rules=(
                permitted("Only the person claiming or a network coordinator can change the expenses."),
                from_status(EXPENSES_WHILE_WAITING),
            ),
            leads_to=frozenset({ClaimStatus.SUBMITTED}),
            records="the expense gone (with its receipt), and the claim's total kept in step",
        ),
    ]
)


def allowed_claim_actions(claim: PaymentClaim, user) -> AllowedActions:
    return CLAIM_TRANSITIONS.allowed(claim, user)


# --- A request, for the network --------------------------------------------------------------------------


class RequestAction(StrEnum):
    INVITE = "invite"


REQUEST_TRANSITIONS = TransitionsTable(
    [
        Transition(
            action=RequestAction.INVITE,
            label="Invite the people selected",
            from_statuses=frozenset({RequestStatus.OPEN, RequestStatus.FILLED}),
            permission="involvement.match_request",
            rules=(
                guard(
                    lambda request, user: request.route == Route.NETWORK,
                    "Only requests for the Together network have invitations.",
                ),
                from_status("Only an open request can have invitations."),
                permitted("Only a network coordinator can invite people."),
                guard(lambda request, user: not answers_closed(request), "The closing date for answers has passed."),
            ),
            leads_to=frozenset({RequestStatus.OPEN, RequestStatus.FILLED}),
            records='"Invited 3 experts by experience" on the request\'s timeline',
            notifies=frozenset({"invited"}),
        ),
    ]
)
