"""Reads for the workforce dashboard: headcount and WTE over time, establishment, targets, compliance.

How each figure is defined is written down in docs/adr/0011-workforce-compliance.md. Every
function here costs a fixed number of queries whatever the size of the workforce: the history
is one query of (start, end, hours, category) rows added up in Python.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, DecimalField, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from involvement.selectors import psw_hours_booked_by_month

from ..models import (
    FULL_TIME_HOURS,
    FundedPost,
    GrowthTarget,
    PeerSupportWorker,
    PeerSupportWorkerStatus,
    ServiceCategory,
    Team,
    TrainingRecord,
)
from . import TrainingStatus, overall_training_status, training_compliance, with_supervision

FIRST_YEAR = 2017
TWO_PLACES = Decimal("0.01")


def wte(hours: Decimal) -> Decimal:
    return (hours / FULL_TIME_HOURS).quantize(TWO_PLACES)


def count_day(year: int, today: datetime.date) -> datetime.date:
    """Figures for a year are counted on 31 March (the end of the NHS financial year); this year's, today."""
    return today if year == today.year else datetime.date(year, 3, 31)


def in_post(start: datetime.date, end: datetime.date | None, day: datetime.date) -> bool:
    return start <= day and (end is None or end > day)


def in_post_on(day: datetime.date) -> Q:
    """The same rule as `in_post`, for the database."""
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gt=day))


@dataclass(frozen=True)
class Staffing:
    headcount: int = 0
    hours: Decimal = Decimal(0)

    @property
    def whole_time_equivalent(self) -> Decimal:
        return wte(self.hours)

    def plus(self, hours: Decimal) -> "Staffing":
        return Staffing(self.headcount + 1, self.hours + hours)


@dataclass(frozen=True)
class YearFigures:
    year: int
    day: datetime.date
    staffing: Staffing
    by_category: dict[str, Staffing]
    starters: int
    leavers: int
    turnover_percent: Decimal | None

    @property
    def headcount(self) -> int:
        return self.staffing.headcount

    @property
    def whole_time_equivalent(self) -> Decimal:
        return self.staffing.whole_time_equivalent


def headcount_history(*, today: datetime.date | None = None) -> list[YearFigures]:
    """Each year from 2017: who was in post on its count day, and who started and left in the year to it.

    The year to a count day runs from the day after the previous count day, so headcount at the
    end equals headcount at the start plus starters minus leavers. Turnover is leavers over the
    average of the headcounts at the two ends, as a percentage.
    """
    today = today or timezone.localdate()
    rows = list(
        PeerSupportWorker.objects.filter(start_date__lte=today).values_list(
            "start_date", "end_date", "contracted_hours", "team__service__category"
        )
    )
    history = []
    previous_day = datetime.date(FIRST_YEAR - 1, 3, 31)
    previous_headcount = sum(1 for start, end, _hours, _category in rows if in_post(start, end, previous_day))
    for year in range(FIRST_YEAR, today.year + 1):
        day = count_day(year, today)
        staffing = Staffing()
        by_category = {category: Staffing() for category in ServiceCategory.values}
        starters = leavers = 0
        for start, end, hours, category in rows:
            if in_post(start, end, day):
                staffing = staffing.plus(hours)
                by_category[category] = by_category[category].plus(hours)
            starters += previous_day < start <= day
            leavers += end is not None and previous_day < end <= day
        average = Decimal(previous_headcount + staffing.headcount) / 2
        turnover = (Decimal(leavers) * 100 / average).quantize(Decimal("0.1")) if average else None
        history.append(YearFigures(year, day, staffing, by_category, starters, leavers, turnover))
        previous_day, previous_headcount = day, staffing.headcount
    return history


def staffing_now(*, today: datetime.date | None = None) -> Staffing:
    """Headcount and hours in post today, in one query (for the home panel)."""
    today = today or timezone.localdate()
    totals = PeerSupportWorker.objects.filter(in_post_on(today)).aggregate(
        headcount=Count("pk"), hours=Sum("contracted_hours")
    )
    return Staffing(totals["headcount"] or 0, totals["hours"] or Decimal(0))


# --- Establishment --------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamEstablishment:
    team: Team
    funded: Decimal
    in_post: Decimal

    @property
    def vacancy(self) -> Decimal:
        return max(self.funded - self.in_post, Decimal(0))


def funded_in_force_on(day: datetime.date) -> Q:
    return Q(funded_from__lte=day) & (Q(funded_until__isnull=True) | Q(funded_until__gte=day))


