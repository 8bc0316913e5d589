"""Involvement's notifications: who hears of what happens to a request, and what they read.

Each class is one kind of message (notifications.types); its body is
involvement/templates/involvement/email/<slug>.txt. Services record them with
`Type(request=...).send(actor=by)`, which leaves out the person who acted. The Together network
declares what it adds (a request open for matching, invitations, places, claims) in its own
notification_types.py.
"""

import datetime
from dataclasses import dataclass, field

from django.urls import reverse

from notifications.types import NotificationType
from peersupport.accounts.roles import Role

from .models import InvolvementRequest, Status
from .selectors import approvers_for


def request_page(request: InvolvementRequest) -> str:
    return reverse("involvement:detail", args=[request.pk])


@dataclass(kw_only=True)
class AboutARequest(NotificationType):
    """A message about one request, linking to its page."""

    request: InvolvementRequest

    def about(self) -> InvolvementRequest:
        return self.request

    def link(self) -> str:
        return request_page(self.request)

    def context(self) -> dict:
        return {"request": self.request}


@dataclass(kw_only=True)
class ToTheRequester(AboutARequest):
    sent_to = "the requester"

    def recipients(self) -> list:
        return [self.request.requester]


# --- Approval -------------------------------------------------------------------------------------


@dataclass(kw_only=True)
class ApprovalNeeded(AboutARequest):
    slug = "approval_needed"
    title = "A request needs your approval"
    sent_to = "the team leads who approve it: the requesting team's and, for a peer support worker, their team's"

    def recipients(self) -> list:

        return approvers_for(self.request)

    def subject(self) -> str:
        return f"Approval needed: {self.request.title}"

    def link(self) -> str:
        return reverse("involvement:decide", args=[self.request.pk])


@dataclass(kw_only=True)
class RequestSubmitted(ToTheRequester):
    """A receipt: the requester is told whom their request went to (the request's page does not
    name the approvers), recorded as read so it never counts as news."""

    slug = "submitted"
    title = "Your request was sent for approval (a receipt)"
    sent_to = "the requester who sent it, as a receipt"
    receipt = True

    def subject(self) -> str:
        return f"Submitted for approval: {self.request.title}"

    def context(self) -> dict:

        return {"request": self.request, "approvers": approvers_for(self.request)}


@dataclass(kw_only=True)
class RequestDecision(ToTheRequester):
    slug = "decision"
    title = "Your request was approved or declined"

    def subject(self) -> str:
        return f"{'Approved' if self.request.status != Status.DECLINED else 'Declined'}: {self.request.title}"


@dataclass(kw_only=True)
class PeerSupportWorkerRequested(AboutARequest):
    slug = "psw_requested"
    title = "You have been asked to join an activity"
    sent_to = "the peer support worker named, once their team lead approved their time"

    def recipients(self) -> list:
        worker = self.request.peer_support_worker
        return [worker.user] if worker and worker.user else []

    def subject(self) -> str:
        return f"You have been asked to join: {self.request.title}"


@dataclass(kw_only=True)
class RequestRedirected(ToTheRequester):
    slug = "redirected"
    title = "Your request was sent to the Together network instead"
    worker: object = None  # the peer support worker it first asked for
    changes: list = field(default_factory=list)  # what the lead changed on the way, in plain words
    areas: list = field(default_factory=list)  # the lived experience areas now wanted, by name

    def subject(self) -> str:
        return f"Sent to the Together network: {self.request.title}"

    def context(self) -> dict:
        return {"request": self.request, "worker": self.worker, "changes": self.changes, "areas": self.areas}


@dataclass(kw_only=True)
class RequestConfirmed(ToTheRequester):
    slug = "confirmed"
    title = "The peer support worker confirmed they will join"

    def subject(self) -> str:
        return f"Confirmed: {self.request.title}"


@dataclass(kw_only=True)
class PeerSupportWorkerUnable(ToTheRequester):
    slug = "psw_unable"
    title = "The peer support worker cannot take part"
    reason: str = ""

    def subject(self) -> str:
        return f"{self.request.peer_support_worker} cannot take part: {self.request.title}"

    def context(self) -> dict:
        return {"request": self.request, "reason": self.reason.strip()}


# --- A request ending -----------------------------------------------------------------------------


