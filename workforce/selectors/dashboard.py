"""Reads for the workforce dashboard: headcount and WTE over time, establishment, targets, compliance.

How each figure is defined is written down in docs/adr/0011-workforce-compliance.md and
docs/adr/0013-establishment-and-growth.md. Every function here costs a fixed number of
queries whatever the size of the workforce: the history is one query of (start, end, hours,
category, specialism) rows added up in Python, allowances one query of people and one of
their history.
"""

import bisect
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Prefetch, Q, Sum
from django.utils import timezone

from ..models import PeerSupportWorker, PeerSupportWorkerStatus, ServiceCategory, TrainingRecord
from .compliance import TrainingStatus, overall_training_status, training_compliance, with_supervision
from .counting import FIRST_YEAR, Staffing, count_day_label, count_days, in_post, in_post_on, left_between
from .establishment import establishment, upcoming_targets

__all__ = [
    "Breakdown",
    "YearFigures",
    "allowances_by_month",
    "by_category",
    "by_specialism",
    "compliance",
    "establishment",
    "headcount_history",
    "last_twelve_months",
    "staffing_now",
    "upcoming_targets",
    "workforce_dashboard",
]

# How the specialism breakdown names people in services without a specialism.
NO_SPECIALISM = "No specialism"


@dataclass(frozen=True)
class YearFigures:
    year: int
    day: datetime.date
    staffing: Staffing
    by_category: dict[str, Staffing]
    starters: int
    leavers: int
    turnover_percent: Decimal | None
    # Keyed by the specialism's name; "" for services without one.
    by_specialism: dict[str, Staffing] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return count_day_label(self.year, self.day)

    @property
    def headcount(self) -> int:
        return self.staffing.headcount

    @property
    def whole_time_equivalent(self) -> Decimal:
        return self.staffing.whole_time_equivalent


def _specialism_names(rows) -> dict[str, str]:
    """One name per specialism however it was typed: "Perinatal" and " perinatal" are the same one.

    Maps each spelling to the name shown, the spelling that sorts first; "" (no specialism) stays "".
    """
    spellings: dict[str, set[str]] = defaultdict(set)
    for *_rest, specialism in rows:
        spellings[" ".join(specialism.split()).casefold()].add(specialism)
    names = {}
    for key, typed in spellings.items():
        shown = min(" ".join(spelling.split()) for spelling in typed) if key else ""
        names.update(dict.fromkeys(typed, shown))
    return names


def headcount_history(*, today: datetime.date | None = None) -> list[YearFigures]:
    """Each year from 2017: who was in post on its count day, and who started and left in the year to it.

    The year to a count day runs from the day after the previous count day, so headcount at the
    end equals headcount at the start plus starters minus leavers. Turnover is leavers over the
    average of the headcounts at the two ends, as a percentage. People count in the category and
    specialism of their team's service today (moves between teams are not replayed).
    """
    today = today or timezone.localdate()
    rows = list(
        PeerSupportWorker.objects.filter(start_date__lte=today).values_list(
            "start_date", "end_date", "contracted_hours", "team__service__category", "team__service__specialism"
        )
    )
    specialism_names = _specialism_names(rows)
    history = []
    previous_day = datetime.date(FIRST_YEAR - 1, 3, 31)
    previous_headcount = sum(1 for start, end, *_rest in rows if in_post(start, end, previous_day))
    for year, day in count_days(today):
        staffing = Staffing()
        by_category = {category: Staffing() for category in ServiceCategory.values}
        by_specialism: dict[str, Staffing] = {}
        starters = leavers = 0
        for start, end, hours, category, specialism in rows:
            if in_post(start, end, day):
                staffing = staffing.plus(hours)
                by_category[category] = by_category[category].plus(hours)
                name = specialism_names[specialism]
                by_specialism[name] = by_specialism.get(name, Staffing()).plus(hours)
            starters += previous_day < start <= day
            leavers += left_between(end, previous_day, day)
        average = Decimal(previous_headcount + staffing.headcount) / 2
        turnover = (Decimal(leavers) * 100 / average).quantize(Decimal("0.1")) if average else None
        history.append(YearFigures(year, day, staffing, by_category, starters, leavers, turnover, by_specialism))
        previous_day, previous_headcount = day, staffing.headcount
    return history


@dataclass(frozen=True)
class Breakdown:
    """The history split by some grouping: a column per group, a row per count day of (column, staffing) cells."""

    columns: list[str]
    rows: list[tuple[YearFigures, list[tuple[str, Staffing]]]]


def _breakdown(history: list[YearFigures], columns: list[str], cells) -> Breakdown:
    return Breakdown(columns, [(year, list(zip(columns, cells(year), strict=True))) for year in history])


def by_category(history: list[YearFigures]) -> Breakdown:
    """Every service category, in the order of the list, whether or not anyone works in it."""
    return _breakdown(
        history,
        [label for _value, label in ServiceCategory.choices],
        lambda year: [year.by_category[value] for value in ServiceCategory.values],
    )


def by_specialism(history: list[YearFigures]) -> Breakdown:
    """Each specialism anyone was in post in on a count day, A to Z, then "No specialism", so rows add up."""
    names = sorted({name for year in history for name in year.by_specialism if name}, key=str.casefold)
    return _breakdown(
        history,
        [*names, NO_SPECIALISM],
        lambda year: [year.by_specialism.get(key, Staffing()) for key in [*names, ""]],
    )


def staffing_now(*, today: datetime.date | None = None) -> Staffing:
    """Headcount and hours in post today, in one query (for the home panel)."""
    today = today or timezone.localdate()
    totals = PeerSupportWorker.objects.filter(in_post_on(today)).aggregate(
        headcount=Count("pk"), hours=Sum("contracted_hours")
    )
    return Staffing(totals["headcount"] or 0, totals["hours"] or Decimal(0))


