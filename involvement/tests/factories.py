"""Involvement requests for tests.

The factory makes a valid draft, saved through `services.request_create` as the form saves it,
so it starts with its "Draft saved" timeline entry. Later states come from the helpers below,
which call the services the views call: tests of behaviour never set a status themselves.
"""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from involvement.models import ActivityType, InvolvementRequest, LivedExperienceArea, Mode, Payment, Route, Skill
from involvement.services import requests as services
from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory
from workforce.tests.factories import PeerSupportWorkerFactory, TeamFactory

PSW_REASON = "The panel is for a peer support worker in this team; it needs someone who knows the role here."


def days_from_today(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def mid_month(months_ahead: int) -> datetime.date:
    """The 15th of the month `months_ahead` from now: always in the future for 1 or more."""
    today = timezone.localdate()
    month_index = today.month - 1 + months_ahead
    return datetime.date(today.year + month_index // 12, month_index % 12 + 1, 15)


def _closing_date(request) -> datetime.date:
    """A week before the activity, but never in the past nor after the activity."""
    week_before = request.activity_date - datetime.timedelta(days=7)
    return min(request.activity_date, max(timezone.localdate(), week_before))


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


class ActivityTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityType
        django_get_or_create = ("name",)

    name = "Focus group"


class InvolvementRequestFactory(factory.django.DjangoModelFactory):
    """A draft request to the Together network, four weeks ahead, from a requester in a team with no leads.

    `route=Route.PSW` makes it a request for a peer support worker (a new PSW in a team of
    their own, 2 hours, with a reason) unless `peer_support_worker=` and friends are given.
    """

    class Meta:
        model = InvolvementRequest
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Interview panel {n}")
    activity_type = factory.SubFactory(ActivityTypeFactory)
    requesting_team = factory.SubFactory(TeamFactory)
    requester = factory.SubFactory(UserFactory, roles=[Role.REQUESTER])
    description = "Interviews for a ward manager. People with lived experience ask a question of their own."
    content_notes = ""
    activity_date = factory.LazyFunction(lambda: days_from_today(28))
    start_time = datetime.time(10, 0)
    duration_minutes = 120
    mode = Mode.ONLINE
    location = ""
    places_needed = 2
    payment = Payment.PAID
    closing_date = factory.LazyAttribute(_closing_date)
    route = Route.NETWORK
    peer_support_worker = factory.Maybe(
        factory.LazyAttribute(lambda request: request.route == Route.PSW),
        yes_declaration=factory.SubFactory(PeerSupportWorkerFactory),
        no_declaration=None,
    )
    psw_reason = factory.LazyAttribute(lambda request: PSW_REASON if request.route == Route.PSW else "")
    psw_hours = factory.LazyAttribute(lambda request: Decimal("2.0") if request.route == Route.PSW else None)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        requester = kwargs.pop("requester")
        return services.request_create(by=requester, fields=kwargs)

    @factory.post_generation
    def lived_experience_areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.lived_experience_areas.set(extracted)

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create and extracted:
            self.skills.set(extracted)


# --- What a person types on the request form ---------------------------------------------------------------


def date_parts(name: str, day: datetime.date) -> dict:
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month), f"{name}_year": str(day.year)}


def form_data(**overrides) -> dict:
    """What a person types for a valid network request, four weeks ahead; overrides by field name."""
    activity_date = overrides.pop("activity_date", days_from_today(28))
    closing_date = overrides.pop("closing_date", activity_date - datetime.timedelta(days=7))
    data = {
        "route": Route.NETWORK,
        "title": "Ward manager interview panel",
        "activity_type": str(ActivityTypeFactory(name="Interview panel").pk),
        "requesting_team": str(overrides.pop("team", None) or TeamFactory().pk),
        "description": "Interviews for a ward manager. People with lived experience ask a question of their own.",
        "content_notes": "",
        "start_time": "10:00",
        "duration_minutes": "120",
        "mode": Mode.ONLINE,
        "location": "",
        "places_needed": "2",
        "payment": "paid",
        # Yes to "it runs on a bank holiday", asked only when a date is one: a date counted from
        # today still saves on the days it lands on one. Pass on_bank_holiday=None to leave it unticked.
        "on_bank_holiday": "on",
        **date_parts("activity_date", activity_date),
        **date_parts("closing_date", closing_date),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# --- Later states, through the services ---------------------------------------------------------


def make_team_lead(**fields):
    return UserFactory(roles=[Role.TEAM_LEAD], **fields)


def _give_a_lead(team, lead=None) -> None:
    if lead is not None:
        team.leads.add(lead)
    elif not team.leads.exists():
        team.leads.add(make_team_lead())


def reload(request: InvolvementRequest) -> InvolvementRequest:
    return InvolvementRequest.objects.select_related("peer_support_worker__team", "requesting_team").get(pk=request.pk)


def submitted_request(*, team_lead=None, psw_team_lead=None, **fields) -> InvolvementRequest:
    """A request sent for approval by its requester. Its teams are given a lead when they have none."""
    request = InvolvementRequestFactory(**fields)
    _give_a_lead(request.requesting_team, team_lead)
    if request.is_psw_request:
        _give_a_lead(request.peer_support_worker.team, psw_team_lead)
    # Tests build history too (activities already past), so dates are not checked here.
    services.request_submit(request_id=request.pk, by=request.requester, allow_past_dates=True)
    return reload(request)


def approve_fully(request: InvolvementRequest) -> InvolvementRequest:
    """Approve every part still waiting, each by a lead of its team who did not raise the request."""
    request = reload(request)
    if request.team_approved_at is None:
        lead = request.requesting_team.leads.exclude(pk=request.requester_id).first()
        services.request_approve(request_id=request.pk, by=lead, allow_past_dates=True)
        request = reload(request)
    if request.is_psw_request and request.psw_approved_at is None:
        lead = request.peer_support_worker.team.leads.exclude(pk=request.requester_id).first()
        services.request_approve(request_id=request.pk, by=lead, allow_past_dates=True)
    return reload(request)


def approved_request(**fields) -> InvolvementRequest:
    """Submitted and approved by every lead it needs: a network request is then open."""
    return approve_fully(submitted_request(**fields))


def confirmed_request(**fields) -> InvolvementRequest:
    """A PSW request approved and confirmed by the PSW (who is given a login if they have none)."""
    request = approved_request(route=Route.PSW, **fields)
    worker = request.peer_support_worker
    if worker.user is None:
        worker.user = UserFactory(roles=[Role.PEER_SUPPORT_WORKER])
        worker.save(update_fields=["user"])
    services.request_confirm(request_id=request.pk, by=worker.user)
    return reload(request)
