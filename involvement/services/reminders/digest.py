"""The weekly digest to team leads, on Monday mornings.

One email per team lead: the approvals waiting for them (the same list as their "Waiting for
your approval" tab) and, for each peer support worker in the teams they lead, the involvement
hours approved this month against the person's allowance (the protected-time rule of ADR 0008,
counted as `psw_hours_booked` counts them). A lead with nothing waiting and no peer support
workers gets nothing; a lead who switched the digest off on /notifications/preferences/ gets
nothing either. The object key names the ISO week, so the job sends one digest a week however
often it runs.

The reads are a fixed handful of queries whatever the number of leads, requests and workers:
everything is loaded once and shared out in Python.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Prefetch, Sum
from django.utils import timezone

from notifications.models import NotificationPreference
from peersupport.accounts.roles import Role
from workforce.models import PeerSupportWorker, PeerSupportWorkerStatus, Team

from ...models import InvolvementRequest, Status
from ...notification_types import WeeklyDigest
from ...selectors import AllowancePosition, month_bounds, psw_time_booked
from ...transitions import decision_waiting
from .common import already_told, each_on_its_own, still_to_tell

WEEKLY_DIGEST = WeeklyDigest.slug


@dataclass(frozen=True)
class ProtectedTime(AllowancePosition):
    """One peer support worker's month: `booked` of `allowance` hours, `left`."""

    worker: PeerSupportWorker | None = None

    @property
    def over(self) -> bool:
        """More booked than allowed: the allowance was lowered after approvals."""
        return self.booked > self.allowance


@dataclass
class Digest:
    lead: object
    approvals: list[InvolvementRequest] = field(default_factory=list)
    protected_time: list[ProtectedTime] = field(default_factory=list)

    @property
    def has_news(self) -> bool:
        return bool(self.approvals or self.protected_time)


def week_key(day: datetime.date) -> str:
    year, week, _ = day.isocalendar()
    return f"digest:{year}-W{week:02d}"


def team_leads():
    """Active team leads with at least one active team, their teams prefetched (two queries)."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.TEAM_LEAD, led_teams__is_active=True)
        .distinct()
        .prefetch_related(Prefetch("led_teams", queryset=Team.objects.filter(is_active=True).order_by("name")))
        .order_by("pk")
    )


def _waiting_for_approval() -> list[InvolvementRequest]:
    return list(
        InvolvementRequest.objects.filter(status=Status.SUBMITTED)
        .select_related("requesting_team__service", "peer_support_worker__team", "requester")
        .prefetch_related("requesting_team__leads", "peer_support_worker__team__leads")
        .order_by("submitted_at", "pk")
    )


def _protected_time(team_ids: set[int], today: datetime.date) -> dict[int, list[ProtectedTime]]:
    """Each team's peer support workers in post, with this month's booked hours (two queries)."""
    workers = list(
        PeerSupportWorker.objects.filter(team_id__in=team_ids)
        .exclude(status=PeerSupportWorkerStatus.LEFT)
        .select_related("team")
        .order_by("full_name", "pk")
    )
    first, last = month_bounds(today)
    booked = dict(
        psw_time_booked()
        .filter(peer_support_worker__in=[worker.pk for worker in workers], activity_date__range=(first, last))
        .values("peer_support_worker")
        .annotate(total=Sum("psw_hours"))
        .values_list("peer_support_worker", "total")
    )
    by_team = defaultdict(list)
    for worker in workers:
        by_team[worker.team_id].append(
            ProtectedTime(
                month=first,
                allowance=worker.monthly_allowance,
                booked=booked.get(worker.pk) or Decimal(0),
                worker=worker,
            )
        )
    return by_team


def digests(*, today: datetime.date) -> list[Digest]:
    """What each team lead who wants the digest would be sent (switched-off leads left out)."""
    leads = list(team_leads())
    switched_off = NotificationPreference.switched_off(WEEKLY_DIGEST, [lead.pk for lead in leads])
    leads = [lead for lead in leads if lead.pk not in switched_off]
    if not leads:
        return []
    waiting = _waiting_for_approval()
    by_team = _protected_time({team.pk for lead in leads for team in lead.led_teams.all()}, today)
    result = []
    for lead in leads:
        digest = Digest(
            lead=lead,
            approvals=[
                request for request in waiting if request.requester_id != lead.pk and decision_waiting(request, lead)
            ],
            protected_time=[row for team in lead.led_teams.all() for row in by_team.get(team.pk, [])],
        )
        if digest.has_news:
            result.append(digest)
    return result


def weekly_digest_send(*, today: datetime.date | None = None) -> int:
    """Send each team lead their digest for this ISO week, once. Returns the messages written."""
    today = today or timezone.localdate()
    key = week_key(today)
    all_digests = digests(today=today)
    told = already_told(events=[WEEKLY_DIGEST], object_keys=[key])
    sent = 0
    for digest in all_digests:
        recipients = still_to_tell([digest.lead], event=WEEKLY_DIGEST, object_key=key, told=told)
        if not recipients:
            continue
        with each_on_its_own("Weekly digest", digest.lead.pk), transaction.atomic():
            # `digests` left out the leads who switched it off: nothing more to read.
            sent += len(WeeklyDigest(digest=digest, window=key, today=today).send(switched_off=set()))
    return sent
