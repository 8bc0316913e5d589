"""Approvals waiting too long: a reminder to the approvers, then an escalation.

A request waiting for approval more than three working days reminds the team leads who still
have a part to decide (ADR 0008: the requesting team's, and for a PSW ask the PSW's team's).
More than five working days, it is escalated once: to the peer support lead for a PSW ask (their
workforce's time is waiting), to the network coordinators for a Together network request (their
pool is waiting). Working days are Monday to Friday; bank holidays are not kept, so they count
as working days (see `common.working_days_between`).

The clock starts when the request was submitted. Each message goes once per request (its
object key names the day it was submitted), so the daily job can run any number of times.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from peersupport.accounts.roles import Role
from peersupport.accounts.selectors import coordinators, peer_support_leads

from ...models import InvolvementRequest, Status
from ...notification_types import ApprovalEscalated, ApprovalWaiting
from .common import already_told, each_on_its_own, still_to_tell, working_days_between

APPROVAL_WAITING = ApprovalWaiting.slug
APPROVAL_ESCALATED = ApprovalEscalated.slug
# Working days a request may wait before each message: it goes once the wait is longer.
REMIND_AFTER = 3
ESCALATE_AFTER = 5


def submitted_on(request: InvolvementRequest) -> datetime.date:
    return timezone.localtime(request.submitted_at).date()


def waiting_key(request: InvolvementRequest) -> str:
    return f"involvement.involvementrequest:{request.pk}:waiting-since:{submitted_on(request):%Y-%m-%d}"


def requests_waiting_since_before(day: datetime.date) -> list[InvolvementRequest]:
    """Requests still waiting for approval, submitted before `day`, with the leads of their teams (four queries)."""
    # Only those who may approve (the team lead role, as the permission asks), not anyone listed.
    active_leads = get_user_model().objects.filter(is_active=True, groups__name=Role.TEAM_LEAD).order_by("pk")
    since = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return list(
        InvolvementRequest.objects.filter(status=Status.SUBMITTED, submitted_at__lt=since)
        .select_related("activity_type", "requester", "requesting_team__service", "peer_support_worker__team")
        .prefetch_related(
            "further_sessions",
            Prefetch("requesting_team__leads", queryset=active_leads),
            Prefetch("peer_support_worker__team__leads", queryset=active_leads),
        )
        .order_by("submitted_at", "pk")
    )


def still_deciding(request: InvolvementRequest) -> list:
    """The leads with a part of the request still to decide (from the prefetched leads), never the requester."""
    people = []
    if request.team_approved_at is None:
        people += request.requesting_team.leads.all()
    if request.is_psw_request and request.psw_approved_at is None:
        people += request.peer_support_worker.team.leads.all()
    unique = {person.pk: person for person in people if person.pk != request.requester_id}
    return list(unique.values())


def approval_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind approvers of requests waiting more than three working days; escalate after five.
    Returns the messages written."""
    today = today or timezone.localdate()
    # More than three working days always means at least four calendar days.
    waiting = [
        (request, working_days_between(submitted_on(request), today))
        for request in requests_waiting_since_before(today - datetime.timedelta(days=REMIND_AFTER))
    ]
    waiting = [(request, days) for request, days in waiting if days > REMIND_AFTER]
    told = already_told(
        events=[APPROVAL_WAITING, APPROVAL_ESCALATED], object_keys={waiting_key(request) for request, _ in waiting}
    )
    leads = list(peer_support_leads()) if any(r.is_psw_request for r, d in waiting if d > ESCALATE_AFTER) else []
    network = list(coordinators()) if any(not r.is_psw_request for r, d in waiting if d > ESCALATE_AFTER) else []
    sent = 0
    for request, days in waiting:
        key = waiting_key(request)
        deciding = still_deciding(request)
        approvers = still_to_tell(deciding, event=APPROVAL_WAITING, object_key=key, told=told)
        # The peer support lead oversees a PSW ask, the coordinators a network request.
        overseers = (leads if request.is_psw_request else network) if days > ESCALATE_AFTER else []
        escalate_to = still_to_tell(overseers, event=APPROVAL_ESCALATED, object_key=key, told=told)
        if not (approvers or escalate_to):
            continue  # told already: a second run writes nothing
        window = {"request": request, "window": key, "working_days": days, "submitted_on": submitted_on(request)}
        with each_on_its_own("Approval reminders", request.pk), transaction.atomic():
            if approvers:
                sent += len(ApprovalWaiting(to=approvers, **window).send())
            if escalate_to:
                sent += len(ApprovalEscalated(to=escalate_to, still_deciding=deciding, **window).send())
    return sent
