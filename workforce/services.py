"""Writes for the workforce: every change to services, teams, training and supervision goes through here."""

import calendar
import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from peersupport.accounts.roles import Role

from .models import (
    FULL_TIME_HOURS,
    Competence,
    CompetenceAchievement,
    CompetenceDomain,
    FundedPost,
    GrowthTarget,
    PathwayRole,
    PeerSupportWorker,
    PeerSupportWorkerStatus,
    RoleHistory,
    Service,
    ServiceCategory,
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


@transaction.atomic
def service_create(*, name: str, category: str, specialism: str = "") -> Service:
    """A new service; refused when one of that name exists whatever the case ("Crisis" and "crisis")."""
    if Service.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": f"There is already a service called '{name}'"})
    if category not in ServiceCategory.values:
        raise ValidationError({"category": f"'{category}' is not a service category"})
    return Service.objects.create(name=name, category=category, specialism=specialism)


@transaction.atomic
def team_create(*, service: Service, name: str, leads=()) -> Team:
    """A new team in a service, led by people who hold the Team lead role (they approve its requests)."""
    if Team.objects.filter(service=service, name__iexact=name).exists():
        raise ValidationError({"name": f"The service '{service.name}' already has a team called '{name}'"})
    not_leads = [lead for lead in leads if not lead.has_role(Role.TEAM_LEAD)]
    if not_leads:
        names = ", ".join(str(lead) for lead in not_leads)
        raise ValidationError({"leads": f"Only people with the Team lead role can lead a team (not {names})"})
    team = Team.objects.create(service=service, name=name)
    team.leads.set(leads)
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
    if worker.end_date is not None and on > worker.end_date:
        raise ValidationError(
            {"on": f"{worker.full_name} left on {worker.end_date:%-d %B %Y}: a change must be before"}
        )
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


def _person_problems(values: dict, *, worker: PeerSupportWorker | None, today: datetime.date) -> dict[str, str]:
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


def _role_periods_follow(worker: PeerSupportWorker, *, start_date: datetime.date, end_date: datetime.date | None):
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
    problems = _person_problems(values, worker=None, today=today)
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
    problems = _person_problems(values, worker=worker, today=today)
    if problems:
        raise ValidationError(problems)
    periods = _role_periods_follow(worker, start_date=values["start_date"], end_date=values["end_date"])
    for name in PERSON_FIELDS:
        setattr(worker, name, values[name])
    worker.email = worker.email.strip()
    worker._history_user = by
    worker.save()
    for period in periods:
        period.save(update_fields=["started_on", "ended_on"])
    return worker


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


# --- Establishment and growth targets ---------------------------------------------------------
# The peer support lead keeps these; the rules below are also asked by the forms, so a person
# sees every problem at once. Definitions: docs/adr/0014-establishment-and-growth.md.

MAX_POST_WTE = Decimal(10)
TWO_PLACES = Decimal("0.01")
MAX_TARGET_HEADCOUNT = 9999


def _wte_problem(value: Decimal, *, at_most: Decimal | None = None) -> str | None:
    if value <= 0:
        return "The whole-time equivalent must be more than 0"
    if at_most is not None and value > at_most:
        return f"The whole-time equivalent must be {at_most:f} or less"
    if value.normalize().as_tuple().exponent < -2:
        return "Enter the whole-time equivalent to at most 2 decimal places, like 0.75"
    return None


def funded_post_problems(
    *,
    whole_time_equivalent: Decimal | None,
    funded_from: datetime.date | None,
    funded_until: datetime.date | None,
) -> dict[str, str]:
    """Why a funded post's figures cannot stand, by field, checking what is given (None: not known yet)."""
    problems: dict[str, str] = {}
    wte_problem = whole_time_equivalent is not None and _wte_problem(whole_time_equivalent, at_most=MAX_POST_WTE)
    if wte_problem:
        problems["whole_time_equivalent"] = wte_problem
    if funded_from is not None and funded_until is not None and funded_until < funded_from:
        problems["funded_until"] = (
            f"The last day funded must be on or after the day the funding starts, {funded_from:%-d %B %Y}"
        )
    return problems


def _check_funded_post(*, team: Team, post: FundedPost | None, **figures) -> None:
    problems = funded_post_problems(**figures)
    if not team.is_active and (post is None or post.team_id != team.pk):
        problems["team"] = f"{team.name} is no longer active: choose an active team"
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def funded_post_add(
    *,
    team: Team,
    whole_time_equivalent: Decimal,
    funded_from: datetime.date,
    funded_until: datetime.date | None = None,
    pathway_role: PathwayRole | None = None,
    note: str = "",
) -> FundedPost:
    """A post the team is funded for from `funded_from`; recurrent unless `funded_until` is given."""
    figures = {"whole_time_equivalent": whole_time_equivalent, "funded_from": funded_from, "funded_until": funded_until}
    _check_funded_post(team=team, post=None, **figures)
    figures["whole_time_equivalent"] = whole_time_equivalent.quantize(TWO_PLACES)
    return FundedPost.objects.create(team=team, pathway_role=pathway_role, note=note.strip(), **figures)


@transaction.atomic
def funded_post_update(
    *,
    post: FundedPost,
    team: Team,
    whole_time_equivalent: Decimal,
    funded_from: datetime.date,
    funded_until: datetime.date | None,
    pathway_role: PathwayRole | None,
    note: str = "",
) -> FundedPost:
    """Correct a funded post. A post that stays in a team that has closed may keep it."""
    post = FundedPost.objects.select_for_update().get(pk=post.pk)
    figures = {"whole_time_equivalent": whole_time_equivalent, "funded_from": funded_from, "funded_until": funded_until}
    _check_funded_post(team=team, post=post, **figures)
    post.team = team
    post.pathway_role = pathway_role
    post.whole_time_equivalent = whole_time_equivalent.quantize(TWO_PLACES)
    post.funded_from = funded_from
    post.funded_until = funded_until
    post.note = note.strip()
    post.save()
    return post


@transaction.atomic
def funded_post_end(*, post: FundedPost, funded_until: datetime.date) -> FundedPost:
    """End a post's funding: `funded_until` is the last day it is funded (it may be past or to come).

    A post whose funding has already ended is corrected with `funded_post_update` instead, so an
    end is never moved by accident.
    """
    post = FundedPost.objects.select_for_update().get(pk=post.pk)
    today = timezone.localdate()
    if post.funded_until is not None and post.funded_until < today:
        ended = f"{post.funded_until:%-d %B %Y}"
        raise ValidationError({"funded_until": f"The funding of this post already ended on {ended}: change the post"})
    problems = funded_post_problems(whole_time_equivalent=None, funded_from=post.funded_from, funded_until=funded_until)
    if problems:
        raise ValidationError(problems)
    post.funded_until = funded_until
    post.save(update_fields=["funded_until"])
    return post


def growth_target_problems(
    *,
    target_date: datetime.date | None,
    headcount: int | None,
    whole_time_equivalent: Decimal | None,
    today: datetime.date,
    current_date: datetime.date | None = None,
) -> dict[str, str]:
    """Why a growth target cannot stand, by field, checking what is given (None: not known yet).

    `current_date` is the date of the target being changed. A new target, or one moved to another
    date, must be in the future; a target whose date has passed can still have its figures corrected.
    """
    problems: dict[str, str] = {}
    if target_date is not None and target_date != current_date and target_date <= today:
        problems["target_date"] = "The target date must be in the future"
    if headcount is not None and headcount < 1:
        problems["headcount"] = "The headcount must be at least 1"
    elif headcount is not None and headcount > MAX_TARGET_HEADCOUNT:
        problems["headcount"] = f"The headcount must be {MAX_TARGET_HEADCOUNT:,} or fewer"
    wte_problem = whole_time_equivalent is not None and _wte_problem(whole_time_equivalent)
    if wte_problem:
        problems["whole_time_equivalent"] = wte_problem
    elif (
        None not in (whole_time_equivalent, headcount)
        and "headcount" not in problems
        and whole_time_equivalent > headcount
    ):
        problems["whole_time_equivalent"] = (
            "The whole-time equivalent cannot be more than the headcount: one person is at most 1 WTE"
        )
    return problems


@transaction.atomic
def growth_target_save(
    *,
    target: GrowthTarget | None = None,
    target_date: datetime.date,
    headcount: int,
    whole_time_equivalent: Decimal,
    note: str = "",
) -> GrowthTarget:
    """Add a target of the Peer Support Strategy (`target` None) or change one; one target per date."""
    if target is not None:
        target = GrowthTarget.objects.select_for_update().get(pk=target.pk)
    problems = growth_target_problems(
        target_date=target_date,
        headcount=headcount,
        whole_time_equivalent=whole_time_equivalent,
        today=timezone.localdate(),
        current_date=target.target_date if target is not None else None,
    )
    same_date = GrowthTarget.objects.filter(target_date=target_date)
    if target is not None:
        same_date = same_date.exclude(pk=target.pk)
    if "target_date" not in problems and same_date.exists():
        problems["target_date"] = f"There is already a target for {target_date:%-d %B %Y}: change that one instead"
    if problems:
        raise ValidationError(problems)
    target = target or GrowthTarget()
    target.target_date = target_date
    target.headcount = headcount
    target.whole_time_equivalent = whole_time_equivalent.quantize(TWO_PLACES)
    target.note = note.strip()
    try:
        with transaction.atomic():
            target.save()
    except IntegrityError as clash:  # another person saved a target for the same date at the same moment
        raise ValidationError(
            {"target_date": f"There is already a target for {target_date:%-d %B %Y}: change that one instead"}
        ) from clash
    return target


@transaction.atomic
def growth_target_delete(*, target: GrowthTarget) -> None:
    GrowthTarget.objects.filter(pk=target.pk).delete()


# --- The pathway and the training catalogue ---
# The peer support lead keeps the pathway's roles (name, band, place, what each needs), the
# competence framework and the training catalogue. These models have no history table: each
# change is written to the admin log (who, when, which fields), which admins read on the
# object's "History" in Django admin. Roles are never deleted: people hold or held them, and
# their role history and the workforce figures depend on them.

AGENDA_FOR_CHANGE_BANDS = ("1", "2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9")
BAND_MESSAGE = "Enter an Agenda for Change band from 1 to 9, or 8a to 8d, like 4 or 8a"
MAX_RENEWAL_MONTHS = 120
RENEWAL_MESSAGE = (
    f"The renewal period must be from 1 to {MAX_RENEWAL_MONTHS} months, or left empty if the course never expires"
)
PATHWAY_ORDER_STEP = 10


def agenda_for_change_band(text: str) -> str | None:
    """The band as the pathway writes it ("Band 8A" is "8a"), or None when it is not a band."""
    band = text.strip().lower().removeprefix("band").strip()
    return band if band in AGENDA_FOR_CHANGE_BANDS else None


def _log(by, obj, action_flag: int, fields: list[str] | None = None) -> None:
    """Write the change to the admin log, so it shows in the object's history in Django admin."""
    if by is None or (action_flag == CHANGE and not fields):
        return
    message = {ADDITION: [{"added": {}}], CHANGE: [{"changed": {"fields": fields}}]}.get(action_flag, "")
    LogEntry.objects.log_actions(
        user_id=by.pk, queryset=[obj], action_flag=action_flag, change_message=message, single_object=True
    )


def _changed(pairs: list[tuple[str, object, object]]) -> list[str]:
    """The labels of the (label, before, after) pairs whose value changed."""
    return [label for label, before, after in pairs if before != after]


def _save_unique(obj, *, field: str, message: str) -> None:
    """Save; someone saving the same name at the same moment gets `message`, not a server error."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as clash:
        raise ValidationError({field: message}) from clash


def _name_problem(name: str | None, *, missing: str, among, instance, taken) -> str | None:
    """Why a name cannot stand: empty, or used by another of `among` whatever its case.

    `taken(existing)` words the refusal with the name already in use. A name of None is not known yet.
    """
    if name is None:
        return None
    name = name.strip()
    if not name:
        return missing
    others = among.filter(name__iexact=name)
    if instance is not None:
        others = others.exclude(pk=instance.pk)
    existing = others.values_list("name", flat=True).first()
    return None if existing is None else taken(existing)


# --- Roles on the pathway ---


def _pathway_renumber(roles: list[PathwayRole]) -> None:
    """Number every role 10, 20, 30... in the order given, keeping `order` unique at every step.

    A role taking a number that another still holds would break the unique constraint half-way,
    so the roles that move step aside first, to numbers that nobody holds or will hold.
    """
    final = {role.pk: PATHWAY_ORDER_STEP * position for position, role in enumerate(roles, start=1)}
    moving = [role for role in roles if role.order != final[role.pk]]
    taken = {role.order for role in roles} | set(final.values())
    spare = 0
    for role in moving:
        spare += 1
        while spare in taken:
            spare += 1
        PathwayRole.objects.filter(pk=role.pk).update(order=spare)
    for role in moving:
        role.order = final[role.pk]
        PathwayRole.objects.filter(pk=role.pk).update(order=role.order)


def pathway_role_problems(*, name: str | None, band: str | None, role: PathwayRole | None = None) -> dict[str, str]:
    """Why a role's name or band cannot stand, by field, checking what is given (None: not known yet)."""
    problems = {}
    name_problem = _name_problem(
        name,
        missing="Enter the name of the role",
        among=PathwayRole.objects.all(),
        instance=role,
        taken=lambda existing: f"There is already a role called '{existing}' on the pathway",
    )
    if name_problem:
        problems["name"] = name_problem
    if band is not None and agenda_for_change_band(band) is None:
        problems["band"] = BAND_MESSAGE
    return problems


@transaction.atomic
def pathway_role_save(
    *,
    role: PathwayRole | None = None,
    name: str,
    band: str,
    after: PathwayRole | None,
    mandatory_courses: Iterable[TrainingCourse] = (),
    required_competences: Iterable[Competence] = (),
    by,
) -> PathwayRole:
    """Add a step to the pathway (`role` None) or change one: its name, band, place and what it needs.

    `after` is the role it follows; None puts it first. The steps are then renumbered so `order`
    stays unique. People keep their role; "ready to progress" follows the new requirements and
    order at once, because the pages read the pathway afresh.
    """
    # Every role is locked: a new place renumbers the others, and two changes must not interleave.
    roles = list(PathwayRole.objects.select_for_update().order_by("order"))
    by_pk = {each.pk: each for each in roles}
    if role is not None and role.pk not in by_pk:
        raise ValidationError({"name": "This role is no longer on the pathway"})
    problems = pathway_role_problems(name=name, band=band, role=role)
    if after is not None and (after.pk not in by_pk or (role is not None and after.pk == role.pk)):
        problems["after"] = "Choose where the role goes on the pathway"
    if problems:
        raise ValidationError(problems)
    name, band = name.strip(), agenda_for_change_band(band)
    mandatory_courses, required_competences = list(mandatory_courses), list(required_competences)
    clash = f"There is already a role called '{name}' on the pathway"
    if role is None:
        used = {each.order for each in roles}
        role = PathwayRole(name=name, band=band, order=next(n for n in range(1, len(roles) + 2) if n not in used))
        _save_unique(role, field="name", message=clash)
        was_at, changed = None, []
    else:
        role = by_pk[role.pk]
        was_at = roles.index(role)
        changed = _changed(
            [
                ("Name", role.name, name),
                ("Band", role.band, band),
                ("Mandatory courses", set(role.mandatory_courses.all()), set(mandatory_courses)),
                ("Required competences", set(role.required_competences.all()), set(required_competences)),
            ]
        )
        role.name, role.band = name, band
        _save_unique(role, field="name", message=clash)
    role.mandatory_courses.set(mandatory_courses)
    role.required_competences.set(required_competences)
    sequence = [each for each in roles if each.pk != role.pk]
    sequence.insert(0 if after is None else sequence.index(by_pk[after.pk]) + 1, role)
    _pathway_renumber(sequence)
    if was_at is None:
        _log(by, role, ADDITION)
    else:
        _log(by, role, CHANGE, changed + (["Position"] if sequence.index(role) != was_at else []))
    return role


@transaction.atomic
def pathway_role_move(*, role: PathwayRole, direction: str, by) -> PathwayRole:
    """Swap a role with the one before it ("up") or after it ("down") on the pathway."""
    roles = list(PathwayRole.objects.select_for_update().order_by("order"))
    at = next((index for index, each in enumerate(roles) if each.pk == role.pk), None)
    if at is None:
        raise ValidationError({"direction": "This role is no longer on the pathway"})
    if direction not in ("up", "down"):
        raise ValidationError({"direction": "Choose whether to move the role up or down"})
    to = at - 1 if direction == "up" else at + 1
    if to < 0:
        raise ValidationError({"direction": f"{roles[at].name} is already the first step of the pathway"})
    if to >= len(roles):
        raise ValidationError({"direction": f"{roles[at].name} is already the last step of the pathway"})
    roles[at], roles[to] = roles[to], roles[at]
    _pathway_renumber(roles)
    _log(by, roles[to], CHANGE, ["Position"])
    return roles[to]


# --- The competence framework ---


def competence_domain_problems(*, name: str | None, domain: CompetenceDomain | None = None) -> dict[str, str]:
    problem = _name_problem(
        name,
        missing="Enter the name of the domain",
        among=CompetenceDomain.objects.all(),
        instance=domain,
        taken=lambda existing: f"There is already a domain called '{existing}' in the framework",
    )
    return {"name": problem} if problem else {}


@transaction.atomic
def competence_domain_save(*, domain: CompetenceDomain | None = None, name: str, by) -> CompetenceDomain:
    """Add a domain of the framework (`domain` None), at the end of the list, or rename one."""
    problems = competence_domain_problems(name=name, domain=domain)
    if problems:
        raise ValidationError(problems)
    name = name.strip()
    if domain is None:
        last = CompetenceDomain.objects.order_by("-order").values_list("order", flat=True).first() or 0
        domain = CompetenceDomain(name=name, order=last + PATHWAY_ORDER_STEP)
        changed = None
    else:
        domain = CompetenceDomain.objects.select_for_update().get(pk=domain.pk)
        changed = _changed([("Name", domain.name, name)])
        domain.name = name
    _save_unique(domain, field="name", message=f"There is already a domain called '{name}' in the framework")
    _log(by, domain, ADDITION if changed is None else CHANGE, changed)
    return domain


def competence_problems(
    *, name: str | None, domain: CompetenceDomain | None, competence: Competence | None = None
) -> dict[str, str]:
    """Why a competence's name cannot stand in its domain (None: not known yet)."""
    problem = _name_problem(
        name,
        missing="Enter the competence",
        among=Competence.objects.filter(domain=domain) if domain else Competence.objects.none(),
        instance=competence,
        taken=lambda existing: f"'{domain.name}' already has a competence called '{existing}'",
    )
    return {"name": problem} if problem else {}


@transaction.atomic
def competence_save(*, competence: Competence | None = None, domain: CompetenceDomain, name: str, by) -> Competence:
    """Add a competence to a domain (`competence` None), or reword one or move it to another domain.

    Rewording keeps who achieved it and which roles require it: it is the same competence.
    """
    problems = competence_problems(name=name, domain=domain, competence=competence)
    if problems:
        raise ValidationError(problems)
    name = name.strip()
    if competence is None:
        competence = Competence(domain=domain, name=name)
        changed = None
    else:
        competence = Competence.objects.select_for_update().get(pk=competence.pk)
        changed = _changed([("Name", competence.name, name), ("Domain", competence.domain_id, domain.pk)])
        competence.domain, competence.name = domain, name
    _save_unique(competence, field="name", message=f"'{domain.name}' already has a competence called '{name}'")
    _log(by, competence, ADDITION if changed is None else CHANGE, changed)
    return competence


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def competence_delete_refusal(*, competence: Competence) -> str | None:
    """Why a competence cannot be deleted, in words for the page; None when nothing depends on it."""
    achieved = CompetenceAchievement.objects.filter(competence=competence).count()
    roles = list(competence.required_for.order_by("order").values_list("name", flat=True))
    reasons = []
    if roles:
        one = len(roles) == 1
        reasons.append(f"the role{'' if one else 's'} {_names(roles)} require{'s' if one else ''} it")
    if achieved:
        reasons.append(f"{'1 person has' if achieved == 1 else f'{achieved} people have'} achieved it")
    if not reasons:
        return None
    if achieved:
        advice = "Their records keep what they achieved: to change its words, rename it instead."
    else:
        advice = f"Take it off {'that role' if len(roles) == 1 else 'those roles'} first."
    return f"'{competence.name}' cannot be deleted because {' and '.join(reasons)}. {advice}"


@transaction.atomic
def competence_delete(*, competence: Competence, by) -> None:
    """Delete a competence nobody achieved and no role requires (a mistake, say); refuse otherwise."""
    competence = Competence.objects.select_for_update().filter(pk=competence.pk).first()
    if competence is None:
        return
    refusal = competence_delete_refusal(competence=competence)
    if refusal:
        raise ValidationError({"competence": refusal})
    _log(by, competence, DELETION)
    try:
        with transaction.atomic():
            competence.delete()
    except IntegrityError as achieved:  # someone signed it off at this very moment (ProtectedError)
        raise ValidationError(
            {"competence": f"'{competence.name}' cannot be deleted because someone has just achieved it"}
        ) from achieved


# --- The training catalogue ---


def training_course_problems(
    *, name: str | None, renewal_months: int | None, course: TrainingCourse | None = None
) -> dict[str, str]:
    """Why a course's name or renewal cannot stand, by field (a name of None: not known yet)."""
    problems = {}
    name_problem = _name_problem(
        name,
        missing="Enter the name of the course",
        among=TrainingCourse.objects.all(),
        instance=course,
        taken=lambda existing: f"There is already a course called '{existing}' in the catalogue",
    )
    if name_problem:
        problems["name"] = name_problem
    if renewal_months is not None and not 1 <= renewal_months <= MAX_RENEWAL_MONTHS:
        problems["renewal_months"] = RENEWAL_MESSAGE
    return problems


@transaction.atomic
def training_course_save(
    *,
    course: TrainingCourse | None = None,
    name: str,
    provider: str = "",
    renewal_months: int | None,
    mandatory_for: Iterable[PathwayRole] = (),
    by,
) -> TrainingCourse:
    """Add a course to the catalogue (`course` None) or change one.

    A new renewal period applies to records made from then on. Records already made keep the
    expiry set when they were recorded: a certificate's date does not move because the
    catalogue changed, and a person never falls out of date without a new record saying so.
    """
    problems = training_course_problems(name=name, renewal_months=renewal_months, course=course)
    if problems:
        raise ValidationError(problems)
    name, provider, mandatory_for = name.strip(), provider.strip(), list(mandatory_for)
    if course is None:
        course = TrainingCourse(name=name, provider=provider, renewal_months=renewal_months)
        changed = None
    else:
        course = TrainingCourse.objects.select_for_update().get(pk=course.pk)
        changed = _changed(
            [
                ("Name", course.name, name),
                ("Provider", course.provider, provider),
                ("Renewal period", course.renewal_months, renewal_months),
                ("Mandatory for", set(course.mandatory_for.all()), set(mandatory_for)),
            ]
        )
        course.name, course.provider, course.renewal_months = name, provider, renewal_months
    _save_unique(course, field="name", message=f"There is already a course called '{name}' in the catalogue")
    course.mandatory_for.set(mandatory_for)
    _log(by, course, ADDITION if changed is None else CHANGE, changed)
    return course
