import datetime
from decimal import Decimal

import factory

from tests.support.names import PlainName
from workforce.models import (
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
    SupervisionKind,
    SupervisionSession,
    Team,
    TrainingCourse,
    TrainingRecord,
)
from workforce.services import training_expiry


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Service {n}")
    category = ServiceCategory.COMMUNITY


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        skip_postgeneration_save = True

    service = factory.SubFactory(ServiceFactory)
    name = factory.Sequence(lambda n: f"Team {n}")

    @factory.post_generation
    def leads(self, create, extracted, **kwargs):
        if create and extracted:
            self.leads.set(extracted)


class PathwayRoleFactory(factory.django.DjangoModelFactory):
    """A step on the career pathway. Most PSWs share the first step, looked up by name."""

    class Meta:
        model = PathwayRole
        django_get_or_create = ("name",)

    name = "Peer support worker"
    band = "3"
    # The migration's roles take 10 to 40; new ones made here go after them.
    order = factory.Sequence(lambda n: 100 + n)


class PeerSupportWorkerFactory(factory.django.DjangoModelFactory):
    """An active PSW in a team of their own, on the trust-wide allowance, without a login.

    Pass `user=` to give them a login, `allowance_hours=` to set their own allowance.
    """

    class Meta:
        model = PeerSupportWorker

    full_name = PlainName
    email = factory.Sequence(lambda n: f"psw{n}@example.org")
    team = factory.SubFactory(TeamFactory)
    pathway_role = factory.SubFactory(PathwayRoleFactory)
    start_date = datetime.date(2021, 4, 1)
    status = PeerSupportWorkerStatus.ACTIVE
    allowance_hours = None
    user = None


class TrainingCourseFactory(factory.django.DjangoModelFactory):
    """A course renewed every year. Pass `mandatory_for=[role]` to make it mandatory."""

    class Meta:
        model = TrainingCourse
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Course {n}")
    provider = "Trust learning and development"
    renewal_months = 12

    @factory.post_generation
    def mandatory_for(self, create, extracted, **kwargs):
        if create and extracted:
            self.mandatory_for.set(extracted)


class TrainingRecordFactory(factory.django.DjangoModelFactory):
    """A completion; `expires_on` follows the course's renewal unless given."""

    class Meta:
        model = TrainingRecord

    peer_support_worker = factory.SubFactory(PeerSupportWorkerFactory)
    course = factory.SubFactory(TrainingCourseFactory)
    completed_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))
    expires_on = factory.LazyAttribute(
        lambda record: training_expiry(course=record.course, completed_on=record.completed_on)
    )


class SupervisionSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupervisionSession

    peer_support_worker = factory.SubFactory(PeerSupportWorkerFactory)
    date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=7))
    kind = SupervisionKind.LINE_MANAGEMENT
    supervisor_name = "Olivia Grant"
    duration_minutes = 60


class CompetenceDomainFactory(factory.django.DjangoModelFactory):
    """A domain of the framework; the migration's domains are looked up by name."""

    class Meta:
        model = CompetenceDomain
        django_get_or_create = ("name",)

    name = "Building relationships"
    order = 20


class CompetenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competence

    domain = factory.SubFactory(CompetenceDomainFactory)
    name = factory.Sequence(lambda n: f"Competence {n}")


class CompetenceAchievementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompetenceAchievement

    peer_support_worker = factory.SubFactory(PeerSupportWorkerFactory)
    competence = factory.SubFactory(CompetenceFactory)
    achieved_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=60))


class RoleHistoryFactory(factory.django.DjangoModelFactory):
    """A period in a role; open (current) unless `ended_on` is given."""

    class Meta:
        model = RoleHistory

    peer_support_worker = factory.SubFactory(PeerSupportWorkerFactory)
    pathway_role = factory.LazyAttribute(lambda period: period.peer_support_worker.pathway_role)
    started_on = factory.LazyAttribute(lambda period: period.peer_support_worker.start_date)
    ended_on = None


class FundedPostFactory(factory.django.DjangoModelFactory):
    """One recurrent full-time post in a team of its own, funded since 1 April 2017."""

    class Meta:
        model = FundedPost

    team = factory.SubFactory(TeamFactory)
    pathway_role = None
    whole_time_equivalent = Decimal("1.00")
    funded_from = datetime.date(2017, 4, 1)
    funded_until = None


class GrowthTargetFactory(factory.django.DjangoModelFactory):
    """A target of the Peer Support Strategy, a year from today by default."""

    class Meta:
        model = GrowthTarget

    target_date = factory.Sequence(lambda n: datetime.date.today() + datetime.timedelta(days=365 + n))
    headcount = 60
    whole_time_equivalent = Decimal("50.00")
