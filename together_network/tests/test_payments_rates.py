"""The rate card: a new rate ends the one it replaces the day before; lines of a kind never overlap."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from involvement.tests.factories import ActivityTypeFactory
from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory
from tests.support.roles import answers
from together_network.models import Rate
from together_network.services import payments as services
from together_network.tests.factories import RateFactory
from together_network.tests.payments_support import claim_for, coordinator

pytestmark = pytest.mark.django_db

RATES = reverse("together_network:rates")
ADD = reverse("together_network:rate_add")


def add(
    amount="22.00", since=datetime.date(2026, 4, 1), *, kind=None, level="standard", unit="hour", until=None, by=None
):
    return services.rate_add(
        activity_type=kind,
        level=level,
        unit=unit,
        amount=Decimal(amount),
        effective_from=since,
        effective_until=until,
        by=by or coordinator(),
    )


def test_a_new_rate_ends_the_one_it_replaces_the_day_before():
    old = add("20.00", datetime.date(2025, 4, 1))

    new = add("22.00", datetime.date(2026, 4, 1))

    old.refresh_from_db()
    assert old.effective_until == datetime.date(2026, 3, 31)
    assert (new.effective_from, new.effective_until, new.amount) == (datetime.date(2026, 4, 1), None, Decimal("22.00"))


def test_other_kinds_of_line_are_left_alone():
    interview = ActivityTypeFactory(name="Interview panel")
    any_hourly = add("20.00", datetime.date(2025, 4, 1))
    enhanced = add("30.00", datetime.date(2025, 4, 1), level="enhanced")
    daily = add("110.00", datetime.date(2025, 4, 1), unit="day")
    interview_hourly = add("28.00", datetime.date(2025, 4, 1), kind=interview)

    add("22.00", datetime.date(2026, 4, 1))

    for line in (enhanced, daily, interview_hourly):
        line.refresh_from_db()
        assert line.effective_until is None
    any_hourly.refresh_from_db()
    assert any_hourly.effective_until == datetime.date(2026, 3, 31)


def test_a_rate_starting_on_or_before_a_later_one_of_its_kind_is_refused():
    add("20.00", datetime.date(2025, 4, 1))
    add("22.00", datetime.date(2026, 4, 1))

    for since in (datetime.date(2026, 4, 1), datetime.date(2025, 6, 1)):
        with pytest.raises(ValidationError) as refused:
            add("21.00", since)
        assert refused.value.message_dict["effective_from"] == [
            "Any activity, standard, per hour already has a rate from 1 April 2026: "
            "a new rate must start after that day"
        ]
    assert Rate.objects.count() == 2


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("0", "The amount must be more than £0"),
        ("-5", "The amount must be more than £0"),
        ("25.005", "The amount must be in pounds and pence, like 25.50"),
    ],
)
def test_amounts_are_more_than_nothing_in_pounds_and_pence(amount, message):
    with pytest.raises(ValidationError) as refused:
        add(amount)

    assert refused.value.message_dict["amount"] == [message]


def test_amounts_are_kept_to_two_places():
    assert add("25").amount == Decimal("25.00")
    assert str(Rate.objects.get().amount) == "25.00"


def test_ending_a_rate_is_refused_before_a_claim_that_uses_it():
    RateFactory(effective_from=datetime.date(2025, 4, 1))
    claim = claim_for(on=datetime.date(2026, 5, 10))

    with pytest.raises(ValidationError) as refused:
        services.rate_end(rate=claim.rate, last_day=datetime.date(2026, 5, 9), by=coordinator())
    assert "A claim for an activity on 10 May 2026" in refused.value.message_dict["last_day"][0]
    with pytest.raises(ValidationError):
        add("30.00", datetime.date(2026, 5, 1))  # would end it on 30 April: the same claim stands in the way

    services.rate_end(rate=claim.rate, last_day=datetime.date(2026, 5, 10), by=coordinator())
    claim.rate.refresh_from_db()
    assert claim.rate.effective_until == datetime.date(2026, 5, 10)


def test_only_coordinators_change_the_rate_card():
    for role in (Role.ADMIN, Role.REQUESTER, Role.EXPERT_BY_EXPERIENCE):
        with pytest.raises(PermissionDenied):
            add(by=UserFactory(roles=[role]))


# --- Pages ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), answers(Role.NETWORK_COORDINATOR))
def test_who_sees_and_changes_the_rate_card(client, login_as, role, status):
    login_as(role)
    rate = RateFactory()

    for url in (RATES, ADD, reverse("together_network:rate_end", args=[rate.pk])):
        assert client.get(url).status_code == status, url


def test_the_coordinator_adds_a_rate_and_sees_it_on_the_card(client, login_as):
    login_as(Role.NETWORK_COORDINATOR)
    old = RateFactory(amount=Decimal("20.00"), effective_from=datetime.date(2025, 4, 1))
    interview = ActivityTypeFactory(name="Interview panel")

    response = client.post(
        ADD,
        {
            "activity_type": interview.pk,
            "level": "enhanced",
            "unit": "half_day",
            "amount": "65.50",
            "effective_from_day": "1",
            "effective_from_month": "4",
            "effective_from_year": "2026",
        },
        follow=True,
    )

    assert response.redirect_chain[-1][0] == RATES
    line = Rate.objects.get(activity_type=interview)
    assert (line.level, line.unit, line.amount) == ("enhanced", "half_day", Decimal("65.50"))
    old.refresh_from_db()
    assert old.effective_until is None  # a different kind of line
    page = response.content.decode()
    assert "Interview panel" in page and "£65.50" in page and "In force" in page


def test_an_overlap_shows_on_the_form_against_the_date(client, login_as):
    login_as(Role.NETWORK_COORDINATOR)
    RateFactory(effective_from=datetime.date(2026, 4, 1))

    response = client.post(
        ADD,
        {
            "level": "standard",
            "unit": "hour",
            "amount": "30",
            "effective_from_day": "1",
            "effective_from_month": "1",
            "effective_from_year": "2026",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["effective_from"] == [
        "Any activity, standard, per hour already has a rate from 1 April 2026: a new rate must start after that day"
    ]


def test_a_bad_amount_is_explained(client, login_as):
    login_as(Role.NETWORK_COORDINATOR)

    response = client.post(ADD, {"level": "standard", "unit": "hour", "amount": "12.345"})

    assert response.context["form"].errors["amount"] == ["Enter an amount in pounds and pence, like 25.50"]
    assert not Rate.objects.exists()


def test_a_rate_is_at_most_1000_pounds_so_no_fee_can_overflow():
    with pytest.raises(ValidationError) as refused:
        add("1000.01")

    assert refused.value.message_dict["amount"] == ["A rate must be £1,000.00 or less"]
    assert add("1000.00").amount == Decimal("1000.00")


def test_a_rate_too_big_is_explained_on_the_form(client, login_as):
    login_as(Role.NETWORK_COORDINATOR)

    response = client.post(ADD, {"level": "standard", "unit": "hour", "amount": "99999"})

    assert response.context["form"].errors["amount"] == ["A rate must be £1,000.00 or less"]
    assert not Rate.objects.exists()
