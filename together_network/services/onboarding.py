"""Joining the network: the onboarding checklist and consent.

The person's `onboarding_complete`, `consent_given_on` and `consent_review_due` are kept here in
step with their records, because matching reads them from the person's own row. Each step
recorded is emailed to the person, with what comes next.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import REQUIRED_STEPS, ConsentRecord, ExpertByExperience, ExpertStatus, OnboardingRecord, OnboardingStep
from ..notification_types import OnboardingStepRecorded
from .common import add_years, locked, require_coordinator, save_with_history

# Consent is usually reviewed yearly, and never left longer than three years.
CONSENT_REVIEW_AFTER_YEARS = 1
CONSENT_LONGEST_YEARS = 3

# What each step means, for the person's email ("what comes next") and the checklist's hints.
STEP_EXPLAINED = {
    OnboardingStep.APPLICATION: "your application to join",
    OnboardingStep.CONVERSATION: "a welcome conversation with the coordinator, to get to know you and answer "
    "your questions",
    OnboardingStep.INDUCTION: "an induction: how the network works, what involvement is like, and the support "
    "you can have",
    OnboardingStep.AGREEMENT: "signing the involvement agreement, which says what you and the trust can expect "
    "of each other",
    OnboardingStep.TRAINING: "the network's training for involvement work",
    OnboardingStep.DBS: "a DBS check, which only some activities need",
}


# --- Onboarding ------------------------------------------------------------------------------


def steps_to_do(done: Iterable[str]) -> list[OnboardingStep]:
    """The required steps not yet done, in the order people usually take them."""
    done = set(done)
    return [step for step in REQUIRED_STEPS if step not in done]


def record_step(
    expert: ExpertByExperience, *, step: str, completed_on: datetime.date, note: str, by
) -> OnboardingRecord:
    today = timezone.localdate()
    label = OnboardingStep(step).label
    if completed_on > today:
        raise ValidationError({"completed_on": "The date must be today or in the past"})
    if completed_on < expert.joined_on:
        raise ValidationError(
            {"completed_on": f"The date cannot be before they applied, on {expert.joined_on:%-d %B %Y}"}
        )
    earlier = OnboardingRecord.objects.filter(expert=expert, step=step).first()
    if earlier is not None:
        raise ValidationError(
            {"step": f"{label} is already recorded for {expert.full_name}, on {earlier.completed_on:%-d %B %Y}"}
        )
    record = OnboardingRecord.objects.create(
        expert=expert, step=step, completed_on=completed_on, note=note.strip(), recorded_by=by
    )
    done = set(OnboardingRecord.objects.filter(expert=expert).values_list("step", flat=True))
    to_do = steps_to_do(done)
    if not to_do and not expert.onboarding_complete:
        expert.onboarding_complete = True
        save_with_history(expert, by=by, reason="Onboarding complete", fields=["onboarding_complete"])
    _tell_expert_of_step(expert, record, to_do, by=by)
    return record


def _tell_expert_of_step(
    expert: ExpertByExperience, record: OnboardingRecord, to_do: list[OnboardingStep], *, by
) -> None:
    if expert.is_anonymised or not expert.email:
        return
    OnboardingStepRecorded(
        expert=expert,
        record=record,
        next_step=STEP_EXPLAINED[to_do[0]] if to_do else "",
        still_to_do=[item.label for item in to_do],
    ).send(actor=by)


@transaction.atomic
def onboarding_step_record(
    *, expert: ExpertByExperience, step: str, completed_on: datetime.date, note: str = "", by
) -> OnboardingRecord:
    """Record one step of the checklist, once. The last required step completes onboarding.

    The person is told by email what was recorded and what comes next.
    """
    require_coordinator(by, expert)
    expert = locked(expert)
    if expert.status == ExpertStatus.LEFT:
        raise ValidationError({"step": f"{expert.full_name} has left the network"})
    if step not in OnboardingStep.values:
        raise ValidationError({"step": "Choose the step they have done"})
    return record_step(expert, step=step, completed_on=completed_on, note=note, by=by)


# --- Consent ---------------------------------------------------------------------------------


def consent_problems(
    *, expert: ExpertByExperience, given_on: datetime.date, review_due: datetime.date, essentials: dict
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if given_on > timezone.localdate():
        problems["given_on"] = "The date consent was given must be today or in the past"
    elif given_on < expert.joined_on:
        problems["given_on"] = f"Consent cannot be given before they applied, on {expert.joined_on:%-d %B %Y}"
    else:
        latest = ConsentRecord.objects.filter(expert=expert).order_by("-given_on", "-pk").first()
        if latest is not None and given_on < latest.given_on:
            problems["given_on"] = f"A later consent is already recorded, given on {latest.given_on:%-d %B %Y}"
    if review_due <= given_on:
        problems["review_due"] = "The review date must be after the date consent was given"
    elif review_due > add_years(given_on, CONSENT_LONGEST_YEARS):
        problems["review_due"] = (
            f"The review date must be within {CONSENT_LONGEST_YEARS} years of the date consent was given"
        )
    for field, agreed in essentials.items():
        if not agreed:
            problems[field] = (
                "Being in the pool needs this agreement. If they no longer agree, record that they have left"
            )
    return problems


# What a person agrees to, as ConsentRecord's fields; the first two are needed to be in the pool.
AGREEMENTS = ("contact_about_opportunities", "keep_lived_experience", "share_name_when_booked", "quote_anonymously")
ESSENTIAL_AGREEMENTS = AGREEMENTS[:2]


def new_consent(
    expert: ExpertByExperience,
    *,
    given_on: datetime.date,
    review_due: datetime.date,
    agreements: dict[str, bool],
    note: str,
    by,
) -> ConsentRecord:
    """Record consent and make it the person's current consent. The callers lock and check who acts."""
    problems = consent_problems(
        expert=expert,
        given_on=given_on,
        review_due=review_due,
        essentials={name: agreements[name] for name in ESSENTIAL_AGREEMENTS},
    )
    if problems:
        raise ValidationError(problems)
    record = ConsentRecord.objects.create(
        expert=expert,
        given_on=given_on,
        review_due=review_due,
        **{name: agreements[name] for name in AGREEMENTS},
        note=note.strip(),
        recorded_by=by,
    )
    expert.consent_given_on, expert.consent_review_due = given_on, review_due
    save_with_history(expert, by=by, reason="Consent recorded", fields=["consent_given_on", "consent_review_due"])
    return record


@transaction.atomic
def consent_record(
    *,
    expert: ExpertByExperience,
    given_on: datetime.date,
    review_due: datetime.date,
    contact_about_opportunities: bool = True,
    keep_lived_experience: bool = True,
    share_name_when_booked: bool = True,
    quote_anonymously: bool = False,
    note: str = "",
    by,
) -> ConsentRecord:
    """What the person agreed to, when, and when to review it: it becomes their current consent.

    The review is after the consent and within three years of it. Being in the pool needs the
    first two agreements (to be contacted, and to the network keeping their lived experience):
    someone who withdraws them leaves the network instead.
    """
    require_coordinator(by, expert)
    expert = locked(expert)
    if expert.status == ExpertStatus.LEFT:
        raise ValidationError({"given_on": f"{expert.full_name} has left the network"})
    agreements = {
        "contact_about_opportunities": contact_about_opportunities,
        "keep_lived_experience": keep_lived_experience,
        "share_name_when_booked": share_name_when_booked,
        "quote_anonymously": quote_anonymously,
    }
    return new_consent(expert, given_on=given_on, review_due=review_due, agreements=agreements, note=note, by=by)
