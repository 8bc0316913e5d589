"""The pool: a person's record, and their moves between applicant, active, paused and left.

Every change keeps the person's history (who changed what, through simple-history) and tells
the people who need to know through the outbox. The steps of joining (the onboarding checklist
and consent) are in .onboarding, and named here too, so callers find every pool service here.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from together_network.models import Invitation, InvitationStatus
from together_network.services import invitations as invitation_services

from ..models import ExpertByExperience, ExpertStatus, OnboardingRecord, OnboardingStep, PreferredContact
from ..notification_types import ExpertPaused
from .common import locked, require_coordinator, save_with_history
from .onboarding import consent_record, onboarding_step_record, record_step, steps_to_do

# The joining steps live in .onboarding; they are named here too, as the pool's services.
__all__ = [
    "EXPERT_FIELDS",
    "consent_record",
    "expert_activate",
    "expert_create",
    "expert_leave",
    "expert_pause",
    "expert_problems",
    "expert_resume",
    "expert_update",
    "onboarding_step_record",
]

# What a coordinator sets on a person's record (their status and dates move through the services below).
EXPERT_FIELDS = (
    "full_name",
    "pronouns",
    "email",
    "phone",
    "preferred_contact",
    "lived_experience_areas",
    "skills",
    "availability_slots",
    "available_online",
    "available_in_person",
    "reasonable_adjustments",
    "preferences",
    "payment_preference",
    "earnings_limit",
    "earnings_limit_period",
)
MANY_TO_MANY = ("lived_experience_areas", "skills")


# --- A person's record ----------------------------------------------------------------------


def expert_problems(values: dict, *, expert: ExpertByExperience | None) -> dict[str, str]:
    """Why these details cannot stand, by field: the same rules for a new person and a change.

    The words suit both the coordinator's form and a person applying for themselves.
    """
    problems: dict[str, str] = {}
    if not values["full_name"].strip():
        problems["full_name"] = "Enter a full name"
    email = values["email"].strip()
    if not email:
        problems["email"] = "Enter an email address"
    else:
        taken = ExpertByExperience.objects.filter(email__iexact=email, anonymised_at__isnull=True).exclude(
            status=ExpertStatus.LEFT
        )
        if expert is not None:
            taken = taken.exclude(pk=expert.pk)
        if taken.exists():
            problems["email"] = f"Someone in the Together network already has the email address {email}"
    if values["preferred_contact"] in {PreferredContact.PHONE, PreferredContact.TEXT} and not values["phone"].strip():
        problems["phone"] = "Enter a phone number, or choose email as the way to be contacted"
    if not (values["available_online"] or values["available_in_person"]):
        problems["available_online"] = "Choose at least one way to take part: online, in person, or both"
    limit, period = values["earnings_limit"], values["earnings_limit_period"]
    if limit is not None and limit < 0:
        problems["earnings_limit"] = "The earnings limit must be £0 or more"
    elif limit is not None and not period:
        problems["earnings_limit_period"] = "Choose the period the earnings limit is for"
    elif limit is None and period:
        problems["earnings_limit"] = "Enter the earnings limit for the period, or choose no period"
    return problems


def _apply(expert: ExpertByExperience, values: dict) -> None:
    for name in EXPERT_FIELDS:
        if name in MANY_TO_MANY:
            continue
        if name == "availability_slots":
            expert.set_availability(values[name])
        else:
            setattr(expert, name, values[name].strip() if isinstance(values[name], str) else values[name])


def _set_many(expert: ExpertByExperience, values: dict, *, by) -> None:
    """Change the areas and skills only where they differ, so the history shows real changes."""
    expert._history_user = by
    expert.__dict__.pop("_change_reason", None)  # the save's reason, not the lists'
    for name in MANY_TO_MANY:
        wanted = {item.pk for item in values[name]}
        manager = getattr(expert, name)
        if wanted != set(manager.values_list("pk", flat=True)):
            manager.set(wanted)


def _check_fields(fields: dict) -> None:
    unknown = set(fields) - set(EXPERT_FIELDS)
    if unknown:
        raise TypeError(f"Not a field a coordinator sets: {', '.join(sorted(unknown))}")


def values_with_defaults(fields: dict) -> dict:
    defaults = {
        "pronouns": "",
        "phone": "",
        "preferred_contact": PreferredContact.EMAIL,
        "lived_experience_areas": [],
        "skills": [],
        "availability_slots": [],
        "available_online": True,
        "available_in_person": True,
        "reasonable_adjustments": "",
        "preferences": "",
        "payment_preference": "paid",
        "earnings_limit": None,
        "earnings_limit_period": "",
    }
    return {**defaults, **fields}


def new_applicant(*, values: dict, joined_on: datetime.date, by, reason: str, note: str = "") -> ExpertByExperience:
    """Make the applicant's record and its first checklist step. The callers check who is acting."""
    if joined_on > timezone.localdate():
        raise ValidationError({"joined_on": "The date they applied must be today or in the past"})
    problems = expert_problems(values, expert=None)
    if problems:
        raise ValidationError(problems)
    expert = ExpertByExperience(status=ExpertStatus.APPLICANT, joined_on=joined_on)
    _apply(expert, values)
    save_with_history(expert, by=by, reason=reason)
    _set_many(expert, values, by=by)
    record_step(expert, step=OnboardingStep.APPLICATION, completed_on=joined_on, note=note, by=by)
    return expert


