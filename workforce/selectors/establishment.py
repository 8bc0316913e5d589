"""Reads for establishment: funded posts against people in post, per team today and since 2017; growth targets.

Definitions are in docs/adr/0013-establishment-and-growth.md. Whatever the number of teams,
posts or people, the establishment page costs four queries (teams, posts, people's
(team, start, end, hours) rows, targets) and the figures are added up in Python with the
counting rules the dashboard uses, so the two pages agree.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from ..models import FundedPost, GrowthTarget, PeerSupportWorker, Team
from .counting import TWO_PLACES, Staffing, count_day_label, count_days, funded_on, in_post, in_post_on, wte

# (team id, start date, end date, contracted hours a week) of one person.
PersonRow = tuple[int, datetime.date, datetime.date | None, Decimal]


class PostStatus(StrEnum):
    IN_FORCE = "in_force"
    STARTS_LATER = "starts_later"
    ENDED = "ended"

    @property
    def label(self) -> str:
        return {"in_force": "Funded", "starts_later": "Not started", "ended": "Ended"}[self.value]

    @property
    def colour(self) -> str:
        return {"in_force": "green", "starts_later": "blue", "ended": "grey"}[self.value]


def post_status(post: FundedPost, today: datetime.date) -> PostStatus:
    if post.funded_from > today:
        return PostStatus.STARTS_LATER
    if funded_on(post.funded_from, post.funded_until, today):
        return PostStatus.IN_FORCE
    return PostStatus.ENDED


@dataclass(frozen=True)
class FundedPostRow:
    post: FundedPost
    status: PostStatus

    @property
    def can_end(self) -> bool:
        """Funding still running (or still to start) can be ended; a post that has ended is changed instead."""
        return self.status != PostStatus.ENDED


@dataclass(frozen=True)
class TeamEstablishment:
    """A team's funded WTE in force on a day against the WTE of its people in post that day."""

    team: Team
    funded: Decimal
    in_post: Decimal
    posts: tuple[FundedPostRow, ...] = ()

    @property
    def vacancy(self) -> Decimal:
        return max(self.funded - self.in_post, Decimal(0)).quantize(TWO_PLACES)

    @property
    def over_establishment(self) -> Decimal:
        return max(self.in_post - self.funded, Decimal(0)).quantize(TWO_PLACES)

    @property
    def position(self) -> tuple[str, str]:
        """The team's position in words, and the colour of its tag."""
        if self.over_establishment:
            return "Over establishment", "orange"
        if self.vacancy:
            return "Vacancy", "yellow"
        if self.funded:
            return "Fully staffed", "green"
        return "Not funded today", "grey"


@dataclass(frozen=True)
class EstablishmentOnDay:
    """The trust's establishment on one count day.

    Vacancy and over-establishment are added up team by team, so one team's extra people never
    fill another team's vacancy: funded - in post = vacancy - over establishment (to rounding).
    """

    year: int
    day: datetime.date
    funded: Decimal
    in_post: Decimal
    vacancy: Decimal
    over_establishment: Decimal

    @property
    def label(self) -> str:
        return count_day_label(self.year, self.day)


def _people_rows(today: datetime.date) -> list[PersonRow]:
    return list(
        PeerSupportWorker.objects.filter(start_date__lte=today).values_list(
            "team_id", "start_date", "end_date", "contracted_hours"
        )
    )


def _by_team(
    posts: list[FundedPost], people: list[PersonRow], day: datetime.date
) -> tuple[dict[int, Decimal], dict[int, Decimal]]:
    """Funded WTE and hours in post per team id on `day`."""
    funded: dict[int, Decimal] = defaultdict(Decimal)
    hours: dict[int, Decimal] = defaultdict(Decimal)
    for post in posts:
        if funded_on(post.funded_from, post.funded_until, day):
            funded[post.team_id] += post.whole_time_equivalent
    for team_id, start, end, contracted in people:
        if in_post(start, end, day):
            hours[team_id] += contracted
    return funded, hours


def establishment_on(
    posts: list[FundedPost], people: list[PersonRow], *, year: int, day: datetime.date
) -> EstablishmentOnDay:
    funded, hours = _by_team(posts, people, day)
    vacancy = over = Decimal(0)
    for team_id in funded.keys() | hours.keys():
        difference = funded.get(team_id, Decimal(0)) - wte(hours.get(team_id, Decimal(0)))
        vacancy += max(difference, Decimal(0))
        over += max(-difference, Decimal(0))
    return EstablishmentOnDay(
        year=year,
        day=day,
        funded=sum(funded.values(), Decimal(0)).quantize(TWO_PLACES),
        in_post=wte(sum(hours.values(), Decimal(0))),
        vacancy=vacancy.quantize(TWO_PLACES),
        over_establishment=over.quantize(TWO_PLACES),
    )


