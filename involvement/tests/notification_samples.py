"""A sample of each of involvement's notification types, for the test that renders every registered
type (notifications/tests/test_types.py). A new type in involvement/notification_types.py needs one here."""

import datetime

from involvement.models import Route
from involvement.notification_types import (
    ApprovalEscalated,
    ApprovalNeeded,
    ApprovalWaiting,
    PeerSupportWorkerRequested,
    PeerSupportWorkerUnable,
    RequestCancelled,
    RequestConfirmed,
    RequestDecision,
    RequestExpired,
    RequestRedirected,
    RequestSubmitted,
    RequestWithdrawn,
    WeeklyDigest,
)
from involvement.services.reminders.digest import Digest
from involvement.tests.factories import approved_request, confirmed_request, make_team_lead, submitted_request
from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory
from workforce.tests.factories import PeerSupportWorkerFactory


def psw_request(**fields):
    worker = PeerSupportWorkerFactory(user=UserFactory(roles=[Role.PEER_SUPPORT_WORKER]))
    return approved_request(route=Route.PSW, peer_support_worker=worker, **fields)


def _reminder(kind, **extra):
    request = submitted_request(route=Route.PSW)
    lead = request.requesting_team.leads.first()
    return kind(
        request=request,
        to=[lead],
        window=f"involvement.involvementrequest:{request.pk}:waiting-since:2026-11-02",
        working_days=6,
        submitted_on=datetime.date(2026, 11, 2),
        **extra,
    )


def _digest():
    lead = make_team_lead()
    waiting = submitted_request(team_lead=lead)
    return WeeklyDigest(
        digest=Digest(lead=lead, approvals=[waiting]), window="digest:2026-W48", today=datetime.date(2026, 11, 23)
    )


SAMPLES = {
    "approval_needed": lambda: ApprovalNeeded(request=submitted_request()),
    "submitted": lambda: RequestSubmitted(request=submitted_request()),
    "decision": lambda: RequestDecision(request=approved_request()),
    "psw_requested": lambda: PeerSupportWorkerRequested(request=psw_request()),
    "redirected": lambda: RequestRedirected(request=approved_request(), worker=PeerSupportWorkerFactory()),
    "confirmed": lambda: RequestConfirmed(request=confirmed_request()),
    "psw_unable": lambda: PeerSupportWorkerUnable(request=psw_request(), reason="I am on leave that week"),
    "withdrawn": lambda: RequestWithdrawn(request=submitted_request(), reason="The post was withdrawn"),
    "cancelled": lambda: RequestCancelled(request=approved_request(), reason="The panel moved online"),
    "expired": lambda: RequestExpired(request=submitted_request()),
    "approval_waiting": lambda: _reminder(ApprovalWaiting),
    "approval_escalated": lambda: _reminder(ApprovalEscalated, still_deciding=[make_team_lead()]),
    "weekly_digest": _digest,
}
