"""A demo Together network pool: 160 experts by experience with varied lived experience."""

import datetime
import random

from peersupport.demo_names import names

from ..models import (
    ExpertByExperience,
    ExpertStatus,
    LivedExperienceArea,
    PartOfDay,
    PaymentPreference,
    Skill,
    Weekday,
)

DEMO_POOL_SIZE = 160


def seed(*, expert_user=None) -> None:
    if ExpertByExperience.objects.exists():
        return
    generator = random.Random(160)  # noqa: S311  demo data
    areas = list(LivedExperienceArea.objects.all())
    skills = list(Skill.objects.all())
    today = datetime.date.today()
    people = []
    if expert_user is not None:
        people.append((expert_user.full_name, expert_user.email, expert_user))
    people += [(name, f"{name.lower().replace(' ', '.')}@example.net", None) for name in names(DEMO_POOL_SIZE, seed=7)]
    for index, (full_name, email, user) in enumerate(people):
        status = ExpertStatus.ACTIVE
        if user is None and index % 13 == 0:
            status = ExpertStatus.PAUSED
        elif user is None and index % 17 == 0:
            status = ExpertStatus.APPLICANT
        elif user is None and index % 23 == 0:
            status = ExpertStatus.LEFT
        consented = today - datetime.timedelta(days=generator.randint(20, 420))
        expert = ExpertByExperience(
            user=user,
            full_name=full_name,
            email=email,
            pronouns=generator.choice(["", "she/her", "he/him", "they/them"]),
            status=status,
            onboarding_complete=status != ExpertStatus.APPLICANT,
            consent_given_on=consented if status != ExpertStatus.APPLICANT else None,
            # Consent is reviewed yearly; a few have lapsed, so matching leaves them out.
            consent_review_due=consented + datetime.timedelta(days=365) if status != ExpertStatus.APPLICANT else None,
            payment_preference=generator.choice(
                [PaymentPreference.PAID] * 6 + [PaymentPreference.VOLUNTARY, PaymentPreference.UNPAID_BENEFITS]
            ),
            available_online=generator.random() < 0.85,
            available_in_person=generator.random() < 0.6,
            joined_on=consented,
        )
        if user is not None:
            expert.consent_review_due = today + datetime.timedelta(days=200)
        slots = {(generator.choice(Weekday.values), generator.choice(PartOfDay.values)) for _ in range(6)}
        if user is not None:
            slots |= {(day, part) for day in range(5) for part in (PartOfDay.MORNING, PartOfDay.AFTERNOON)}
        expert.set_availability(slots)
        expert.save()
        expert.lived_experience_areas.set(generator.sample(areas, generator.randint(1, 3)))
        expert.skills.set(generator.sample(skills, generator.randint(1, 3)))