@dataclass(kw_only=True)
class RequestEnded(AboutARequest):
    """Withdrawn or cancelled: everyone involved is told. The Together network tells the experts by
    experience with a place or waiting the same message (`to`), on involvement's `request_ended`."""

    sent_to = (
        "the requester, the peer support worker named (once their lead approved), the approvers still "
        "deciding; the Together network adds the experts by experience with a place or waiting"
    )
    reason: str = ""
    to: list | None = None  # others to tell the same, instead of the request's people
    # Where `to` look instead of the request's page, which is staff's (the network's portal).
    their_page: str = ""

    def recipients(self) -> list:
        if self.to is not None:
            return self.to
        request = self.request
        told = [request.requester]
        if request.is_psw_request and request.psw_approved_at and request.peer_support_worker.user:
            told.append(request.peer_support_worker.user)
        still_deciding = not request.team_approved_at or (request.is_psw_request and not request.psw_approved_at)
        if request.submitted_at and still_deciding:
            told += approvers_for(request)
        return told

    def link(self) -> str:
        return self.their_page or request_page(self.request)

    def context(self) -> dict:
        return {"request": self.request, "reason": self.reason.strip(), "their_page": bool(self.their_page)}


@dataclass(kw_only=True)
class RequestWithdrawn(RequestEnded):
    slug = "withdrawn"
    title = "A request was withdrawn"

    def subject(self) -> str:
        return f"Withdrawn: {self.request.title}"


@dataclass(kw_only=True)
class RequestCancelled(RequestEnded):
    slug = "cancelled"
    title = "An activity was cancelled"

    def subject(self) -> str:
        return f"Cancelled: {self.request.title}"


@dataclass(kw_only=True)
class RequestExpired(ToTheRequester):
    slug = "expired"
    title = "Your request expired before it was approved or filled"

    def subject(self) -> str:
        return f"Expired: {self.request.title}"


# --- Scheduled: approvals waiting, the weekly digest (docs/adr/0016) ------------------------------


@dataclass(kw_only=True)
class ApprovalReminder(AboutARequest):
    """A request waiting too long. The job finds who is still to tell (`to`) and names the window
    (`window`, the day it was submitted), so each goes once per request."""

    to: list
    window: str
    working_days: int
    submitted_on: datetime.date

    def recipients(self) -> list:
        return self.to

    def object_key(self) -> str:
        return self.window

    def context(self) -> dict:
        return {"request": self.request, "working_days": self.working_days, "submitted_on": self.submitted_on}


@dataclass(kw_only=True)
class ApprovalWaiting(ApprovalReminder):
    slug = "approval_waiting"
    title = "A request still waits for your approval (after 3 working days)"
    sent_to = "the team leads with a part of the request still to decide"

    def subject(self) -> str:
        return f"Still waiting for your approval: {self.request.title}"

    def link(self) -> str:
        return reverse("involvement:decide", args=[self.request.pk])


@dataclass(kw_only=True)
class ApprovalEscalated(ApprovalReminder):
    slug = "approval_escalated"
    title = "A request has waited for approval more than 5 working days"
    sent_to = "peer support leads for a peer support worker's time; network coordinators for a network request"
    still_deciding: list = field(default_factory=list)

    def subject(self) -> str:
        return f"Approval waiting {self.working_days} working days: {self.request.title}"

    def link(self) -> str:
        # Coordinators see network requests only once approved, so their email carries the details and no link.
        return request_page(self.request) if self.request.is_psw_request else ""

    def context(self) -> dict:
        return {**super().context(), "still_deciding": self.still_deciding}


@dataclass(kw_only=True)
class WeeklyDigest(NotificationType):
    """Monday's summary for a team lead (involvement.services.reminders.digest)."""

    slug = "weekly_digest"
    title = "Weekly summary for team leads"
    sent_to = "team leads with approvals waiting or peer support workers in their teams, unless switched off"
    optional = True
    offered_to = Role.TEAM_LEAD
    hint = (
        "On Monday mornings: approvals waiting for you, and the involvement hours your teams' peer "
        "support workers have used this month against their allowance."
    )
    digest: object  # reminders.digest.Digest: the lead, their approvals waiting, their teams' protected time
    window: str  # the ISO week
    today: datetime.date

    def recipients(self) -> list:
        return [self.digest.lead]

    def object_key(self) -> str:
        return self.window

    def subject(self) -> str:
        count = len(self.digest.approvals)
        if not count:
            return "Your weekly summary: no approvals waiting"
        return f"Your weekly summary: {count} approval{'' if count == 1 else 's'} waiting"

    def context(self) -> dict:
        return {
            "digest": self.digest,
            "week_start": self.today - datetime.timedelta(days=self.today.weekday()),
            "month": self.today.replace(day=1),
            "preferences_url": reverse("notifications:preferences"),
        }

    def link(self) -> str:
        return f"{reverse('involvement:index')}?scope=approve"
