"""What may be done to an involvement request, by whom, from which status: one table.

The request page shows a button for each action `allowed_actions` gives the person; each service
in services/requests.py (and services/outcomes.py) calls `check` with the same row before it
changes anything. A refusal says why in the words of the first rule that fails, in the order
listed. What the person gives (a reason, dates still ahead, hours within the allowance, someone
else to approve) is checked by the service after the row allows the action.

    action          from                                         who (permission)
    approve         submitted; a part waiting for this lead      a lead, not the requester (approve_request)
    decline         submitted; a part waiting for this lead      a lead, not the requester (approve_request)
    redirect        submitted PSW request; a part waiting for    a lead, not the requester (approve_request)
                    this lead
    confirm         approved (PSW request)                       the PSW named (confirm_request)
    psw_decline     approved (PSW request)                       the PSW named (confirm_request)
    submit          draft                                        the requester (edit_request)
    edit            draft                                        the requester (edit_request)
    complete        filled, confirmed; the activity has happened the requester (complete_request)
    close           completed                                    the requester (complete_request)
    cancel          approved, open, filled, confirmed            the requester or a lead of the requesting
                                                                 team (manage_request)
    withdraw        draft, submitted, approved, open, confirmed  the requester (withdraw_request)
    record_outcome  completed, closed                            the requester (record_outcome)
    expire          submitted, open; the closing date has passed nobody: the scheduled job

The order is the order of the buttons on the request page.
"""

from enum import StrEnum

from django.utils import timezone

from peersupport.accounts.transitions import (
    AllowedActions,
    Button,
    Transition,
    TransitionNotAllowed,
    TransitionsTable,
    from_status,
    guard,
    permitted,
)

from .models import InvolvementRequest, Status

__all__ = ["TRANSITIONS", "Action", "TransitionNotAllowed", "allowed_actions", "check", "decision_waiting", "why_not"]


class Action(StrEnum):
    APPROVE = "approve"
    DECLINE = "decline"
    REDIRECT = "redirect"
    CONFIRM = "confirm"
    PSW_DECLINE = "psw_decline"
    SUBMIT = "submit"
    EDIT = "edit"
    COMPLETE = "complete"
    CLOSE = "close"
    CANCEL = "cancel"
    WITHDRAW = "withdraw"
    RECORD_OUTCOME = "record_outcome"
    EXPIRE = "expire"


# --- Guards -------------------------------------------------------------------------------------------


def decision_waiting(request: InvolvementRequest, user) -> bool:
    """This lead still has a part of the request to decide (uses the prefetched leads)."""
    team_part = request.team_approved_at is None and request.requesting_team.is_led_by(user)
    psw_part = (
        request.is_psw_request and request.psw_approved_at is None and request.peer_support_worker.team.is_led_by(user)
    )
    return team_part or psw_part


def _not_the_requester(request: InvolvementRequest, user) -> bool:
    return user is not None and request.requester_id != user.pk


def _for_a_psw(request: InvolvementRequest, user) -> bool:
    return request.is_psw_request


def _activity_happened(request: InvolvementRequest, user) -> bool:
    return request.activity_date <= timezone.localdate()


def _closing_date_passed(request: InvolvementRequest, user) -> bool:
    return request.closing_date < timezone.localdate()


# --- The table --------------------------------------------------------------------------------------------

# Approving, declining and sending to the network are chosen on one page, "Approve or decline".
DECIDE = Button("Approve or decline", "involvement:decide", method="get")
NOT_WAITING_FOR_APPROVAL = "This request is not waiting for approval."
CANNOT_DECIDE_OWN = "You cannot decide on a request you raised."

