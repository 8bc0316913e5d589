"""Reads for involvement pages, each with what its page needs joined (constant query counts)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import django_filters
from django.db.models import Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from peersupport.accounts.roles import Role
from peersupport.ui.filters import ANY, ListFilters, RecordFilter, SortFilter

from .models import ActivityType, InvolvementRequest, RequestEvent, Route, Status
from .services.requests import month_bounds, psw_hours_booked, psw_time_booked

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
