"""Training, supervision and competences a peer support worker achieves."""

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import (
    Competence,
    CompetenceAchievement,
    PeerSupportWorker,
    SupervisionSession,
    TrainingCourse,
    TrainingRecord,
)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the month's last day when it is shorter (31 Jan + 1 = 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def training_expiry(*, course: TrainingCourse, completed_on: datetime.date) -> datetime.date | None:
    """When a completion runs out; None for a course that never needs renewing."""
    if course.renewal_months is None:
        return None
    return add_months(completed_on, course.renewal_months)


@transaction.atomic
def training_record_add(
    *,
    peer_support_worker: PeerSupportWorker,
    course: TrainingCourse,
    completed_on: datetime.date,
    evidence_note: str = "",
    by=None,
) -> TrainingRecord:
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": "The date completed must be today or in the past"})
    # Not held to their start date, unlike supervision and competences: training may be carried
    # over from a previous post (in the trust or elsewhere) and still count for their role here.
    return TrainingRecord.objects.create(
        peer_support_worker=peer_support_worker,
        course=course,
        completed_on=completed_on,
        expires_on=training_expiry(course=course, completed_on=completed_on),
        evidence_note=evidence_note,
        recorded_by=by,
    )


@transaction.atomic
def supervision_session_record(
    *,
    peer_support_worker: PeerSupportWorker,
    date: datetime.date,
    kind: str,
    duration_minutes: int,
    supervisor=None,
    supervisor_name: str = "",
    by=None,
) -> SupervisionSession:
    """A supervisor with a login is linked and named; one without is named only.

    Supervision is part of their employment here: none before they started or after they left.
    """
    if date > timezone.localdate():
        raise ValidationError({"date": "The date of the supervision must be today or in the past"})
    start, end = peer_support_worker.start_date, peer_support_worker.end_date
    if date < start:
        raise ValidationError(
            {"date": f"The date of the supervision must be on or after their start date, {start:%-d %B %Y}"}
        )
    if end is not None and date > end:
        raise ValidationError(
            {"date": f"The date of the supervision must be on or before their end date, {end:%-d %B %Y}"}
        )
    if not SupervisionSession.MIN_MINUTES <= duration_minutes <= SupervisionSession.MAX_MINUTES:
        raise ValidationError({"duration_minutes": "A supervision lasts between 15 minutes and 8 hours"})
    if supervisor is not None:
        supervisor_name = supervisor.full_name or supervisor.email
    return SupervisionSession.objects.create(
        peer_support_worker=peer_support_worker,
        date=date,
        kind=kind,
        duration_minutes=duration_minutes,
        supervisor=supervisor,
        supervisor_name=supervisor_name,
        recorded_by=by,
    )


# --- Competences ------------------------------------------------------------------------------


@transaction.atomic
def competence_sign_off(
    *, worker: PeerSupportWorker, competence: Competence, achieved_on: datetime.date, by
) -> CompetenceAchievement:
    """Record that a person has shown a competence of the framework; once per person and competence."""
    if achieved_on > timezone.localdate():
        raise ValidationError({"achieved_on": "The date achieved must be today or in the past"})
    if achieved_on < worker.start_date:
        raise ValidationError(
            {"achieved_on": f"The date achieved must be on or after their start date, {worker.start_date:%-d %B %Y}"}
        )
    already = CompetenceAchievement.objects.filter(peer_support_worker=worker, competence=competence).first()
    if already is not None:
        raise ValidationError(
            {"competence": f"{competence.name} was already signed off on {already.achieved_on:%-d %B %Y}"}
        )
    return CompetenceAchievement.objects.create(
        peer_support_worker=worker, competence=competence, achieved_on=achieved_on, signed_off_by=by
    )
