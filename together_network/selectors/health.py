"""The pool's health: its size over time, how evenly opportunities are spread, how people answer,
and the lived experience and skills requests ask for that the pool is short of.

Figures only: no one is named. Every figure comes from a fixed number of queries, whatever the
size of the pool or the number of invitations (counts in the database, never rows in Python,
except the few status changes of people who have been paused).

Definitions (the page says them too):
- In the pool at a month's end: active from that day or before, and not left by then (left on a
  later day, or not at all). The current month ends today.
- Paused at a month's end: in the pool, and their record's history shows them paused then. Before
  their record's first history entry they count as not paused (records loaded in bulk have none).
- Joiners: became active in the month. Leavers: left in the month, having been in the pool.
- Places: invitations accepted (holding a place) for activities in the last 12 months, counted
  for everyone in the pool at any time in those 12 months.
- Answered: the person accepted, declined, went on the waiting list or later gave up a place.
  Said yes: every answer but a decline. Time to answer: from the invitation to the answer, leaving
  out places given up (giving up a place replaces the time of the first answer).
- Unfilled: an expired request, or one still open after its activity date.
"""

import datetime
import math
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Count, DurationField, ExpressionWrapper, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from involvement.models import InvolvementRequest, LivedExperienceArea, Route, Skill, Status
from peersupport.ui import charts
from together_network.models import Invitation, InvitationStatus

from ..models import ExpertByExperience, ExpertStatus

MONTHS_SHOWN = 24
WINDOW_DAYS = 365
SPREAD_BANDS = (("0", 0, 0), ("1", 1, 1), ("2", 2, 2), ("3 to 5", 3, 5), ("6 or more", 6, None))
BUSIEST_SHARE = Fraction(1, 5)  # the busiest 20% of people


# --- Pool size over time ----------------------------------------------------------------------


@dataclass
class MonthFigures:
    first_day: datetime.date
    end: datetime.date  # the month's last day, or today for this month
    in_pool: int
    joiners: int
    leavers: int
    paused: int = 0

    @property
    def active(self) -> int:
        return self.in_pool - self.paused

    @property
    def label(self) -> str:
        return f"{self.first_day:%b %Y}"


