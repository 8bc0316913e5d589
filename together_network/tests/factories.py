import factory

from together_network.models import ExpertByExperience, ExpertStatus, LivedExperienceArea, Skill


class LivedExperienceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LivedExperienceArea
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Lived experience {n}")


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Skill {n}")


class ExpertByExperienceFactory(factory.django.DjangoModelFactory):
    """An active, onboarded expert by experience with current consent and no login.

    Pass `lived_experience_areas=[...]` and `skills=[...]` to set what they offer.
    """

    class Meta:
        model = ExpertByExperience
        skip_postgeneration_save = True

    full_name = factory.Faker("name", locale="en_GB")
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
