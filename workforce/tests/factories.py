import datetime

import factory

from workforce.models import (
    PathwayRole,
    PeerSupportWorker,
    PeerSupportWorkerStatus,
    Service,
    ServiceCategory,
    Team,
)


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

    full_name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"psw{n}@example.org")
    team = factory.SubFactory(TeamFactory)
    pathway_role = factory.SubFactory(PathwayRoleFactory)
    start_date = datetime.date(2021, 4, 1)
    status = PeerSupportWorkerStatus.ACTIVE
    allowance_hours = None
    user = None
