"""Peer support workers' records and their moves along the career pathway."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import (
    FULL_TIME_HOURS,
    PathwayRole,
    PeerSupportWorker,
    PeerSupportWorkerStatus,
    RoleHistory,
)


@transaction.atomic
def role_change_record(*, worker: PeerSupportWorker, new_role: PathwayRole, on: datetime.date, by=None) -> RoleHistory:
    """Move a person to a new step on the pathway from `on`: their current period ends the day before.

    The current period is the open one or, for someone with an end date (a fixed-term contract,
    say), the one that ends with their employment; the new period then ends with it too.
    Periods never overlap, so a change can only be dated after every period already recorded;
    a correction to the past is made in the admin, deliberately, not here. `by` is kept for
    the person's change history (simple_history records who changed their role).
    """
    # Lock the person's row so two changes at once cannot both open a period; read their end afresh.
    end = PeerSupportWorker.objects.select_for_update().values_list("end_date", flat=True).get(pk=worker.pk)
    today = timezone.localdate()
    periods = RoleHistory.objects.filter(peer_support_worker=worker).select_related("pathway_role")
    current = periods.filter(ended_on__isnull=True).first()
    if current is None and end is not None:
        current = periods.filter(ended_on=end).first()
    if on > today:
        raise ValidationError({"on": "The date they started in the new role must be today or in the past"})
    if end is not None and on > end:
        ends = f"{worker.full_name} left" if end < today else f"{worker.full_name}'s contract ends"
        raise ValidationError({"on": f"{ends} on {end:%-d %B %Y}: the change must be on or before then"})
    if current is not None and new_role.pk == current.pathway_role_id:
        raise ValidationError({"new_role": f"{worker.full_name} is already a {new_role.name}"})
    if current is not None and on <= current.started_on:
        raise ValidationError(
            {
                "on": f"The change must be after {worker.full_name} started as {current.pathway_role.name} "
                f"on {current.started_on:%-d %B %Y}"
            }
        )
    earlier = periods.filter(ended_on__isnull=False).exclude(pk=current.pk if current else None)
    latest_end = earlier.order_by("-ended_on").values_list("ended_on", flat=True).first()
    if latest_end is not None and on <= latest_end:
        raise ValidationError({"on": f"The change overlaps an earlier role, which ended on {latest_end:%-d %B %Y}"})
    if on < worker.start_date:
        raise ValidationError({"on": f"The change must be on or after their start date, {worker.start_date:%-d %B %Y}"})
    ends_on = None
    if current is not None:
        ends_on = current.ended_on  # the end of their employment, or None while open-ended
        current.ended_on = on - datetime.timedelta(days=1)
        current.save(update_fields=["ended_on"])
    period = RoleHistory.objects.create(
        peer_support_worker=worker, pathway_role=new_role, started_on=on, ended_on=ends_on
    )
    worker.pathway_role = new_role
    if by is not None:
        worker._history_user = by
    worker.save(update_fields=["pathway_role"])
    return period


# --- Peer support workers' records -----------------------------------------------------------

# What the peer support lead sets on a person's record; their role changes through `role_change_record`.
PERSON_FIELDS = (
    "full_name",
    "email",
    "team",
    "contracted_hours",
    "start_date",
    "end_date",
    "status",
    "allowance_hours",
    "line_manager",
    "supervisor",
)


def monthly_contracted_hours(contracted_hours: Decimal) -> Decimal:
    """A week's contracted hours over a month: 52 weeks in 12 months."""
    return (contracted_hours * 52 / 12).quantize(Decimal("0.1"))


