"""Reads for involvement pages, each with what its page needs joined (constant query counts)."""

import calendar
import datetime
from dataclasses import dataclass
from decimal import Decimal

import django_filters
from django.db.models import DecimalField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from peersupport.accounts.roles import Role
from peersupport.ui.filters import ANY, ListFilters, RecordFilter, SortFilter
from workforce.models import PeerSupportWorker

from .models import RELEASED_STATUSES, ActivityType, InvolvementRequest, RequestEvent, Route, Status

SORTS = {
    "newest": ("Newest first", ["-created_at", "-pk"]),
    "oldest": ("Oldest first", ["created_at", "-pk"]),
    "soonest": ("Activity date, soonest", ["activity_date", "-pk"]),
    "latest": ("Activity date, latest", ["-activity_date", "-pk"]),
}


def _list_base() -> QuerySet[InvolvementRequest]:
    return InvolvementRequest.objects.select_related(
        "activity_type", "requesting_team__service", "peer_support_worker", "requester"
    )


def waiting_for_approval_by(*, user) -> QuerySet[InvolvementRequest]:
    """Submitted requests with a part this person can approve (never their own)."""
    return (
        _list_base()
        .filter(status=Status.SUBMITTED)
        .filter(
            Q(requesting_team__leads=user, team_approved_at__isnull=True)
            | Q(route=Route.PSW, peer_support_worker__team__leads=user, psw_approved_at__isnull=True)
        )
        .exclude(requester=user)
        .distinct()
    )


def scopes_for(user) -> list[tuple[str, str]]:
    """The tabs of the requests list this person has, in order."""
    scopes = [("mine", "Your requests")]
    if user.has_role(Role.TEAM_LEAD):
        scopes += [("approve", "Waiting for your approval"), ("team", "Your teams' requests")]
    if user.has_role(Role.NETWORK_COORDINATOR):
        scopes.append(("network", "Together network requests"))
    if user.has_role(Role.PEER_SUPPORT_LEAD):
        scopes.append(("psw", "Requests for peer support workers"))
    if user.has_role(Role.PEER_SUPPORT_WORKER):
        scopes.append(("named", "Requests that name you"))
    if user.has_role(Role.ADMIN):
        scopes.append(("all", "All requests"))
    if user.has_role(Role.PEER_SUPPORT_WORKER) and not user.has_role(Role.REQUESTER):
        # A peer support worker who raises no requests opens the list on the requests that name them.
        scopes.insert(0, scopes.pop(scopes.index(("named", "Requests that name you"))))
    return scopes


def _in_scope(*, user, scope: str) -> QuerySet[InvolvementRequest]:
    """The requests behind one tab of the list (its first, "mine", for a tab the person does not have)."""
    queryset = _list_base()
    if scope == "approve":
        return waiting_for_approval_by(user=user)
    if scope == "team":
        return queryset.filter(
            Q(requesting_team__leads=user) | Q(route=Route.PSW, peer_support_worker__team__leads=user)
        ).distinct()
    if scope == "network":
        return queryset.filter(route=Route.NETWORK, team_approved_at__isnull=False)
    if scope == "psw":
        return queryset.filter(route=Route.PSW).exclude(status=Status.DRAFT)
    if scope == "named":
        return queryset.filter(route=Route.PSW, peer_support_worker__user=user).exclude(
            status__in=[Status.DRAFT, Status.SUBMITTED]
        )
    if scope == "all":
        return queryset.exclude(Q(status=Status.DRAFT) & ~Q(requester=user))
    return queryset.filter(requester=user)


class RequestFilters(ListFilters):
    """The requests list's filters, within the tab (`scope`) chosen above them."""

    status = django_filters.ChoiceFilter(choices=Status.choices, label="Status", empty_label=ANY)
    activity_type = RecordFilter(queryset=ActivityType.objects.all(), label="Activity")
    route = django_filters.ChoiceFilter(choices=Route.choices, label="Asked of", empty_label="Anyone")
    sort = SortFilter(SORTS, shown=("newest", "oldest", "soonest"))


def request_filters(*, user, scope: str, data=None) -> RequestFilters:
    """The requests list: one tab's requests, filtered and sorted by the page's parameters."""
    return RequestFilters(data, _in_scope(user=user, scope=scope), keep={"scope": scope})


def requests_for_list(*, user, scope: str, **filters: str) -> QuerySet[InvolvementRequest]:
    """One tab's requests as filtered by `filters` (the list's parameters by name), for home-page panels."""
    return request_filters(user=user, scope=scope, data=filters).qs


