"""Writes for the workforce: every change to services, teams, training and supervision goes through here."""

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import (
    PathwayRole,
    PeerSupportWorker,
    RoleHistory,
    Service,
    SupervisionSession,
    Team,
    TrainingCourse,
    TrainingRecord,
)


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


@transaction.atomic
def role_change_record(*, worker: PeerSupportWorker, new_role: PathwayRole, on: datetime.date, by=None) -> RoleHistory:
    """Move a person to a new step on the pathway from `on`: the open period ends the day before.

    Periods never overlap, so a change can only be dated after every period already recorded;
    a correction to the past is made in the admin, deliberately, not here. `by` is kept for
    the person's change history (simple_history records who changed their role).
    """
    # Lock the person's row so two changes at once cannot both open a period.
    list(PeerSupportWorker.objects.select_for_update().filter(pk=worker.pk).values_list("pk", flat=True))
    periods = RoleHistory.objects.filter(peer_support_worker=worker)
    current = periods.filter(ended_on__isnull=True).select_related("pathway_role").first()
    if on > timezone.localdate():
        raise ValidationError({"on": "The date they started in the new role must be today or in the past"})
    if current is not None and new_role.pk == current.pathway_role_id:
        raise ValidationError({"new_role": f"{worker.full_name} is already a {new_role.name}"})
    if current is not None and on <= current.started_on:
        raise ValidationError(
            {
                "on": f"The change must be after {worker.full_name} started as {current.pathway_role.name} "
                f"on {current.started_on:%-d %B %Y}"
            }
        )
    latest_end = periods.filter(ended_on__isnull=False).order_by("-ended_on").values_list("ended_on", flat=True).first()
    if latest_end is not None and on <= latest_end:
        raise ValidationError({"on": f"The change overlaps an earlier role, which ended on {latest_end:%-d %B %Y}"})
    if on < worker.start_date:
        raise ValidationError({"on": f"The change must be on or after their start date, {worker.start_date:%-d %B %Y}"})
    if current is not None:
        current.ended_on = on - datetime.timedelta(days=1)
        current.save(update_fields=["ended_on"])
    period = RoleHistory.objects.create(peer_support_worker=worker, pathway_role=new_role, started_on=on)
    worker.pathway_role = new_role
    if by is not None:
        worker._history_user = by
    worker.save(update_fields=["pathway_role"])
    return period