def establishment_over_time(posts: list[FundedPost], people: list[PersonRow], *, today: datetime.date):
    """Funded WTE against WTE in post on each count day since 2017 (31 March; this year, today)."""
    return [establishment_on(posts, people, year=year, day=day) for year, day in count_days(today)]


def _teams_to_show(today: datetime.date):
    """Teams with a funded post (past, present or to come) or anyone in post today."""
    posts = FundedPost.objects.filter(team=OuterRef("pk"))
    people = PeerSupportWorker.objects.filter(in_post_on(today), team=OuterRef("pk"))
    return (
        Team.objects.filter(Q(Exists(posts)) | Q(Exists(people)))
        .select_related("service")
        .order_by("service__name", "name")
    )


def _all_posts() -> list[FundedPost]:
    return list(FundedPost.objects.select_related("pathway_role").order_by("funded_from", "pk"))


def teams_establishment(
    *, posts: list[FundedPost], people: list[PersonRow], today: datetime.date
) -> list[TeamEstablishment]:
    funded, hours = _by_team(posts, people, today)
    posts_by_team: dict[int, list[FundedPostRow]] = defaultdict(list)
    for post in posts:
        posts_by_team[post.team_id].append(FundedPostRow(post, post_status(post, today)))
    return [
        TeamEstablishment(
            team=team,
            funded=funded.get(team.pk, Decimal(0)).quantize(TWO_PLACES),
            in_post=wte(hours.get(team.pk, Decimal(0))),
            posts=tuple(posts_by_team.get(team.pk, ())),
        )
        for team in _teams_to_show(today)
    ]


def establishment(*, today: datetime.date | None = None) -> list[TeamEstablishment]:
    """For the dashboard: every team with funded WTE or people in post today (three queries)."""
    today = today or timezone.localdate()
    rows = teams_establishment(posts=_all_posts(), people=_people_rows(today), today=today)
    return [row for row in rows if row.funded or row.in_post]


# --- Growth targets -------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetProgress:
    """A target against the workforce now or, once its date has passed, on that date."""

    target: GrowthTarget
    now: Staffing
    passed: bool = False

    @property
    def headcount_to_go(self) -> int:
        return max(self.target.headcount - self.now.headcount, 0)

    @property
    def wte_to_go(self) -> Decimal:
        return max(self.target.whole_time_equivalent - self.now.whole_time_equivalent, Decimal(0)).quantize(TWO_PLACES)

    @property
    def headcount_percent(self) -> int:
        return min(round(self.now.headcount * 100 / self.target.headcount), 100) if self.target.headcount else 100

    @property
    def met(self) -> bool:
        return self.headcount_to_go == 0 and self.wte_to_go == 0


def upcoming_targets(*, now: Staffing, today: datetime.date | None = None) -> list[TargetProgress]:
    today = today or timezone.localdate()
    return [TargetProgress(target, now) for target in GrowthTarget.objects.filter(target_date__gte=today)]


def staffing_on(people: list[PersonRow], day: datetime.date) -> Staffing:
    staffing = Staffing()
    for _team_id, start, end, hours in people:
        if in_post(start, end, day):
            staffing = staffing.plus(hours)
    return staffing


def targets_progress(*, people: list[PersonRow], today: datetime.date) -> list[TargetProgress]:
    """Every target: those ahead against today, those passed against the workforce on their date."""
    now = staffing_on(people, today)
    return [
        TargetProgress(target, now)
        if target.target_date >= today
        else TargetProgress(target, staffing_on(people, target.target_date), passed=True)
        for target in GrowthTarget.objects.all()
    ]


# --- The establishment page -----------------------------------------------------------------


def establishment_overview(*, today: datetime.date | None = None) -> dict:
    """Everything the establishment page shows, in four queries."""
    today = today or timezone.localdate()
    posts = _all_posts()
    people = _people_rows(today)
    over_time = establishment_over_time(posts, people, today=today)
    return {
        "today": today,
        "teams": teams_establishment(posts=posts, people=people, today=today),
        "totals": over_time[-1],
        "over_time": over_time,
        "targets": targets_progress(people=people, today=today),
        "now": staffing_on(people, today),
    }