TRANSITIONS = TransitionsTable(
    [
        Transition(
            action=Action.APPROVE,
            label="Approve",
            from_statuses=frozenset({Status.SUBMITTED}),
            permission="involvement.approve_request",
            rules=(
                from_status(NOT_WAITING_FOR_APPROVAL),
                guard(_not_the_requester, "You cannot approve a request you raised."),
                permitted("You do not lead the team this approval is waiting for."),
                guard(decision_waiting, "You do not lead the team this approval is waiting for."),
            ),
            leads_to=frozenset({Status.SUBMITTED, Status.APPROVED, Status.OPEN}),
            records='"Approved for ..." while a part still waits; then approved, and a network request open',
            notifies=frozenset({"decision", "psw_requested"}),
            button=DECIDE,
        ),
        Transition(
            action=Action.DECLINE,
            label="Decline",
            from_statuses=frozenset({Status.SUBMITTED}),
            permission="involvement.approve_request",
            rules=(
                from_status(NOT_WAITING_FOR_APPROVAL),
                guard(_not_the_requester, CANNOT_DECIDE_OWN),
                permitted("You do not lead a team this request is still waiting for."),
                guard(decision_waiting, "You do not lead a team this request is still waiting for."),
            ),
            leads_to=frozenset({Status.DECLINED}),
            records="declined, with the reason",
            notifies=frozenset({"decision"}),
            button=DECIDE,
        ),
        Transition(
            action=Action.REDIRECT,
            label="Send to the Together network instead",
            from_statuses=frozenset({Status.SUBMITTED}),
            permission="involvement.approve_request",
            rules=(
                guard(_for_a_psw, "Only a request for a peer support worker can be sent to the network."),
                from_status(NOT_WAITING_FOR_APPROVAL),
                guard(_not_the_requester, CANNOT_DECIDE_OWN),
                permitted("You do not lead a team this request is waiting for."),
                guard(decision_waiting, "You do not lead a team this request is waiting for."),
            ),
            leads_to=frozenset({Status.SUBMITTED, Status.OPEN}),
            records="sent to the Together network; then approved and open, or waiting for the requesting team",
            notifies=frozenset({"redirected"}),
            button=DECIDE,
        ),
        Transition(
            action=Action.CONFIRM,
            label="Confirm I will join",
            from_statuses=frozenset({Status.APPROVED}),
            permission="involvement.confirm_request",
            rules=(
                guard(_for_a_psw, "Only a request for a peer support worker is confirmed by them."),
                permitted("Only the peer support worker named can confirm."),
                from_status("This request is not waiting for your confirmation."),
            ),
            leads_to=frozenset({Status.CONFIRMED}),
            records="confirmed by the peer support worker",
            notifies=frozenset({"confirmed"}),
            button=Button("Confirm I will join", "involvement:confirm"),
        ),
        Transition(
            action=Action.PSW_DECLINE,
            label="I cannot take part",
            from_statuses=frozenset({Status.APPROVED}),
            permission="involvement.confirm_request",
            rules=(
                guard(_for_a_psw, "Only a request for a peer support worker is answered by them."),
                permitted("Only the peer support worker named can answer."),
                from_status("This request is not waiting for your answer."),
            ),
            leads_to=frozenset({Status.DECLINED}),
            records="declined, with their reason or that they cannot take part; their hours are released",
            notifies=frozenset({"psw_unable"}),
            button=Button("I cannot take part", "involvement:psw_decline", style="secondary"),
        ),
        Transition(
            action=Action.SUBMIT,
            label="Send for approval",
            from_statuses=frozenset({Status.DRAFT}),
            permission="involvement.edit_request",
            rules=(
                permitted("Only the person who raised the request can submit it."),
                from_status("This request has already been submitted."),
            ),
            leads_to=frozenset({Status.SUBMITTED}),
            records="submitted",
            notifies=frozenset({"approval_needed", "submitted"}),
            button=Button("Send for approval", "involvement:submit"),
        ),
        Transition(
            action=Action.EDIT,
            label="Change",
            from_statuses=frozenset({Status.DRAFT}),
            permission="involvement.edit_request",
            rules=(
                permitted("Only the person who raised the request can change it."),
                from_status("Only a draft can be changed."),
            ),
            leads_to=frozenset({Status.DRAFT}),
            records="nothing: a draft changes without a line on its timeline",
            button=Button("Change", "involvement:edit", style="secondary", method="get"),
        ),
        Transition(
            action=Action.COMPLETE,
            label="Mark as done",
            from_statuses=frozenset({Status.FILLED, Status.CONFIRMED}),
            permission="involvement.complete_request",
            rules=(
                permitted("Only the requester can mark the activity as done."),
                from_status("Only a filled or confirmed request can be completed."),
                guard(_activity_happened, "The activity has not happened yet."),
            ),
            leads_to=frozenset({Status.COMPLETED}),
            records="completed",
            button=Button("Mark as done", "involvement:complete"),
        ),
        Transition(
            action=Action.CLOSE,
            label="Close the request",
            from_statuses=frozenset({Status.COMPLETED}),
            permission="involvement.complete_request",
            rules=(
                permitted("Only the requester can close the request."),
                from_status("Only a completed request can be closed."),
            ),
            leads_to=frozenset({Status.CLOSED}),
            records="closed, with any note",
            button=Button("Close the request", "involvement:close"),
        ),
        Transition(
            action=Action.CANCEL,
            label="Cancel the activity",
            from_statuses=frozenset({Status.APPROVED, Status.OPEN, Status.FILLED, Status.CONFIRMED}),
            permission="involvement.manage_request",
            rules=(
                permitted("Only the requester or a lead of the requesting team can cancel this request."),
                from_status("Only an approved request can be cancelled; withdraw it instead."),
            ),
            leads_to=frozenset({Status.CANCELLED}),
            records="cancelled, with the reason; everyone booked is told",
            notifies=frozenset({"cancelled"}),
            button=Button("Cancel the activity", "involvement:cancel", style="warning", method="get"),
        ),
        Transition(
            action=Action.WITHDRAW,
            label="Withdraw request",
            # Once every place is filled the activity is going ahead: it is cancelled, with a reason.
            from_statuses=frozenset({Status.DRAFT, Status.SUBMITTED, Status.APPROVED, Status.OPEN, Status.CONFIRMED}),
            permission="involvement.withdraw_request",
            rules=(
                permitted("Only the person who raised the request can withdraw it."),
                from_status("This request can no longer be withdrawn; cancel it instead."),
            ),
            leads_to=frozenset({Status.WITHDRAWN}),
            records="withdrawn, with any reason; after a draft, everyone involved is told",
            notifies=frozenset({"withdrawn"}),
            button=Button("Withdraw request", "involvement:withdraw", style="warning", method="get"),
        ),
        Transition(
            action=Action.RECORD_OUTCOME,
            label="Record what changed",
            from_statuses=frozenset({Status.COMPLETED, Status.CLOSED}),
            permission="involvement.record_outcome",
            rules=(
                permitted("Only the person who asked for the activity can record what changed."),
                from_status("You can record what changed once the activity is done."),
            ),
            leads_to=frozenset({Status.COMPLETED, Status.CLOSED}),
            records='"Recorded what changed (you said, we did)", or "Changed what changed"; the status stays',
            # Offered in the page's "You said, we did" section, not among its buttons.
        ),
        Transition(
            action=Action.EXPIRE,
            label="Expire",
            from_statuses=frozenset({Status.SUBMITTED, Status.OPEN}),
            permission=None,
            rules=(
                from_status("Only a waiting or open request can expire."),
                guard(_closing_date_passed, "The closing date has not passed yet."),
            ),
            leads_to=frozenset({Status.EXPIRED}),
            records="expired (automatic)",
            notifies=frozenset({"expired"}),
        ),
    ]
)


def allowed_actions(request: InvolvementRequest, user) -> AllowedActions:
    """What this person may do to the request now: the request page's buttons come from these.

    Reads the request's teams' leads and the PSW's team: load the request with
    selectors.request_detail so the page makes no further queries.
    """
    return TRANSITIONS.allowed(request, user)


def check(action: Action, request: InvolvementRequest, by) -> None:
    """Raise TransitionNotAllowed, saying why, unless `by` may take the action now (None: the scheduled job)."""
    TRANSITIONS.check(action, request, by)


def why_not(action: Action, request: InvolvementRequest, user) -> str | None:
    """Why this person may not take the action now, in the refusal's words; None when they may."""
    return TRANSITIONS.why_not(action, request, user)