def request_detail(*, request_id: int) -> InvolvementRequest:
    return (
        InvolvementRequest.objects.select_related(
            "activity_type",
            "requesting_team__service",
            "peer_support_worker__team",
            "requester",
            "team_approved_by",
            "psw_approved_by",
        )
        .prefetch_related(
            "lived_experience_areas",
            "skills",
            "further_sessions",
            "requesting_team__leads",
            "peer_support_worker__team__leads",
            Prefetch("events", queryset=RequestEvent.objects.select_related("actor")),
        )
        .get(pk=request_id)
    )


@dataclass(frozen=True)
class AllowancePosition:
    month: datetime.date
    allowance: Decimal
    booked: Decimal

    @property
    def left(self) -> Decimal:
        return max(self.allowance - self.booked, Decimal(0))


def allowance_positions(*, request: InvolvementRequest) -> list[AllowancePosition]:
    """The named PSW's hours this month and in the activity's month (once if the same)."""
    worker = request.peer_support_worker
    months = [timezone.localdate().replace(day=1)]
    activity_month = request.activity_date.replace(day=1)
    if activity_month != months[0]:
        months.append(activity_month)
    return [
        AllowancePosition(
            month=month,
            allowance=worker.monthly_allowance,
            booked=psw_hours_booked(peer_support_worker=worker, month_of=month),
        )
        for month in months
    ]


def psw_hours_booked_by_month(*, first_month: datetime.date, last_month: datetime.date) -> dict[datetime.date, Decimal]:
    """Every PSW's booked hours added up per month (keyed by the month's first day), in one query."""
    first, _ = month_bounds(first_month)
    _, last = month_bounds(last_month)
    rows = (
        psw_time_booked()
        .filter(activity_date__range=(first, last))
        .annotate(month=TruncMonth("activity_date"))
        .values("month")
        .annotate(total=Sum("psw_hours"))
        .values_list("month", "total")
    )
    return {month: total or Decimal(0) for month, total in rows}


# --- The allowance and who decides: the services read these too -------------------------


def month_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def psw_hours_booked(*, peer_support_worker: PeerSupportWorker, month_of: datetime.date) -> Decimal:
    """Hours approved by the PSW's team lead for activities in that month, not since released."""
    first, last = month_bounds(month_of)
    total = (
        psw_time_booked()
        .filter(peer_support_worker=peer_support_worker, activity_date__range=(first, last))
        .aggregate(total=Sum("psw_hours"))["total"]
    )
    return total or Decimal(0)


def with_hours_booked_in_month(workers: QuerySet[PeerSupportWorker], *, month_of: datetime.date) -> QuerySet:
    """The workers, each with `hours_booked` in that month, in the same query (the PSW picker's labels)."""
    first, last = month_bounds(month_of)
    booked = (
        psw_time_booked()
        .filter(peer_support_worker=OuterRef("pk"), activity_date__range=(first, last))
        .order_by()
        .values("peer_support_worker")
        .annotate(total=Sum("psw_hours"))
        .values("total")
    )
    return workers.annotate(
        hours_booked=Coalesce(
            Subquery(booked), Value(Decimal(0)), output_field=DecimalField(max_digits=6, decimal_places=2)
        )
    )


def psw_time_booked() -> QuerySet[InvolvementRequest]:
    """PSW requests whose hours count against an allowance: approved for the PSW's time, not released."""
    return InvolvementRequest.objects.filter(route=Route.PSW, psw_approved_at__isnull=False).exclude(
        status__in=RELEASED_STATUSES
    )


def approvers_for(request: InvolvementRequest) -> list:
    """Who is asked to decide: the requesting team's leads and, for a PSW, their team's leads."""
    people = list(request.requesting_team.leads.filter(is_active=True))
    if request.is_psw_request and request.peer_support_worker:
        people += list(request.peer_support_worker.team.leads.filter(is_active=True))
    unique = {person.pk: person for person in people if person.pk != request.requester_id}
    return list(unique.values())


def told_when_withdrawn(*, request: InvolvementRequest) -> list[str]:
    """Who hears of a withdrawal, in the words the confirmation page uses (as `RequestWithdrawn` and
    the network's `request_ended` listener decide; no queries)."""
    if request.status == Status.DRAFT:
        return []
    told = []
    still_deciding = not request.team_approved_at or (request.is_psw_request and not request.psw_approved_at)
    if request.status == Status.SUBMITTED and still_deciding:
        told.append("the leads still deciding on it")
    if request.is_psw_request and request.psw_approved_at:
        told.append(f"{request.peer_support_worker}, the peer support worker named")
    if request.route == Route.NETWORK and request.team_approved_at:
        told.append("every expert by experience with a place or on the waiting list (open invitations end)")
    return told
