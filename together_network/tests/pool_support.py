"""Helpers for the pool's tests: a coordinator, people made through the services, and a large pool in bulk."""

import datetime
import itertools

from django.utils import timezone

from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory
from together_network.models import (
    REQUIRED_STEPS,
    ConsentRecord,
    ExpertByExperience,
    ExpertStatus,
    OnboardingRecord,
    OnboardingStep,
)
from together_network.services import pool as services

TODAY = timezone.localdate()


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def days_ahead(days: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=days)


def date_parts(name: str, day: datetime.date) -> dict:
    """A date as the NHS.UK day, month and year boxes post it."""
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def make_coordinator():
    """A network coordinator (each test module has a `coordinator` fixture that makes one)."""
    return UserFactory(roles=[Role.NETWORK_COORDINATOR], full_name="Chloe Ward")


_names = itertools.count()


def applicant(by, *, joined_on: datetime.date | None = None, **fields) -> ExpertByExperience:
    """A new applicant added through the service (their application is recorded as the first step)."""
    number = next(_names)
    fields.setdefault("full_name", f"Applicant {number}")
    fields.setdefault("email", f"applicant{number}@example.net")
    return services.expert_create(by=by, joined_on=joined_on or days_ago(60), **fields)


def ready_applicant(by, **fields) -> ExpertByExperience:
    """An applicant with every required step done and consent current: ready to be made active."""
    expert = applicant(by, **fields)
    for step in REQUIRED_STEPS[1:]:
        services.onboarding_step_record(expert=expert, step=step, completed_on=days_ago(30), by=by)
    services.consent_record(expert=expert, given_on=days_ago(30), review_due=days_ahead(300), by=by)
    expert.refresh_from_db()
    return expert


def active_expert(by, **fields) -> ExpertByExperience:
    return services.expert_activate(expert=ready_applicant(by, **fields), by=by)


_batch = itertools.count()


def bulk_pool(count: int, *, areas=(), skills=()) -> list[ExpertByExperience]:
    """`count` people in one bulk_create per table: a mix of statuses, each with some onboarding steps,
    a consent, and (when given) an area and a skill. For the tests that count queries."""
    batch = next(_batch)
    statuses = [ExpertStatus.ACTIVE, ExpertStatus.ACTIVE, ExpertStatus.APPLICANT, ExpertStatus.PAUSED]
    experts = ExpertByExperience.objects.bulk_create(
        ExpertByExperience(
            full_name=f"Bulk {batch:03d}-{index:05d}",
            email=f"bulk{batch}-{index}@example.net",
            status=statuses[index % len(statuses)],
            onboarding_complete=index % 4 != 2,
            consent_given_on=days_ago(300),
            consent_review_due=days_ahead(index % 90 - 10),
            availability=index % (1 << 21),
            joined_on=days_ago(400),
        )
        for index in range(count)
    )
    OnboardingRecord.objects.bulk_create(
        OnboardingRecord(expert=expert, step=step, completed_on=days_ago(350))
        for index, expert in enumerate(experts)
        for step in (REQUIRED_STEPS if index % 4 != 2 else REQUIRED_STEPS[:2])
        + ((OnboardingStep.DBS,) if index % 3 else ())
    )
    ConsentRecord.objects.bulk_create(
        ConsentRecord(expert=expert, given_on=expert.consent_given_on, review_due=expert.consent_review_due)
        for expert in experts
    )
    areas_through = ExpertByExperience.lived_experience_areas.through
    skills_through = ExpertByExperience.skills.through
    if areas:
        areas_through.objects.bulk_create(
            areas_through(expertbyexperience=expert, livedexperiencearea=areas[index % len(areas)])
            for index, expert in enumerate(experts)
        )
    if skills:
        skills_through.objects.bulk_create(
            skills_through(expertbyexperience=expert, skill=skills[index % len(skills)])
            for index, expert in enumerate(experts)
        )
    return experts