@transaction.atomic
def expert_create(*, by, joined_on: datetime.date | None = None, **fields) -> ExpertByExperience:
    """A new applicant, added by a coordinator; their application is the first step of their checklist.

    `fields` are any of EXPERT_FIELDS; the rest take their defaults.
    """
    require_coordinator(by)
    _check_fields(fields)
    return new_applicant(
        values=values_with_defaults(fields),
        joined_on=joined_on or timezone.localdate(),
        by=by,
        reason="Added by a coordinator",
    )


@transaction.atomic
def expert_update(*, expert: ExpertByExperience, by, **fields) -> ExpertByExperience:
    """Change the details given (any of EXPERT_FIELDS); the others stay as they are."""
    require_coordinator(by, expert)
    _check_fields(fields)
    expert = locked(expert)
    current = {name: getattr(expert, name) for name in EXPERT_FIELDS if name not in MANY_TO_MANY}
    current["availability_slots"] = expert.availability_slots
    current.update({name: list(getattr(expert, name).all()) for name in MANY_TO_MANY})
    values = {**current, **fields}
    problems = expert_problems(values, expert=expert)
    if problems:
        raise ValidationError(problems)
    if expert.is_anonymised:
        raise ValidationError({"full_name": "This record has been anonymised, so its details cannot change"})
    _apply(expert, values)
    save_with_history(expert, by=by)
    _set_many(expert, values, by=by)
    return expert


# --- Status moves ------------------------------------------------------------------------------


def _ready_problems(expert: ExpertByExperience) -> list[str]:
    problems = []
    if not expert.onboarding_complete:
        done = OnboardingRecord.objects.filter(expert=expert).values_list("step", flat=True)
        still = ", ".join(step.label.lower() for step in steps_to_do(done))
        problems.append(f"{expert.full_name} has not finished onboarding (still to do: {still})")
    if not expert.consent_current:
        if expert.consent_review_due is None:
            problems.append(f"{expert.full_name}'s consent has not been recorded")
        else:
            problems.append(
                f"{expert.full_name}'s consent was due for review on {expert.consent_review_due:%-d %B %Y}: "
                "record their consent again first"
            )
    return problems


def _not_now(expert: ExpertByExperience, rule: str) -> ValidationError:
    return ValidationError({"status": f"{rule}; {expert.full_name} is {expert.get_status_display().lower()}"})


def _is_self(expert: ExpertByExperience, by) -> bool:
    return by is not None and expert.user_id is not None and expert.user_id == by.pk