# --- Compliance and allowances ---------------------------------------------------------------


@dataclass
class Compliance:
    """Training and supervision of a group of people not marked as left: the trust, a service or a team."""

    name: str = ""
    group_id: int | None = None
    service_name: str = ""
    training: dict[TrainingStatus, int] = field(default_factory=lambda: dict.fromkeys(TrainingStatus, 0))
    supervision_overdue: int = 0
    people: int = 0
    by_service: list["Compliance"] = field(default_factory=list)
    by_team: list["Compliance"] = field(default_factory=list)

    def add(self, status: TrainingStatus, overdue: bool) -> None:
        self.people += 1
        self.training[status] += 1
        self.supervision_overdue += overdue

    @property
    def training_compliant(self) -> int:
        """People who hold every mandatory course of their role (one falling due still counts as held)."""
        return self.training[TrainingStatus.CURRENT] + self.training[TrainingStatus.DUE]

    @property
    def training_percent(self) -> int | None:
        return round(self.training_compliant * 100 / self.people) if self.people else None

    @property
    def supervision_percent(self) -> int | None:
        """The share not overdue for supervision."""
        return round((self.people - self.supervision_overdue) * 100 / self.people) if self.people else None


def compliance(*, today: datetime.date | None = None) -> Compliance:
    """Everyone not marked as left by their overall training status and overdue supervision: the trust,
    each service and each team (one pass over the same rows: a fixed number of queries)."""
    today = today or timezone.localdate()
    workers = (
        with_supervision(PeerSupportWorker.objects.exclude(status=PeerSupportWorkerStatus.LEFT), today=today)
        .select_related("pathway_role", "team__service")
        .prefetch_related(
            "pathway_role__mandatory_courses",
            Prefetch("training_records", queryset=TrainingRecord.objects.select_related("course")),
        )
    )
    counts = Compliance(name="All peer support workers")
    services: dict[int, Compliance] = {}
    teams: dict[int, Compliance] = {}
    for worker in workers:
        status = overall_training_status(training_compliance(worker, today=today))
        team, service = worker.team, worker.team.service
        for group in (
            counts,
            services.setdefault(service.pk, Compliance(name=service.name, group_id=service.pk)),
            teams.setdefault(team.pk, Compliance(name=team.name, group_id=team.pk, service_name=service.name)),
        ):
            group.add(status, worker.supervision_overdue)
    counts.by_service = sorted(services.values(), key=lambda group: group.name)
    counts.by_team = sorted(teams.values(), key=lambda group: (group.service_name, group.name))
    return counts


def last_twelve_months(today: datetime.date) -> list[datetime.date]:
    """The first day of this month and of the eleven before it, oldest first."""
    months = []
    year, month = today.year, today.month
    for _ in range(12):
        months.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def _month_after(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1)


def _month_end(month: datetime.date) -> datetime.datetime:
    """The moment a month ends in the trust's time zone: midnight as the next month starts."""
    return timezone.make_aware(datetime.datetime.combine(_month_after(month), datetime.time.min))


def _in_force_at(moment: datetime.datetime, times: list, values: list, *, current):
    """The value of the last change saved before `moment`, else the earliest known, else `current`."""
    if not times:
        return current
    return values[max(bisect.bisect_left(times, moment) - 1, 0)]


def allowances_by_month(months: list[datetime.date]) -> dict[datetime.date, Decimal]:
    """The allowance each person had at the end of each month, added up over everyone in post during it.

    An allowance in force at the end of a month is the value of the last change saved before the
    month ended, read from the person's history (django-simple-history keeps a copy of the row at
    every save). When their history starts after the month (a record loaded in bulk, or kept from
    before the history was), the earliest value known stands in; with no history at all, today's
    value. An empty allowance is the trust-wide default. Two queries: the people, their history.
    """
    default = Decimal(str(settings.PSW_DEFAULT_MONTHLY_ALLOWANCE_HOURS))
    month_ends = {month: _month_end(month) for month in months}
    during = Q(start_date__lt=_month_after(months[-1])) & (Q(end_date__isnull=True) | Q(end_date__gte=months[0]))
    people = PeerSupportWorker.objects.filter(during)
    rows = list(people.values_list("pk", "start_date", "end_date", "allowance_hours"))
    changes: dict[int, tuple[list[datetime.datetime], list[Decimal | None]]] = {}
    history = (
        PeerSupportWorker.history.filter(id__in=people.values("pk"))
        .order_by("id", "history_date", "history_id")
        .values_list("id", "history_date", "allowance_hours")
    )
    for worker_id, saved_at, allowance in history:
        times, values = changes.setdefault(worker_id, ([], []))
        times.append(saved_at)
        values.append(allowance)
    totals = dict.fromkeys(months, Decimal(0))
    for worker_id, start, end, current in rows:
        times, values = changes.get(worker_id, ([], []))
        for month in months:
            if not (start < _month_after(month) and (end is None or end >= month)):
                continue
            allowance = _in_force_at(month_ends[month], times, values, current=current)
            totals[month] += default if allowance is None else allowance
    return totals


def workforce_dashboard(*, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    history = headcount_history(today=today)
    now = history[-1].staffing
    return {
        "today": today,
        "history": history,
        "now": history[-1],
        "by_category": by_category(history),
        "by_specialism": by_specialism(history),
        "establishment": establishment(today=today),
        "targets": upcoming_targets(now=now, today=today),
        "compliance": compliance(today=today),
    }
