"""What an expert by experience changes about themselves in their portal: their details and
preferences, pausing their involvement and coming back.

Each change is made by the person for themselves (`by` is their own login), is kept in the
record's history with them as its author, and tells the coordinators what they need to act on:
a move to "unpaid, for benefit reasons", or someone ready to come back whom the coordinator must
first bring up to date (onboarding or consent).
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import ExpertByExperience, ExpertStatus, PaymentPreference, PreferredContact
from ..notification_types import ExpertReadyAgain, ExpertUnpaidForBenefits
from . import pool

# What a person may change about themselves; everything else (status, onboarding, consent,
# lived experience, the earnings limit) is the coordinator's, agreed with them.
OWN_FIELDS = frozenset(
    {
        "availability",
        "available_online",
        "available_in_person",
        "preferred_contact",
        "phone",
        "pronouns",
        "reasonable_adjustments",
        "preferences",
        "payment_preference",
    }
)
TEXT_FIELDS = ("phone", "pronouns", "reasonable_adjustments", "preferences")
ALL_SLOTS = (1 << 21) - 1


def refuse(message: str) -> ValidationError:
    """A refusal not about one field: forms show it at the top, other pages as a message."""
    return ValidationError({NON_FIELD_ERRORS: message})


def _own_locked(*, expert: ExpertByExperience, by) -> ExpertByExperience:
    """The person's own record, locked for the change; refused for anyone else's."""
    if by is None or expert.user_id is None or expert.user_id != by.pk:
        raise refuse("You can only change your own details.")
    locked = ExpertByExperience.objects.select_for_update().get(pk=expert.pk)
    if locked.is_anonymised or locked.status == ExpertStatus.LEFT:
        raise refuse("You have left the Together network, so your details can no longer be changed here.")
    return locked


def _problems(values: dict) -> dict[str, str]:
    problems = {}
    if not (values["available_online"] or values["available_in_person"]):
        problems["available_online"] = "Choose online, in person or both"
    if values["preferred_contact"] in {PreferredContact.PHONE, PreferredContact.TEXT} and not values["phone"]:
        how = "call" if values["preferred_contact"] == PreferredContact.PHONE else "text"
        problems["phone"] = f"Enter a phone number we can {how} you on, or choose email"
    if not 0 <= values["availability"] <= ALL_SLOTS:
        problems["availability"] = "Choose the times you are usually free"
    return problems


@transaction.atomic
def expert_update_own(*, expert: ExpertByExperience, by, **fields) -> ExpertByExperience:
    """The person changes their own details and preferences (the fields in OWN_FIELDS only)."""
    unknown = set(fields) - OWN_FIELDS
    if unknown:
        raise refuse(f"These details are changed by the coordinator: {', '.join(sorted(unknown))}.")
    expert = _own_locked(expert=expert, by=by)
    for name in TEXT_FIELDS:
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    values = {name: fields.get(name, getattr(expert, name)) for name in OWN_FIELDS}
    problems = _problems(values)
    if problems:
        raise ValidationError(problems)
    was_unpaid_for_benefits = expert.payment_preference == PaymentPreference.UNPAID_BENEFITS
    for name, value in fields.items():
        setattr(expert, name, value)
    expert._history_user = by
    expert._change_reason = "Changed by themselves in their portal"
    expert.save()
    if expert.payment_preference == PaymentPreference.UNPAID_BENEFITS and not was_unpaid_for_benefits:
        ExpertUnpaidForBenefits(
            expert=expert, window=f"together_network.historicalexpertbyexperience:{expert.history.latest().pk}"
        ).send(actor=by)
    return expert


# --- Pausing and coming back ----------------------------------------------------------------------


@transaction.atomic
def expert_pause_own(*, expert: ExpertByExperience, by) -> ExpertByExperience:
    """The person pauses their involvement: they are not matched or invited until they come back.
    Places they already have stay theirs. The pool's service makes the change and tells the
    coordinators; this one says no in the person's own words first."""
    expert = _own_locked(expert=expert, by=by)
    if expert.status == ExpertStatus.PAUSED:
        raise refuse("Your involvement is already paused.")
    if expert.status != ExpertStatus.ACTIVE:
        raise refuse("You can pause once you have finished joining the network.")
    return pool.expert_pause(expert=expert, by=by)  # no reason asked: none is needed


@transaction.atomic
def expert_resume_own(*, expert: ExpertByExperience, by) -> ExpertByExperience:
    """The person is ready to be invited again. They are active again at once when their onboarding
    is complete and their consent current; otherwise they stay paused and the coordinators are
    asked to get in touch (to finish onboarding or review consent first)."""
    expert = _own_locked(expert=expert, by=by)
    if expert.status != ExpertStatus.PAUSED:
        raise refuse("Your involvement is not paused.")
    if expert.onboarding_complete and expert.consent_current:
        return pool.expert_resume(expert=expert, by=by)
    ExpertReadyAgain(
        expert=expert,
        # Once a day at most, however often they press the button.
        window=f"together_network.expertbyexperience:{expert.pk}:ready:{timezone.localdate():%Y-%m-%d}",
    ).send(actor=by)
    return expert
