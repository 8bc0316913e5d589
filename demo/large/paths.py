"""The ways a request, an invitation and a claim move, written as the actions of their transitions
tables, and checked against those tables before a single row is written.

A path is a list of actions; `walk` follows it through the table's rows (`starts_from` and
`leads_to`) and gives the statuses it passes. A path the table does not allow is refused here,
so the bulk rows can only hold statuses the services could have reached.
"""

from dataclasses import dataclass

from involvement.models import Route, Status
from involvement.transitions import TRANSITIONS, Action
from together_network.models import ClaimStatus, InvitationStatus
from together_network.transitions import CLAIM_TRANSITIONS, INVITATION_TRANSITIONS, ClaimAction, InvitationAction

# Not actions of a table: what happens by itself as a consequence of another object's action.
FILL = "fill"  # the last place accepted (an invitation's accept) makes an open request filled
CALL_OFF = "call_off"  # a request withdrawn, cancelled or expired calls off its invitations and places
INVITE = "invite"  # a coordinator's invitations: a line on the timeline, the status stays
OPENS = "opens"  # a network request, once fully approved, opens for matching by itself (request_approve)

# invitations_end_with_request: the invitations a request's ending calls off.
CALLED_OFF_FROM = frozenset({InvitationStatus.INVITED, InvitationStatus.ACCEPTED, InvitationStatus.WAITING})


class PathNotAllowed(Exception):
    """A path takes an action its table does not allow from the status it has reached."""


def walk(table, start: str, actions) -> list[tuple[str, str]]:
    """The (from, to) of each step, checked against the table; `to` is the step's own choice when the
    row leads to several statuses (approve leads to approved, and then open for the network)."""
    steps, status = [], start
    for action, to in actions:
        if action == INVITE:
            _require(status in {Status.OPEN, Status.FILLED}, f"invite from {status}")
        elif action == OPENS:
            _require(status == Status.APPROVED and to in TRANSITIONS[Action.APPROVE].leads_to, f"open from {status}")
        elif action == FILL:
            _require(status == Status.OPEN, f"fill from {status}")
        elif action == CALL_OFF:
            _require(status in CALLED_OFF_FROM, f"call off from {status}")
        else:
            row = table[action]
            _require(row.starts_from(status), f"{action} from {status}")
            _require(to in row.leads_to, f"{action} to {to}")
        steps.append((status, to))
        status = to
    return steps


def _require(condition: bool, what: str) -> None:
    if not condition:
        raise PathNotAllowed(what)


@dataclass(frozen=True)
class RequestPath:
    """How a request went: its route, its actions (each with the status it leads to), and when."""

    name: str
    route: str
    actions: tuple[tuple[str, str], ...]
    when: str  # "past": the activity has happened; "future": still ahead; "any"
    weight: int

    @property
    def final(self) -> str:
        return self.actions[-1][1] if self.actions else Status.DRAFT

    @property
    def opened(self) -> bool:
        return any(to == Status.OPEN for _action, to in self.actions)

    @property
    def filled(self) -> bool:
        return any(action == FILL for action, _to in self.actions)

    @property
    def books_psw(self) -> bool:
        """The PSW's team lead approved their time (it counts against the allowance while it stands)."""
        return self.route == Route.PSW and any(action == Action.APPROVE for action, _to in self.actions)


SUBMIT = (Action.SUBMIT, Status.SUBMITTED)
OPEN_AND_INVITE = ((Action.APPROVE, Status.APPROVED), (OPENS, Status.OPEN), (INVITE, Status.OPEN))
DONE = ((Action.COMPLETE, Status.COMPLETED),)
CLOSED = (*DONE, (Action.CLOSE, Status.CLOSED))
PSW_CONFIRMED = ((Action.APPROVE, Status.APPROVED), (Action.CONFIRM, Status.CONFIRMED))


def _network(name, actions, when, weight) -> RequestPath:
    return RequestPath(name, Route.NETWORK, tuple(actions), when, weight)


def _psw(name, actions, when, weight) -> RequestPath:
    return RequestPath(name, Route.PSW, tuple(actions), when, weight)


