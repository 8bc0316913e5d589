"""An expert by experience keeps their own details and preferences up to date: availability by day
and part of day, how they take part and hear from us, what helps them, and how they are paid.
Only their own; the earnings limit is shown but is the coordinator's to change."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from notifications.models import Notification
from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory
from tests.support.roles import answers
from together_network.models import (
    EarningsPeriod,
    ExpertStatus,
    PartOfDay,
    PaymentPreference,
    PreferredContact,
    Weekday,
)
from together_network.services.portal import expert_update_own
from together_network.tests.factories import ExpertByExperienceFactory
from together_network.tests.portal_support import expert_with_login, page_text

pytestmark = pytest.mark.django_db

DETAILS = reverse("together_network:details")


def form_data(**overrides) -> dict:
    """What a person ticks and types: free Monday and Wednesday mornings, online, by email."""
    data = {
        "available_monday": [str(PartOfDay.MORNING)],
        "available_wednesday": [str(PartOfDay.MORNING), str(PartOfDay.EVENING)],
        "ways": ["online"],
        "preferred_contact": PreferredContact.EMAIL,
        "phone": "",
        "pronouns": "they/them",
        "reasonable_adjustments": "Papers a week before, please.",
        "preferences": "I enjoy interview panels.",
        "payment_preference": PaymentPreference.PAID,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def eve(client):
    expert = expert_with_login(full_name="Eve Morgan", earnings_limit=Decimal("167.00"), earnings_limit_period="week")
    expert.set_availability([(Weekday.FRIDAY, PartOfDay.AFTERNOON)])
    expert.save()
    client.force_login(expert.user)
    return expert


@pytest.mark.parametrize(("role", "status"), answers(Role.EXPERT_BY_EXPERIENCE))
def test_only_experts_by_experience_open_their_details(client, login_as, role, status):
    person = login_as(role)
    if role == Role.EXPERT_BY_EXPERIENCE:
        ExpertByExperienceFactory(user=person)

    assert client.get(DETAILS).status_code == status


def test_a_login_not_linked_to_a_record_has_no_details_page(client, login_as):
    login_as(Role.EXPERT_BY_EXPERIENCE)

    assert client.get(DETAILS).status_code == 404


def test_the_page_shows_their_availability_as_a_group_of_boxes_per_day(client, eve):
    html = client.get(DETAILS).content.decode()

    assert html.count('<fieldset class="nhsuk-fieldset"') >= 7
    for day in Weekday.labels:
        assert f'<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{day}</legend>' in html
    friday_afternoon = f'name="available_friday" value="{PartOfDay.AFTERNOON}"'
    assert friday_afternoon in html
    assert html[html.index(friday_afternoon) :].split(">")[0].count("checked") == 1


def test_the_earnings_limit_is_shown_to_change_with_the_coordinator(client, eve):
    words = page_text(client.get(DETAILS))

    assert "Earnings limit £167.00 a week" in words
    assert "Talk to the coordinator to change it." in words


def test_saving_changes_their_own_record_with_them_in_its_history(client, eve):
    response = client.post(DETAILS, form_data())

    assert response.status_code == 302
    eve.refresh_from_db()
    assert eve.availability_slots == [
        (Weekday.MONDAY, PartOfDay.MORNING),
        (Weekday.WEDNESDAY, PartOfDay.MORNING),
        (Weekday.WEDNESDAY, PartOfDay.EVENING),
    ]
    assert (eve.available_online, eve.available_in_person) == (True, False)
    assert eve.pronouns == "they/them"
    assert eve.reasonable_adjustments == "Papers a week before, please."
    assert eve.preferences == "I enjoy interview panels."
    latest = eve.history.latest()
    assert latest.history_user == eve.user
    assert "portal" in latest.history_change_reason


def test_the_earnings_limit_and_status_cannot_be_changed_from_the_page(client, eve):
    client.post(DETAILS, form_data(earnings_limit="5000", earnings_limit_period="year", status="left"))

    eve.refresh_from_db()
    assert eve.earnings_limit == Decimal("167.00")
    assert eve.earnings_limit_period == EarningsPeriod.WEEK
    assert eve.status == ExpertStatus.ACTIVE


def test_a_person_only_ever_changes_their_own_record(client, eve):
    someone_else = expert_with_login(pronouns="she/her")
    client.force_login(someone_else.user)

    client.post(DETAILS, form_data(pronouns="he/him"))

    eve.refresh_from_db()
    someone_else.refresh_from_db()
    assert eve.pronouns != "he/him"
    assert someone_else.pronouns == "he/him"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ways": None}, "ways", "Choose online, in person or both"),
        (
            {"preferred_contact": PreferredContact.TEXT},
            "phone",
            "Enter a phone number we can text you on, or choose email",
        ),
        (
            {"preferred_contact": PreferredContact.PHONE},
            "phone",
            "Enter a phone number we can call you on, or choose email",
        ),
        ({"phone": "call me"}, "phone", "Enter a phone number, like 07700 900 982 or 0161 496 0000"),
        ({"payment_preference": None}, "payment_preference", "Choose paid, voluntary or unpaid for benefit reasons"),
        ({"available_monday": ["7"]}, "available_monday", "Tick the times you are free on Monday from the list"),
    ],
)
def test_mistakes_are_explained_and_nothing_is_saved(client, eve, overrides, field, message):
    before = eve.availability

    response = client.post(DETAILS, form_data(**overrides))

    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert "There is a problem" in page_text(response)
    eve.refresh_from_db()
    assert eve.availability == before


def test_a_phone_number_makes_text_messages_possible(client, eve):
    client.post(DETAILS, form_data(preferred_contact=PreferredContact.TEXT, phone="07700 900 982"))

    eve.refresh_from_db()
    assert (eve.preferred_contact, eve.phone) == (PreferredContact.TEXT, "07700 900 982")


def test_choosing_unpaid_for_benefit_reasons_tells_the_coordinators(client, eve):
    coordinators = [UserFactory(roles=[Role.NETWORK_COORDINATOR]) for _ in range(2)]

    client.post(DETAILS, form_data(payment_preference=PaymentPreference.UNPAID_BENEFITS))

    told = Notification.objects.filter(event="network_unpaid_for_benefits")
    assert sorted(notification.recipient_id for notification in told) == sorted(person.pk for person in coordinators)
    assert "Eve Morgan" in told[0].subject
    client.post(DETAILS, form_data(payment_preference=PaymentPreference.UNPAID_BENEFITS, pronouns="she/her"))
    assert Notification.objects.filter(event="network_unpaid_for_benefits").count() == 2  # no change, no message


def test_other_changes_do_not_trouble_the_coordinators(client, eve):
    UserFactory(roles=[Role.NETWORK_COORDINATOR])

    client.post(DETAILS, form_data(payment_preference=PaymentPreference.VOLUNTARY))

    assert not Notification.objects.filter(event="network_unpaid_for_benefits").exists()


def test_the_service_refuses_anyone_but_the_person(eve):
    coordinator = UserFactory(roles=[Role.NETWORK_COORDINATOR])

    with pytest.raises(ValidationError, match="only change your own details"):
        expert_update_own(expert=eve, by=coordinator, pronouns="he/him")


def test_the_service_refuses_fields_that_are_the_coordinators(eve):
    with pytest.raises(ValidationError, match="changed by the coordinator: earnings_limit"):
        expert_update_own(expert=eve, by=eve.user, earnings_limit=Decimal("1"))


def test_someone_who_has_left_cannot_change_their_details(client, eve):
    eve.status = ExpertStatus.LEFT
    eve.save()

    response = client.post(DETAILS, form_data(pronouns="he/him"))

    assert "You have left the Together network" in page_text(response)
    eve.refresh_from_db()
    assert eve.pronouns != "he/him"
