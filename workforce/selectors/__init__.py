"""Reads for workforce pages: each returns a queryset with what its page needs joined."""

import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.db.models import BooleanField, Case, Count, Exists, F, Max, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from peersupport.record_ids import record_id

from ..models import (
    CompetenceAchievement,
    PathwayRole,
    PeerSupportWorker,
    PeerSupportWorkerStatus,
    RoleHistory,
    Service,
    SupervisionSession,
    Team,
    TrainingCourse,
    TrainingRecord,
)


def teams_led_by(*, user) -> QuerySet[Team]:
    return Team.objects.filter(leads=user, is_active=True).select_related("service").order_by("service__name", "name")


def services_with_teams() -> QuerySet[Service]:
    return (
        Service.objects.filter(is_active=True)
        .annotate(team_count=Count("teams", filter=Q(teams__is_active=True)))
        .prefetch_related(Prefetch("teams", queryset=Team.objects.filter(is_active=True).order_by("name")))
        .order_by("category", "name")
    )


def team_detail(*, team_id: int) -> Team:
    return Team.objects.select_related("service").prefetch_related("leads").get(pk=team_id)


def peer_support_worker_of(*, user) -> PeerSupportWorker | None:
    return PeerSupportWorker.objects.select_related("team", "pathway_role").filter(user=user).first()


# --- Training and supervision compliance -------------------------------------------------
# A course's status for one person comes from their best record of it: one that never
# expires, else the one that expires last. Pages prefetch the records and the role's
# mandatory courses, so working it out costs no query per person; the list's filters ask
# the same questions in the database.

DUE_WITHIN_DAYS = 30


class TrainingStatus(StrEnum):
    CURRENT = "current"
    DUE = "due"
    EXPIRED = "expired"
    MISSING = "missing"

    @property
    def label(self) -> str:
        return {"current": "Up to date", "due": "Due within 30 days", "expired": "Expired", "missing": "Missing"}[
            self.value
        ]

    @property
    def colour(self) -> str:
        return {"current": "green", "due": "yellow", "expired": "red", "missing": "grey"}[self.value]


# Worst first: a person's overall training status is the worst of their mandatory courses.
SEVERITY = [TrainingStatus.EXPIRED, TrainingStatus.MISSING, TrainingStatus.DUE, TrainingStatus.CURRENT]


@dataclass(frozen=True)
class CourseCompliance:
    course: TrainingCourse
    mandatory: bool
    record: TrainingRecord | None
    status: TrainingStatus


def _status_of(record: TrainingRecord | None, today: datetime.date) -> TrainingStatus:
    if record is None:
        return TrainingStatus.MISSING
    if record.expires_on is None or record.expires_on > today + datetime.timedelta(days=DUE_WITHIN_DAYS):
        return TrainingStatus.CURRENT
    if record.expires_on >= today:
        return TrainingStatus.DUE
    return TrainingStatus.EXPIRED


def _best(records: list[TrainingRecord]) -> TrainingRecord | None:
    if not records:
        return None
    never_expiring = [record for record in records if record.expires_on is None]
    if never_expiring:
        return max(never_expiring, key=lambda record: record.completed_on)
    return max(records, key=lambda record: record.expires_on)


def training_compliance(
    worker: PeerSupportWorker, *, today: datetime.date | None = None, role: PathwayRole | None = None
) -> list[CourseCompliance]:
    """Mandatory courses of their role (or of `role`, say the next on the pathway) first, then others done.

    Uses prefetched `training_records` (with `course`) and the role's `mandatory_courses`.
    """
    today = today or timezone.localdate()
    by_course: dict[int, list[TrainingRecord]] = {}
    courses: dict[int, TrainingCourse] = {}
    for record in worker.training_records.all():
        by_course.setdefault(record.course_id, []).append(record)
        courses[record.course_id] = record.course
    mandatory = list((role or worker.pathway_role).mandatory_courses.all())
    mandatory_ids = {course.pk for course in mandatory}
    others = sorted((course for pk, course in courses.items() if pk not in mandatory_ids), key=lambda c: c.name)
    rows = []
    for course in [*mandatory, *others]:
        record = _best(by_course.get(course.pk, []))
        rows.append(CourseCompliance(course, course.pk in mandatory_ids, record, _status_of(record, today)))
    return rows


def overall_training_status(rows: list[CourseCompliance]) -> TrainingStatus:
    """The worst status among the mandatory courses; up to date when none are mandatory."""
    statuses = {row.status for row in rows if row.mandatory}
    return next((status for status in SEVERITY if status in statuses), TrainingStatus.CURRENT)


def _mandatory_courses_with(status: str, today: datetime.date) -> Exists:
    """Whether the person (the outer query's row) has a mandatory course in this status."""
    records = TrainingRecord.objects.filter(peer_support_worker=OuterRef(OuterRef("pk")), course=OuterRef("pk"))
    valid = records.filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
    current = records.filter(
        Q(expires_on__isnull=True) | Q(expires_on__gt=today + datetime.timedelta(days=DUE_WITHIN_DAYS))
    )
    courses = TrainingCourse.objects.filter(mandatory_for=OuterRef("pathway_role"))
    if status == TrainingStatus.EXPIRED:
        courses = courses.filter(Exists(records)).exclude(Exists(valid))
    elif status == TrainingStatus.DUE:
        courses = courses.filter(Exists(valid)).exclude(Exists(current))
    elif status == TrainingStatus.MISSING:
        courses = courses.exclude(Exists(records))
    else:
        raise ValueError(status)
    return Exists(courses)


