"""A demo Together network pool: 160 experts by experience with varied lived experience, each with
the history of their joining (onboarding steps and consents), a few applicants part way through,
a few whose consent is due for review or has lapsed, leavers, and a couple of earnings limits.

Applicants are added through the pool's services, as a coordinator would add them; the long-
standing members' past steps and consents are written in bulk, so seeding stays quick.
Idempotent: an existing pool is left as it is, and its joining history is filled in only once.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model

from involvement.models import LivedExperienceArea, Skill
from peersupport.accounts.roles import Role
from peersupport.demo_names import names
from together_network.models import (
    REQUIRED_STEPS,
    ConsentRecord,
    EarningsPeriod,
    ExpertByExperience,
    ExpertStatus,
    OnboardingRecord,
    OnboardingStep,
    PartOfDay,
    PaymentPreference,
    Weekday,
)
from together_network.services import pool as pool_services
from together_network.services.common import add_years

DEMO_POOL_SIZE = 160
EARNINGS_LIMITS = [
    (Decimal("183.50"), EarningsPeriod.WEEK),
    (Decimal("734.00"), EarningsPeriod.FOUR_WEEKS),
    (Decimal("2000.00"), EarningsPeriod.YEAR),
]


def seed(*, expert_user=None) -> None:
    coordinator = (
        get_user_model().objects.filter(is_active=True, groups__name=Role.NETWORK_COORDINATOR).order_by("pk").first()
    )
    if not ExpertByExperience.objects.exists():
        _seed_people(expert_user=expert_user, coordinator=coordinator)
    if not OnboardingRecord.objects.exclude(expert__status=ExpertStatus.APPLICANT).exists():
        _seed_joining_history()


def _status_of(index: int, user) -> str:
    if user is not None:
        return ExpertStatus.ACTIVE
    if index % 13 == 0:
        return ExpertStatus.PAUSED
    if index % 17 == 0:
        return ExpertStatus.APPLICANT
    if index % 23 == 0:
        return ExpertStatus.LEFT
    return ExpertStatus.ACTIVE


def _review_due(index: int, generator: random.Random, today: datetime.date) -> datetime.date:
    """Most consents are current; every 11th has lapsed, every 7th is due for review within 30 days."""
    if index % 11 == 0:
        return today - datetime.timedelta(days=generator.randint(3, 40))
    if index % 7 == 0:
        return today + datetime.timedelta(days=generator.randint(3, 28))
    return today + datetime.timedelta(days=generator.randint(31, 330))


def _seed_people(*, expert_user, coordinator) -> None:
    generator = random.Random(160)  # noqa: S311  demo data
    areas = list(LivedExperienceArea.objects.all())
    skills = list(Skill.objects.all())
    people = []
    if expert_user is not None:
        people.append((expert_user.full_name, expert_user.email, expert_user))
    people += [(name, f"{name.lower().replace(' ', '.')}@example.net", None) for name in names(DEMO_POOL_SIZE, seed=7)]
    limits = iter(EARNINGS_LIMITS)
    for index, (full_name, email, user) in enumerate(people):
        status = _status_of(index, user)
        slots = {(generator.choice(Weekday.values), generator.choice(PartOfDay.values)) for _ in range(6)}
        if user is not None:
            slots |= {(day, part) for day in range(5) for part in (PartOfDay.MORNING, PartOfDay.AFTERNOON)}
        details = {
            "full_name": full_name,
            "email": email,
            "pronouns": generator.choice(["", "she/her", "he/him", "they/them"]),
            "payment_preference": generator.choice(
                [PaymentPreference.PAID] * 6 + [PaymentPreference.VOLUNTARY, PaymentPreference.UNPAID_BENEFITS]
            ),
            "available_online": generator.random() < 0.85,
            "available_in_person": generator.random() < 0.6,
            "lived_experience_areas": generator.sample(areas, generator.randint(1, 3)),
            "skills": generator.sample(skills, generator.randint(1, 3)),
        }
        if not (details["available_online"] or details["available_in_person"]):
            details["available_online"] = True
        if status == ExpertStatus.APPLICANT and coordinator is not None:
            _applicant_part_way(details, slots=slots, index=index, generator=generator, by=coordinator)
            continue
        _member(details, slots=slots, status=status, user=user, index=index, generator=generator, limits=limits)


def _member(details: dict, *, slots, status, user, index, generator, limits) -> None:
    """Someone who joined a while ago: their onboarding and consent records follow in bulk."""
    today = datetime.date.today()
    joined = today - datetime.timedelta(days=generator.randint(420, 1000))
    review_due = today + datetime.timedelta(days=200) if user is not None else _review_due(index, generator, today)
    expert = ExpertByExperience(
        user=user,
        status=status,
        joined_on=joined,
        onboarding_complete=True,
        consent_given_on=add_years(review_due, -1),
        consent_review_due=review_due,
        active_from=joined + datetime.timedelta(days=generator.randint(100, 120)),  # after their steps (below)
        **{key: value for key, value in details.items() if key not in {"lived_experience_areas", "skills"}},
    )
    if status == ExpertStatus.LEFT:
        expert.left_on = today - datetime.timedelta(days=generator.randint(5, 200))
    if user is None and status == ExpertStatus.ACTIVE and expert.payment_preference == PaymentPreference.PAID:
        expert.earnings_limit, expert.earnings_limit_period = next(limits, (None, ""))
    expert.set_availability(slots)
    expert.save()
    expert.lived_experience_areas.set(details["lived_experience_areas"])
    expert.skills.set(details["skills"])


def _applicant_part_way(details: dict, *, slots, index, generator, by) -> None:
    """An applicant added by the coordinator, with some steps (sometimes all) recorded through the services."""
    today = datetime.date.today()
    joined = today - datetime.timedelta(days=generator.randint(20, 50))
    expert = pool_services.expert_create(by=by, joined_on=joined, availability_slots=sorted(slots), **details)
    steps_done = 1 + (index // 17) % len(REQUIRED_STEPS)  # the application, and up to every other step
    day = joined
    for step in REQUIRED_STEPS[1:steps_done]:
        day = min(today, day + datetime.timedelta(days=generator.randint(2, 7)))
        pool_services.onboarding_step_record(expert=expert, step=step, completed_on=day, note="", by=by)
        if step == OnboardingStep.CONVERSATION:
            pool_services.consent_record(expert=expert, given_on=day, review_due=add_years(day, 1), by=by)


def _seed_joining_history() -> None:
    """Onboarding steps and yearly consents for everyone past applying, consistent with their record."""
    generator = random.Random(17)  # noqa: S311  demo data
    today = datetime.date.today()
    steps, consents = [], []
    members = ExpertByExperience.objects.exclude(status=ExpertStatus.APPLICANT).order_by("pk")
    for expert in members:
        day = expert.joined_on
        for step in REQUIRED_STEPS:
            steps.append(OnboardingRecord(expert=expert, step=step, completed_on=min(day, today)))
            day += datetime.timedelta(days=generator.randint(5, 20))
        if generator.random() < 0.5:
            steps.append(
                OnboardingRecord(
                    expert=expert, step=OnboardingStep.DBS, completed_on=min(day, today), note="Enhanced DBS check"
                )
            )
        if expert.consent_given_on is None:
            continue
        given, review = expert.consent_given_on, expert.consent_review_due
        while given >= expert.joined_on:
            consents.append(ConsentRecord(expert=expert, given_on=given, review_due=review))
            given, review = add_years(given, -1), given
    OnboardingRecord.objects.bulk_create(steps)
    ConsentRecord.objects.bulk_create(consents)
