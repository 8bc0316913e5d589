import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from involvement.tests.factories import LivedExperienceAreaFactory, SkillFactory  # noqa: F401 (re-exported)
from tests.support.names import PlainName
from together_network.models import ExpertByExperience, ExpertStatus


class ExpertByExperienceFactory(factory.django.DjangoModelFactory):
    """An active, onboarded expert by experience with current consent and no login.

    Pass `lived_experience_areas=[...]` and `skills=[...]` to set what they offer.
    """

    class Meta:
        model = ExpertByExperience
        skip_postgeneration_save = True

    full_name = PlainName
    email = factory.Sequence(lambda n: f"expert{n}@example.org")
    status = ExpertStatus.ACTIVE
    onboarding_complete = True
    consent_given_on = factory.Faker("date_between", start_date="-300d", end_date="-30d")
    consent_review_due = factory.Faker("date_between", start_date="+30d", end_date="+300d")
    user = None

    @factory.post_generation
    def lived_experience_areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.lived_experience_areas.set(extracted)

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create and extracted:
            self.skills.set(extracted)


class RateFactory(factory.django.DjangoModelFactory):
    """A standard hourly line for any activity, £25.00, in force since 1 April 2026 with no end."""

    class Meta:
        model = "together_network.Rate"

    activity_type = None
    level = "standard"
    unit = "hour"
    amount = Decimal("25.00")
    effective_from = datetime.date(2026, 4, 1)
    effective_until = None


class AttendanceFactory(factory.django.DjangoModelFactory):
    """Someone came to an activity, for two hours. Pass `invitation=` (their accepted place);
    `attended=False` records that they did not come."""

    class Meta:
        model = "together_network.Attendance"

    attended = True
    actual_minutes = factory.LazyAttribute(lambda attendance: 120 if attendance.attended else None)


class ConsentRecordFactory(factory.django.DjangoModelFactory):
    """A person's consent, given on the day their record says (30 days ago if none), with the
    model's defaults: contacted, lived experience kept, name shared when booked, not quoted.

    Pass `expert=` and any agreement: `share_name_when_booked=False`, `quote_anonymously=True`.
    """

    class Meta:
        model = "together_network.ConsentRecord"

    given_on = factory.LazyAttribute(
        lambda consent: consent.expert.consent_given_on or timezone.localdate() - datetime.timedelta(days=30)
    )
    review_due = factory.LazyAttribute(
        lambda consent: consent.expert.consent_review_due or consent.given_on + datetime.timedelta(days=365)
    )
