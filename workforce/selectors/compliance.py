"""Training and supervision compliance: a course's status for one person, and the database's version
of the same questions for lists and counts.

A course's status for one person comes from their best record of it: one that never expires,
else the one that expires last. Pages prefetch the records and the role's mandatory courses, so
working it out costs no query per person; the list's filters ask the same questions in the
database (`mandatory_courses_with`).
"""

import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.db.models import BooleanField, Case, Exists, Max, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from ..models import PathwayRole, PeerSupportWorker, PeerSupportWorkerStatus, TrainingCourse, TrainingRecord

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


def mandatory_courses_with(status: str, today: datetime.date) -> Exists:
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