def _months(today: datetime.date, count: int) -> list[datetime.date]:
    """The first days of this month and the `count - 1` before it, oldest first."""
    index = today.year * 12 + today.month - 1
    return [datetime.date((index - back) // 12, (index - back) % 12 + 1, 1) for back in reversed(range(count))]


def _month_end(first_day: datetime.date, today: datetime.date) -> datetime.date:
    next_month = (first_day + datetime.timedelta(days=32)).replace(day=1)
    return min(next_month - datetime.timedelta(days=1), today)


def _in_pool_on(day: datetime.date) -> Q:
    return Q(active_from__lte=day) & (Q(left_on__isnull=True) | Q(left_on__gt=day))


def _status_on(day: datetime.date, *, steps: list[tuple[datetime.date, str]], status_now: str, today: datetime.date):
    """A person's status on a day from their history's changes; with no history, only today's is known."""
    before = [status for changed_on, status in steps if changed_on <= day]
    if before:
        return before[-1]
    return status_now if day == today and not steps else None


def _paused_at(ends: list[datetime.date], today: datetime.date) -> list[int]:
    """How many people in the pool were paused at each month's end, from their records' history.

    Two queries: the people ever paused (or paused now), and their status changes.
    """
    history = ExpertByExperience.history.model
    ever_paused = history.objects.filter(status=ExpertStatus.PAUSED).values("id")
    people = list(
        ExpertByExperience.objects.filter(Q(status=ExpertStatus.PAUSED) | Q(pk__in=Subquery(ever_paused)))
        .filter(active_from__isnull=False)
        .values_list("pk", "active_from", "left_on", "status")
    )
    changes: dict[int, list[tuple[datetime.date, str]]] = {}
    rows = (
        history.objects.filter(id__in=[pk for pk, *_rest in people])
        .order_by("id", "history_date", "history_id")
        .values_list("id", "history_date", "status")
    )
    for pk, when, status in rows:
        steps = changes.setdefault(pk, [])
        if not steps or steps[-1][1] != status:
            steps.append((timezone.localdate(when), status))
    paused = [0] * len(ends)
    for pk, active_from, left_on, status_now in people:
        steps = changes.get(pk, [])
        for index, end in enumerate(ends):
            if not (active_from <= end and (left_on is None or left_on > end)):
                continue
            paused[index] += _status_on(end, steps=steps, status_now=status_now, today=today) == ExpertStatus.PAUSED
    return paused


def pool_by_month(*, today: datetime.date | None = None, months: int = MONTHS_SHOWN) -> list[MonthFigures]:
    """In the pool, paused, joiners and leavers for each of the last `months` months: three queries."""
    today = today or timezone.localdate()
    firsts = _months(today, months)
    ends = [_month_end(first, today) for first in firsts]
    counts = {}
    for index, (first, end) in enumerate(zip(firsts, ends, strict=True)):
        counts[f"pool_{index}"] = Count("pk", filter=_in_pool_on(end))
        counts[f"joined_{index}"] = Count("pk", filter=Q(active_from__range=(first, end)))
        counts[f"left_{index}"] = Count("pk", filter=Q(left_on__range=(first, end), active_from__lte=F("left_on")))
    totals = ExpertByExperience.objects.aggregate(**counts)
    paused = _paused_at(ends, today)
    return [
        MonthFigures(
            first_day=first,
            end=end,
            in_pool=totals[f"pool_{index}"],
            joiners=totals[f"joined_{index}"],
            leavers=totals[f"left_{index}"],
            paused=paused[index],
        )
        for index, (first, end) in enumerate(zip(firsts, ends, strict=True))
    ]


def _chart(months: list[MonthFigures], *, series: list[str], values) -> dict:
    """A bar chart of the months, with every third month's name drawn (all of them in the text)."""
    chart = charts.grouped_bars([(month.label, values(month)) for month in months], series=series)
    for index, group in enumerate(chart["groups"]):
        if (len(months) - 1 - index) % 3:
            group["label"] = ""
        else:
            group["label"] = f"{months[index].first_day:%b %y}"
    return chart


def pool_charts(months: list[MonthFigures]) -> dict:
    return {
        "size": _chart(months, series=["Active", "Paused"], values=lambda month: [month.active, month.paused]),
        "movement": _chart(months, series=["Joiners", "Leavers"], values=lambda month: [month.joiners, month.leavers]),
    }


# --- How evenly places are spread -----------------------------------------------------------


@dataclass
class Spread:
    people: int
    places: int
    bands: list[tuple[str, int]]  # (places, how many people had that many)
    busiest_people: int  # how many people make up the busiest 20%
    busiest_share_percent: int | None  # the share of places they held
    gini: float | None

    @property
    def gini_in_words(self) -> str:
        if self.gini is None:
            return "No places were taken in the last 12 months, so there is nothing to compare yet."
        if self.gini < 0.3:
            return "Places are spread fairly evenly across the pool."
        if self.gini < 0.5:
            return "Places are spread unevenly: some people take part much more than others."
        return "Places are concentrated: a few people have most of them."


def _gini(histogram: list[tuple[int, int]]) -> Fraction | None:
    """The Gini coefficient of places per person, exactly, from (places, people) pairs.

    Sorted from fewest places to most, person i of n (from 1) with x places adds (2i - n - 1) * x;
    the sum over n times the total places is the coefficient. A run of c people with the same x,
    starting at position s, adds x * c * (2s + c - n - 2).
    """
    people = sum(count for _places, count in histogram)
    total = sum(places * count for places, count in histogram)
    if not people or not total:
        return None
    weighted, start = 0, 1
    for places, count in sorted(histogram):
        weighted += places * count * (2 * start + count - people - 2)
        start += count
    return Fraction(weighted, people * total)


def _busiest(histogram: list[tuple[int, int]]) -> tuple[int, int]:
    """How many people are the busiest 20% (rounded up), and the places they held."""
    people = sum(count for _places, count in histogram)
    wanted = math.ceil(people * BUSIEST_SHARE) if people else 0
    taken, held = 0, 0
    for places, count in sorted(histogram, reverse=True):
        now = min(count, wanted - taken)
        taken += now
        held += places * now
        if taken == wanted:
            break
    return wanted, held


def opportunity_spread(*, today: datetime.date | None = None) -> Spread:
    """Places per person over the last 12 months, as a histogram counted in the database: one query."""
    today = today or timezone.localdate()
    start = today - datetime.timedelta(days=WINDOW_DAYS - 1)
    places = (
        Invitation.objects.filter(
            expert=OuterRef("pk"), status=InvitationStatus.ACCEPTED, activity_date__range=(start, today)
        )
        .order_by()
        .values("expert")
        .annotate(total=Count("pk"))
        .values("total")
    )
    histogram = [
        (row["places"], row["people"])
        for row in ExpertByExperience.objects.filter(active_from__lte=today)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=start))
        .annotate(places=Coalesce(Subquery(places, output_field=IntegerField()), Value(0)))
        .values("places")
        .annotate(people=Count("pk"))
        .order_by("places")
    ]
    people = sum(count for _places, count in histogram)
    total = sum(places * count for places, count in histogram)
    bands = [
        (label, sum(count for places, count in histogram if places >= low and (high is None or places <= high)))
        for label, low, high in SPREAD_BANDS
    ]
    busiest_people, busiest_places = _busiest(histogram)
    gini = _gini(histogram)
    return Spread(
        people=people,
        places=total,
        bands=bands,
        busiest_people=busiest_people,
        busiest_share_percent=round(100 * busiest_places / total) if total else None,
        gini=round(float(gini), 2) if gini is not None else None,
    )


