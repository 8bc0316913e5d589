"""Writes for the workforce: every change to services, teams, training and supervision goes through here."""

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import PeerSupportWorker, Service, SupervisionSession, Team, TrainingCourse, TrainingRecord


@transaction.atomic
def service_ensure(*, name: str, category: str, specialism: str = "") -> Service:
    service, _ = Service.objects.update_or_create(name=name, defaults={"category": category, "specialism": specialism})
    return service


@transaction.atomic
def team_ensure(*, service: Service, name: str, leads=()) -> Team:
    team, _ = Team.objects.get_or_create(service=service, name=name)
    for lead in leads:
        team.leads.add(lead)
    return team


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
    """A supervisor with a login is linked and named; one without is named only."""
    if date > timezone.localdate():
        raise ValidationError({"date": "The date of the supervision must be today or in the past"})
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
