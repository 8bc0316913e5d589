"""The career pathway's roles, the competence framework and the training catalogue, kept by the peer support lead."""

from collections.abc import Iterable

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ..models import (
    Competence,
    CompetenceAchievement,
    CompetenceDomain,
    PathwayRole,
    TrainingCourse,
)

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