# --- Answers ----------------------------------------------------------------------------------


@dataclass
class Answers:
    sent: int
    answered: int
    said_yes: int
    median_time_to_answer: datetime.timedelta | None
    timed: int = field(default=0)

    @property
    def answered_percent(self) -> int | None:
        return round(100 * self.answered / self.sent) if self.sent else None

    @property
    def said_yes_percent(self) -> int | None:
        return round(100 * self.said_yes / self.answered) if self.answered else None

    @property
    def median_in_words(self) -> str:
        wait = self.median_time_to_answer
        if wait is None:
            return "No answers yet"
        hours = int(wait.total_seconds() // 3600)
        if hours >= 48:
            return f"{hours // 24} days"
        if hours >= 1:
            return f"{hours} hour{'s' if hours != 1 else ''}"
        minutes = max(1, int(wait.total_seconds() // 60))
        return f"{minutes} minute{'s' if minutes != 1 else ''}"


def answers(*, today: datetime.date | None = None) -> Answers:
    """Invitations sent in the last 12 months and how people answered them: two queries."""
    today = today or timezone.localdate()
    start = today - datetime.timedelta(days=WINDOW_DAYS - 1)
    since = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    sent = Invitation.objects.filter(invited_at__gte=since).order_by()
    answered = Q(answered_at__isnull=False)
    timed = answered & ~Q(status=InvitationStatus.WITHDRAWN)
    totals = sent.aggregate(
        sent=Count("pk"),
        answered=Count("pk", filter=answered),
        said_yes=Count("pk", filter=answered & ~Q(status=InvitationStatus.DECLINED)),
        timed=Count("pk", filter=timed),
    )
    # The median: the middle one or two waits, read in order from the database.
    count = totals["timed"]
    middle = list(
        sent.filter(timed)
        .annotate(wait=ExpressionWrapper(F("answered_at") - F("invited_at"), output_field=DurationField()))
        .order_by("wait", "pk")
        .values_list("wait", flat=True)[max(count - 1, 0) // 2 : count // 2 + 1]
    )
    median = sum(middle, datetime.timedelta()) / len(middle) if middle else None
    return Answers(
        sent=totals["sent"],
        answered=totals["answered"],
        said_yes=totals["said_yes"],
        median_time_to_answer=median,
        timed=count,
    )


# --- Coverage and recruitment gaps -----------------------------------------------------------


@dataclass
class Coverage:
    kind: str  # "Lived experience" or "Skill"
    name: str
    asked: int  # requests in the last 12 months that asked for it
    offered: int  # active people, onboarded and with consent current, who offer it
    unfilled: int  # of the requests that asked for it, those not filled

    @property
    def nobody_offers(self) -> bool:
        return self.asked > 0 and self.offered == 0

    @property
    def is_gap(self) -> bool:
        return self.unfilled > 0 or self.nobody_offers


def _count(queryset, group_by: str) -> Coalesce:
    counted = queryset.order_by().values(group_by).annotate(total=Count("pk")).values("total")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _coverage(model, *, kind: str, link: str, today: datetime.date, start: datetime.date) -> list[Coverage]:
    """One query: each area (or skill) with its requests, its people and its unfilled requests."""
    request_through = getattr(InvolvementRequest, f"{link}s" if link == "skill" else "lived_experience_areas").through
    expert_through = getattr(ExpertByExperience, "skills" if link == "skill" else "lived_experience_areas").through
    target = "skill" if link == "skill" else "livedexperiencearea"
    asked = request_through.objects.filter(
        **{target: OuterRef("pk")},
        involvementrequest__route=Route.NETWORK,
        involvementrequest__team_approved_at__isnull=False,
        involvementrequest__activity_date__gte=start,
    )
    unfilled = asked.filter(
        Q(involvementrequest__status=Status.EXPIRED)
        | Q(involvementrequest__status=Status.OPEN, involvementrequest__activity_date__lt=today)
    )
    offered = expert_through.objects.filter(
        **{target: OuterRef("pk")},
        expertbyexperience__status=ExpertStatus.ACTIVE,
        expertbyexperience__onboarding_complete=True,
        expertbyexperience__consent_review_due__gte=today,
    )
    rows = model.objects.annotate(
        asked=_count(asked, target), unfilled=_count(unfilled, target), offered=_count(offered, target)
    ).values_list("name", "asked", "offered", "unfilled")
    return [
        Coverage(kind=kind, name=name, asked=asked, offered=offered, unfilled=unfilled)
        for name, asked, offered, unfilled in rows
    ]


def recruitment_gaps(*, today: datetime.date | None = None) -> list[Coverage]:
    """Every area and skill, the gaps to recruit for first: most unfilled, then most asked for,
    then fewest people offering it. Two queries."""
    today = today or timezone.localdate()
    start = today - datetime.timedelta(days=WINDOW_DAYS - 1)
    rows = _coverage(LivedExperienceArea, kind="Lived experience", link="area", today=today, start=start)
    rows += _coverage(Skill, kind="Skill", link="skill", today=today, start=start)
    return sorted(rows, key=lambda row: (-row.unfilled, -int(row.nobody_offers), -row.asked, row.offered, row.name))


def pool_health(*, today: datetime.date | None = None) -> dict:
    """Everything the dashboard shows."""
    today = today or timezone.localdate()
    months = pool_by_month(today=today)
    return {
        "today": today,
        "months": months,
        "now": months[-1],
        "charts": pool_charts(months),
        "spread": opportunity_spread(today=today),
        "answers": answers(today=today),
        "coverage": recruitment_gaps(today=today),
        "window_start": today - datetime.timedelta(days=WINDOW_DAYS - 1),
    }