def establishment(*, today: datetime.date | None = None) -> list[TeamEstablishment]:
    """For every team with funded posts or people: funded WTE in force today against WTE in post (one query)."""
    today = today or timezone.localdate()
    decimal = DecimalField(max_digits=8, decimal_places=2)
    funded = (
        FundedPost.objects.filter(funded_in_force_on(today), team=OuterRef("pk"))
        .values("team")
        .annotate(total=Sum("whole_time_equivalent"))
        .values("total")
    )
    hours = (
        PeerSupportWorker.objects.filter(in_post_on(today), team=OuterRef("pk"))
        .values("team")
        .annotate(total=Sum("contracted_hours"))
        .values("total")
    )
    teams = (
        Team.objects.select_related("service")
        .annotate(
            funded=Coalesce(Subquery(funded, output_field=decimal), Value(Decimal(0)), output_field=decimal),
            hours_in_post=Coalesce(Subquery(hours, output_field=decimal), Value(Decimal(0)), output_field=decimal),
        )
        .filter(Q(funded__gt=0) | Q(hours_in_post__gt=0))
        .order_by("service__name", "name")
    )
    return [
        TeamEstablishment(team, Decimal(team.funded).quantize(TWO_PLACES), wte(Decimal(team.hours_in_post)))
        for team in teams
    ]


@dataclass(frozen=True)
class TargetProgress:
    target: GrowthTarget
    now: Staffing

    @property
    def headcount_to_go(self) -> int:
        return max(self.target.headcount - self.now.headcount, 0)

    @property
    def wte_to_go(self) -> Decimal:
        return max(self.target.whole_time_equivalent - self.now.whole_time_equivalent, Decimal(0))

    @property
    def headcount_percent(self) -> int:
        return min(round(self.now.headcount * 100 / self.target.headcount), 100) if self.target.headcount else 100


def upcoming_targets(*, now: Staffing, today: datetime.date | None = None) -> list[TargetProgress]:
    today = today or timezone.localdate()
    return [TargetProgress(target, now) for target in GrowthTarget.objects.filter(target_date__gte=today)]


# --- Compliance and involvement -------------------------------------------------------------


@dataclass
class Compliance:
    training: dict[TrainingStatus, int] = field(default_factory=lambda: dict.fromkeys(TrainingStatus, 0))
    supervision_overdue: int = 0
    people: int = 0


def compliance(*, today: datetime.date | None = None) -> Compliance:
    """Everyone not marked as left, by their overall training status, and how many are overdue supervision."""
    today = today or timezone.localdate()
    workers = (
        with_supervision(PeerSupportWorker.objects.exclude(status=PeerSupportWorkerStatus.LEFT), today=today)
        .select_related("pathway_role")
        .prefetch_related(
            "pathway_role__mandatory_courses",
            Prefetch("training_records", queryset=TrainingRecord.objects.select_related("course")),
        )
    )
    counts = Compliance()
    for worker in workers:
        counts.people += 1
        counts.training[overall_training_status(training_compliance(worker, today=today))] += 1
        counts.supervision_overdue += worker.supervision_overdue
    return counts


def last_twelve_months(today: datetime.date) -> list[datetime.date]:
    """The first day of this month and of the eleven before it, oldest first."""
    months = []
    year, month = today.year, today.month
    for _ in range(12):
        months.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def allowances_by_month(months: list[datetime.date]) -> dict[datetime.date, Decimal]:
    """The allowances of everyone in post at some point in each month, added up per month (one query)."""
    default = Value(Decimal(str(settings.PSW_DEFAULT_MONTHLY_ALLOWANCE_HOURS)))
    allowance = Coalesce("allowance_hours", default, output_field=DecimalField(max_digits=6, decimal_places=1))
    sums = {}
    for month in months:
        following = (month + datetime.timedelta(days=32)).replace(day=1)
        during = Q(start_date__lt=following) & (Q(end_date__isnull=True) | Q(end_date__gte=month))
        sums[month.isoformat()] = Sum(allowance, filter=during)
    totals = PeerSupportWorker.objects.aggregate(**{f"m{key}": total for key, total in sums.items()})
    return {month: totals[f"m{month.isoformat()}"] or Decimal(0) for month in months}


@dataclass(frozen=True)
class MonthHours:
    month: datetime.date
    booked: Decimal
    allowance: Decimal

    @property
    def percent_used(self) -> int | None:
        return round(self.booked * 100 / self.allowance) if self.allowance else None


def involvement_hours(*, today: datetime.date | None = None) -> list[MonthHours]:
    """Approved PSW involvement hours against allowances, this month and the eleven before (two queries)."""
    today = today or timezone.localdate()
    months = last_twelve_months(today)
    booked = psw_hours_booked_by_month(first_month=months[0], last_month=months[-1])
    allowances = allowances_by_month(months)
    return [MonthHours(month, booked.get(month, Decimal(0)), allowances[month]) for month in months]


def workforce_dashboard(*, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    history = headcount_history(today=today)
    now = history[-1].staffing
    return {
        "today": today,
        "history": history,
        "now": history[-1],
        "establishment": establishment(today=today),
        "targets": upcoming_targets(now=now, today=today),
        "compliance": compliance(today=today),
        "involvement": involvement_hours(today=today),
    }