# Weights are out of 1000 requests: most of a trust's history is done and closed.
REQUEST_PATHS = [
    _network("closed", (SUBMIT, *OPEN_AND_INVITE, (FILL, Status.FILLED), *CLOSED), "past", 300),
    _network("completed", (SUBMIT, *OPEN_AND_INVITE, (FILL, Status.FILLED), *DONE), "past", 110),
    _network("filled, not yet marked done", (SUBMIT, *OPEN_AND_INVITE, (FILL, Status.FILLED)), "past", 20),
    _network("expired", (SUBMIT, *OPEN_AND_INVITE, (Action.EXPIRE, Status.EXPIRED)), "past", 55),
    _network("cancelled", (SUBMIT, *OPEN_AND_INVITE, (Action.CANCEL, Status.CANCELLED)), "any", 45),
    _network("declined", (SUBMIT, (Action.DECLINE, Status.DECLINED)), "any", 60),
    _network("withdrawn", (SUBMIT, (Action.WITHDRAW, Status.WITHDRAWN)), "any", 40),
    _network("draft", (), "future", 20),
    _network("waiting for approval", (SUBMIT,), "future", 25),
    _network("open", (SUBMIT, *OPEN_AND_INVITE), "future", 60),
    _network("filled", (SUBMIT, *OPEN_AND_INVITE, (FILL, Status.FILLED)), "future", 30),
    _psw("closed", (SUBMIT, *PSW_CONFIRMED, *CLOSED), "past", 130),
    _psw("completed", (SUBMIT, *PSW_CONFIRMED, *DONE), "past", 40),
    _psw("declined", (SUBMIT, (Action.DECLINE, Status.DECLINED)), "any", 20),
    _psw("unable", (SUBMIT, (Action.APPROVE, Status.APPROVED), (Action.PSW_DECLINE, Status.DECLINED)), "any", 15),
    _psw("cancelled", (SUBMIT, *PSW_CONFIRMED, (Action.CANCEL, Status.CANCELLED)), "any", 10),
    _psw("waiting for approval", (SUBMIT,), "future", 10),
    _psw("approved", (SUBMIT, (Action.APPROVE, Status.APPROVED)), "future", 5),
    _psw("confirmed", (SUBMIT, *PSW_CONFIRMED), "future", 5),
]
# Over the allowance: the PSW's team lead declines instead (the service refuses the approval).
PSW_OVER_ALLOWANCE = _psw("declined, over the allowance", (SUBMIT, (Action.DECLINE, Status.DECLINED)), "any", 0)

for _path in (*REQUEST_PATHS, PSW_OVER_ALLOWANCE):
    walk(TRANSITIONS, Status.DRAFT, _path.actions)


# --- Invitations and claims ---------------------------------------------------------------------------

ACCEPT = (InvitationAction.ACCEPT, InvitationStatus.ACCEPTED)
INVITATION_PATHS = {
    "invited": (),
    "accepted": (ACCEPT,),
    "waiting": ((InvitationAction.ACCEPT, InvitationStatus.WAITING),),
    "declined": ((InvitationAction.DECLINE, InvitationStatus.DECLINED),),
    "gave up": (ACCEPT, (InvitationAction.GIVE_UP, InvitationStatus.WITHDRAWN)),
}


def invitation_path(answer: str, *, called_off: bool) -> tuple:
    """An invitation's actions; `called_off` when its request ended while it was still open or booked."""
    actions = INVITATION_PATHS[answer]
    last = actions[-1][1] if actions else InvitationStatus.INVITED
    if called_off and last in CALLED_OFF_FROM:
        actions = (*actions, (CALL_OFF, InvitationStatus.CALLED_OFF))
    walk(INVITATION_TRANSITIONS, InvitationStatus.INVITED, actions)
    return actions


CLAIM_PATHS = {
    ClaimStatus.SUBMITTED: (),
    ClaimStatus.APPROVED: ((ClaimAction.APPROVE, ClaimStatus.APPROVED),),
    ClaimStatus.PAID: ((ClaimAction.APPROVE, ClaimStatus.APPROVED), (ClaimAction.MARK_PAID, ClaimStatus.PAID)),
    ClaimStatus.REJECTED: ((ClaimAction.REJECT, ClaimStatus.REJECTED),),
}
for _actions in CLAIM_PATHS.values():
    walk(CLAIM_TRANSITIONS, ClaimStatus.SUBMITTED, _actions)