def with_supervision(queryset: QuerySet[PeerSupportWorker], *, today: datetime.date | None = None):
    """Annotate `last_supervision_on` and `supervision_overdue` (active people only can be overdue)."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.SUPERVISION_EXPECTED_DAYS)
    return queryset.annotate(last_supervision_on=Max("supervision_sessions__date")).annotate(
        supervision_overdue=Case(
            When(
                Q(status=PeerSupportWorkerStatus.ACTIVE)
                & (Q(last_supervision_on__lt=cutoff) | Q(last_supervision_on__isnull=True, start_date__lt=cutoff)),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


# --- People pages -------------------------------------------------------------------------

PEOPLE_SORTS = {
    "name": ("Name", ["full_name", "pk"]),
    "team": ("Team", ["team__name", "full_name", "pk"]),
    "start": ("Start date, newest first", ["-start_date", "full_name", "pk"]),
    "supervision": ("Last supervision, longest ago first", [F("last_supervision_on").asc(nulls_first=True), "pk"]),
}


def people_visible_to(*, user, sees_everyone: bool) -> QuerySet[PeerSupportWorker]:
    """Everyone for the peer support lead and admins; a team lead's own teams' people otherwise."""
    workers = PeerSupportWorker.objects.all()
    return workers if sees_everyone else workers.filter(team__leads=user)


def people_for_list(
    *,
    user,
    sees_everyone: bool,
    service: str = "",
    team: str = "",
    pathway_role: str = "",
    status: str = "",
    training: str = "",
    supervision: str = "",
    sort: str = "name",
    today: datetime.date | None = None,
) -> QuerySet[PeerSupportWorker]:
    """The people list (and its CSV): filters as given, unknown values ignored."""
    today = today or timezone.localdate()
    workers = people_visible_to(user=user, sees_everyone=sees_everyone)
    if service_id := record_id(service):
        workers = workers.filter(team__service_id=service_id)
    if team_id := record_id(team):
        workers = workers.filter(team_id=team_id)
    if role_id := record_id(pathway_role):
        workers = workers.filter(pathway_role_id=role_id)
    if status in PeerSupportWorkerStatus.values:
        workers = workers.filter(status=status)
    if training in {TrainingStatus.EXPIRED, TrainingStatus.DUE, TrainingStatus.MISSING}:
        workers = workers.filter(_mandatory_courses_with(training, today))
    workers = with_supervision(workers, today=today)
    if supervision == "overdue":
        workers = workers.filter(supervision_overdue=True)
    return (
        workers.select_related("team__service", "pathway_role")
        .prefetch_related(
            "pathway_role__mandatory_courses",
            Prefetch("training_records", queryset=TrainingRecord.objects.select_related("course")),
        )
        .order_by(*PEOPLE_SORTS.get(sort, PEOPLE_SORTS["name"])[1])
    )


@dataclass(frozen=True)
class Attention:
    """How many people need something done about their development: the home page's counts."""

    supervision_overdue: int
    training_expired: int
    training_missing: int

    @property
    def anything(self) -> bool:
        return bool(self.supervision_overdue or self.training_expired or self.training_missing)


def needing_attention(*, user, sees_everyone: bool, today: datetime.date | None = None) -> Attention:
    """Counts of active people the person can see with overdue supervision, expired or missing training (one query)."""
    today = today or timezone.localdate()
    workers = with_supervision(
        people_visible_to(user=user, sees_everyone=sees_everyone).filter(status=PeerSupportWorkerStatus.ACTIVE),
        today=today,
    )
    workers = workers.annotate(
        has_expired=_mandatory_courses_with(TrainingStatus.EXPIRED, today),
        has_missing=_mandatory_courses_with(TrainingStatus.MISSING, today),
    )
    # Counted here rather than with a filtered aggregate: the overdue flag sits on a grouped Max,
    # which an aggregate over it would have to nest; a few hundred small rows are cheaper to add up.
    flags = list(workers.values_list("supervision_overdue", "has_expired", "has_missing"))
    return Attention(*(sum(bool(row[column]) for row in flags) for column in range(3)))


def teams_for_filter(*, user, sees_everyone: bool) -> QuerySet[Team]:
    teams = Team.objects.filter(is_active=True).select_related("service")
    return (teams if sees_everyone else teams.filter(leads=user)).order_by("service__name", "name")


def person_profile(*, worker_id: int) -> PeerSupportWorker:
    """One person's profile: their team (with leads, for the permission), training, supervision and pathway."""
    workers = with_supervision(PeerSupportWorker.objects.filter(pk=worker_id))
    return (
        workers.select_related("team__service", "pathway_role", "user", "line_manager", "supervisor")
        .prefetch_related(
            "team__leads",
            "pathway_role__mandatory_courses",
            Prefetch("training_records", queryset=TrainingRecord.objects.select_related("course")),
            Prefetch(
                "supervision_sessions",
                queryset=SupervisionSession.objects.select_related("supervisor").order_by("-date", "-pk"),
            ),
            Prefetch("role_history", queryset=RoleHistory.objects.select_related("pathway_role")),
            Prefetch(
                "competence_achievements",
                queryset=CompetenceAchievement.objects.select_related("competence__domain"),
            ),
        )
        .get()
    )


def person_changes(*, worker: PeerSupportWorker, limit: int = 10) -> list[dict]:
    """The record's latest changes (who, when, which fields), newest first, from its history."""
    entries = list(worker.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    changes = []
    for newer, older in zip(entries, [*entries[1:], None], strict=True):
        if len(changes) == limit:
            break
        if older is None:
            fields = []
        else:
            fields = [
                PeerSupportWorker._meta.get_field(change.field).verbose_name
                for change in newer.diff_against(older, foreign_keys_are_objs=False).changes
            ]
        changes.append(
            {
                "when": newer.history_date,
                "who": newer.history_user,
                "kind": newer.get_history_type_display(),
                "fields": fields,
            }
        )
    return changes