def person_problems(values: dict, *, worker: PeerSupportWorker | None, today: datetime.date) -> dict[str, str]:
    """Why these values cannot stand, by field: the same rules whether the person is new or changed."""
    problems: dict[str, str] = {}
    email = values["email"].strip()
    if email:
        taken = PeerSupportWorker.objects.filter(email__iexact=email)
        if worker is not None:
            taken = taken.exclude(pk=worker.pk)
        if taken.exists():
            problems["email"] = f"Another peer support worker already has the email {email}"
    team = values["team"]
    if not team.is_active and (worker is None or worker.team_id != team.pk):
        problems["team"] = f"{team.name} is no longer active: choose an active team"
    contracted = values["contracted_hours"]
    if not Decimal(0) < contracted <= FULL_TIME_HOURS:
        problems["contracted_hours"] = "Contracted hours must be more than 0 and at most 37.5 a week"
    allowance = values["allowance_hours"]
    if allowance is not None and contracted > 0 and allowance > monthly_contracted_hours(contracted):
        problems["allowance_hours"] = (
            f"The allowance cannot be more than their contracted hours in a month "
            f"({monthly_contracted_hours(contracted).normalize():f} hours at {contracted.normalize():f} hours a week)"
        )
    start, end, status = values["start_date"], values["end_date"], values["status"]
    if end is not None and end < start:
        problems["end_date"] = "The end date must be on or after the start date"
    elif status == PeerSupportWorkerStatus.LEFT and end is None:
        problems["end_date"] = "Enter the date they left"
    elif status == PeerSupportWorkerStatus.LEFT and end > today:
        problems["status"] = "Someone whose end date is still to come has not left yet: choose active or on leave"
    elif status != PeerSupportWorkerStatus.LEFT and end is not None and end < today:
        problems["status"] = "Their end date has passed: choose 'Left', or change the end date"
    return problems


def role_periods_follow(worker: PeerSupportWorker, *, start_date: datetime.date, end_date: datetime.date | None):
    """Keep the role history inside the employment when its dates change, or say why it cannot be.

    The first period starts with the employment when it did before; the last period ends with it.
    A change that would cut a later period short is refused rather than rewriting that history.
    """
    periods = list(RoleHistory.objects.filter(peer_support_worker=worker).select_related("pathway_role"))
    periods.sort(key=lambda period: period.started_on)
    if not periods:
        return []
    first, last = periods[0], periods[-1]
    changed = []
    if start_date != worker.start_date:
        if first.started_on == worker.start_date or start_date < first.started_on:
            if first.ended_on is not None and start_date > first.ended_on:
                raise ValidationError(
                    {
                        "start_date": f"The start date must be on or before {first.ended_on:%-d %B %Y}, when their "
                        f"time as {first.pathway_role.name} ended"
                    }
                )
            first.started_on = start_date
            changed.append(first)
        else:
            raise ValidationError(
                {
                    "start_date": f"The start date must be on or before {first.started_on:%-d %B %Y}, when they "
                    f"started as {first.pathway_role.name}"
                }
            )
    if end_date != worker.end_date and (last.ended_on is None or last.ended_on == worker.end_date):
        if end_date is not None and end_date < last.started_on:
            raise ValidationError(
                {
                    "end_date": f"The end date must be on or after {last.started_on:%-d %B %Y}, when they started "
                    f"as {last.pathway_role.name}"
                }
            )
        last.ended_on = end_date
        if last not in changed:
            changed.append(last)
    return changed


@transaction.atomic
def peer_support_worker_add(*, by, pathway_role: PathwayRole, **values) -> PeerSupportWorker:
    """A new peer support worker on the pathway from their start date."""
    today = timezone.localdate()
    problems = person_problems(values, worker=None, today=today)
    if problems:
        raise ValidationError(problems)
    worker = PeerSupportWorker(pathway_role=pathway_role, **{name: values[name] for name in PERSON_FIELDS})
    worker.email = worker.email.strip()
    worker._history_user = by
    worker.save()
    RoleHistory.objects.create(
        peer_support_worker=worker, pathway_role=pathway_role, started_on=worker.start_date, ended_on=worker.end_date
    )
    return worker


@transaction.atomic
def peer_support_worker_update(*, worker: PeerSupportWorker, by, **values) -> PeerSupportWorker:
    """Change a person's record; their role history keeps to their start and end dates."""
    worker = PeerSupportWorker.objects.select_for_update().get(pk=worker.pk)
    today = timezone.localdate()
    problems = person_problems(values, worker=worker, today=today)
    if problems:
        raise ValidationError(problems)
    periods = role_periods_follow(worker, start_date=values["start_date"], end_date=values["end_date"])
    for name in PERSON_FIELDS:
        setattr(worker, name, values[name])
    worker.email = worker.email.strip()
    worker._history_user = by
    worker.save()
    for period in periods:
        period.save(update_fields=["started_on", "ended_on"])
    return worker