def _require_coordinator_or_self(expert: ExpertByExperience, by) -> None:
    if not _is_self(expert, by):
        require_coordinator(by, expert)


def _into_the_pool(expert: ExpertByExperience, *, by, reason: str) -> ExpertByExperience:
    """Active, so matching can find them: only with onboarding complete and consent current."""
    problems = _ready_problems(expert)
    if problems:
        raise ValidationError({"status": problems})
    expert.status = ExpertStatus.ACTIVE
    if expert.active_from is None:
        expert.active_from = timezone.localdate()
    save_with_history(expert, by=by, reason=reason, fields=["status", "active_from"])
    return expert


@transaction.atomic
def expert_activate(*, expert: ExpertByExperience, by) -> ExpertByExperience:
    """An applicant joins the pool: only with onboarding complete and consent current."""
    require_coordinator(by, expert)
    expert = locked(expert)
    if expert.status != ExpertStatus.APPLICANT:
        raise _not_now(expert, "Only an applicant can be made active")
    return _into_the_pool(expert, by=by, reason="Made active")


@transaction.atomic
def expert_pause(*, expert: ExpertByExperience, by, reason: str = "") -> ExpertByExperience:
    """Stop inviting someone for a while. A person may pause themself (from their portal).

    The places they already have stay theirs: they can give any of them up from their portal.
    When the person pauses themself, the coordinators are told.
    """
    _require_coordinator_or_self(expert, by)
    expert = locked(expert)
    if expert.status != ExpertStatus.ACTIVE:
        raise _not_now(expert, "Only someone active can be paused")
    expert.status = ExpertStatus.PAUSED
    by_self = _is_self(expert, by)
    why = reason.strip()
    save_with_history(expert, by=by, reason=(f"Paused: {why}" if why else "Paused")[:100], fields=["status"])
    if by_self:
        ExpertPaused(
            expert=expert,
            reason=why,
            window=f"together_network.expertbyexperience:{expert.pk}:paused:{timezone.now():%Y-%m-%dT%H:%M:%S}",
        ).send(actor=by)
    return expert


@transaction.atomic
def expert_resume(*, expert: ExpertByExperience, by) -> ExpertByExperience:
    """Back in the pool after a pause (by a coordinator, or the person): consent must still be current."""
    _require_coordinator_or_self(expert, by)
    expert = locked(expert)
    if expert.status != ExpertStatus.PAUSED:
        raise _not_now(expert, "Only someone paused can be resumed")
    return _into_the_pool(expert, by=by, reason="Resumed")


@transaction.atomic
def expert_leave(*, expert: ExpertByExperience, on: datetime.date, by) -> ExpertByExperience:
    """Someone leaves the network. Their places at activities still to come are given up (the
    waiting lists move) and invitations they have not answered are declined: neither counts
    against them, should they come back."""
    require_coordinator(by, expert)
    expert = locked(expert)
    if expert.status == ExpertStatus.LEFT:
        raise ValidationError({"on": f"{expert.full_name} has already left, on {expert.left_on:%-d %B %Y}"})
    if on > timezone.localdate():
        raise ValidationError({"on": "The date they left must be today or in the past"})
    if on < expert.joined_on:
        raise ValidationError(
            {"on": f"The date they left cannot be before they applied, on {expert.joined_on:%-d %B %Y}"}
        )
    expert.status = ExpertStatus.LEFT
    expert.left_on = on
    save_with_history(expert, by=by, reason="Left the network", fields=["status", "left_on"])
    coming = Invitation.objects.filter(expert=expert, activity_date__gte=timezone.localdate())
    for invitation_id in coming.filter(status__in=[InvitationStatus.ACCEPTED, InvitationStatus.WAITING]).values_list(
        "pk", flat=True
    ):
        invitation_services.invitation_withdraw(invitation_id=invitation_id)
    for invitation_id in coming.filter(status=InvitationStatus.INVITED).values_list("pk", flat=True):
        invitation_services.invitation_decline(invitation_id=invitation_id)
    return expert
