"""Feedback from experts by experience: once per activity they had a place at, from the day after it
ended, on their own activities only."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from involvement.models import FurtherSession
from involvement.tests.factories import approved_request
from peersupport.accounts.roles import Role
from together_network.models import ActivityFeedback, FeedbackRating
from together_network.services import invitations
from together_network.services.feedback import feedback_give
from together_network.tests.factories import ExpertByExperienceFactory
from together_network.tests.portal_support import expert_with_login, invite, page_text, past_place

pytestmark = pytest.mark.django_db

ANSWERS = {
    "rating": str(FeedbackRating.GOOD),
    "felt_listened_to": "not_sure",
    "went_well": "The chair made sure everyone spoke.",
    "could_be_better": "Papers came late.",
}


def page(invitation) -> str:
    return reverse("together_network:give_feedback", args=[invitation.pk])


@pytest.fixture
def eve(client):
    expert = expert_with_login(full_name="Eve Morgan")
    client.force_login(expert.user)
    return expert


@pytest.fixture
def place(eve):
    return past_place(eve, title="Ward manager interview panel")


def test_the_page_asks_how_it_was_and_says_who_sees_the_answers(client, place):
    response = client.get(page(place))

    assert response.status_code == 200
    words = page_text(response)
    assert "Ward manager interview panel" in words
    assert "Overall, how was the activity for you?" in words
    for label in ("Very good", "Good", "Neither good nor poor", "Poor", "Very poor"):
        assert label in words
    assert "Did you feel listened to?" in words
    assert "sees your answers without your name" in words


def test_feedback_is_saved_once_and_the_portal_thanks_them(client, place):
    response = client.post(page(place), ANSWERS, follow=True)

    feedback = ActivityFeedback.objects.get(invitation=place)
    assert feedback.rating == FeedbackRating.GOOD
    assert feedback.felt_listened_to is None
    assert feedback.went_well == "The chair made sure everyone spoke."
    assert feedback.could_be_better == "Papers came late."
    assert "Thank you for your feedback." in page_text(response)

    again = client.get(page(place), follow=True)
    assert "You have already given feedback on this activity. Thank you." in page_text(again)
    client.post(page(place), {**ANSWERS, "rating": "1"})
    assert ActivityFeedback.objects.filter(invitation=place).count() == 1


@pytest.mark.parametrize(("answer", "stored"), [("yes", True), ("no", False), ("not_sure", None)])
def test_felt_listened_to_is_yes_no_or_not_sure(client, place, answer, stored):
    client.post(page(place), {**ANSWERS, "felt_listened_to": answer})

    assert ActivityFeedback.objects.get(invitation=place).felt_listened_to is stored


@pytest.mark.parametrize(
    ("missing", "message"),
    [("rating", "Choose how the activity was for you"), ("felt_listened_to", "Choose whether you felt listened to")],
)
def test_the_rating_and_feeling_listened_to_are_needed(client, place, missing, message):
    response = client.post(page(place), {key: value for key, value in ANSWERS.items() if key != missing})

    assert response.status_code == 200
    assert response.context["form"].errors[missing] == [message]
    assert not ActivityFeedback.objects.exists()


def test_comments_are_optional_but_not_endless(client, place):
    response = client.post(page(place), {**ANSWERS, "went_well": "x" * 2001})

    assert "What went well must be 2000 characters or fewer" in page_text(response)
    client.post(page(place), {"rating": "5", "felt_listened_to": "yes"})
    assert ActivityFeedback.objects.get(invitation=place).went_well == ""


def test_no_feedback_before_the_activity_has_ended(client, eve):
    [coming] = invite(approved_request(places_needed=1), eve)
    invitations.invitation_accept(invitation_id=coming.pk)

    response = client.get(page(coming), follow=True)

    assert "You can give feedback from the day after the activity." in page_text(response)
    with pytest.raises(ValidationError):
        feedback_give(invitation=coming, by=eve.user, rating=5, felt_listened_to=True)


def test_no_feedback_until_the_last_session_has_happened(client, place):
    FurtherSession.objects.create(
        request=place.request,
        date=timezone.localdate() + datetime.timedelta(days=7),
        start_time=datetime.time(10),
        duration_minutes=60,
    )

    response = client.get(page(place), follow=True)

    assert "You can give feedback from the day after the activity." in page_text(response)


def test_no_feedback_from_someone_recorded_as_not_coming(client, eve):
    missed = past_place(eve, attended=False)

    response = client.get(page(missed), follow=True)

    assert "Our records say you did not take part in this activity." in page_text(response)


def test_feedback_is_open_before_attendance_is_recorded(client, eve):
    place = past_place(eve, attended=None)

    assert client.get(page(place)).status_code == 200


def test_no_feedback_on_an_activity_they_gave_up(client, eve):
    [gave_up] = invite(approved_request(places_needed=1), eve)
    invitations.invitation_accept(invitation_id=gave_up.pk)
    invitations.invitation_withdraw(invitation_id=gave_up.pk)

    response = client.get(page(gave_up), follow=True)

    assert "You can only give feedback on an activity you had a place at." in page_text(response)


def test_an_expert_cannot_give_feedback_on_someone_elses_activity(client, place):
    nosy = expert_with_login()
    client.force_login(nosy.user)

    assert client.get(page(place)).status_code == 403
    assert client.post(page(place), ANSWERS).status_code == 403
    assert not ActivityFeedback.objects.exists()


@pytest.mark.parametrize("role", [role for role in Role if role != Role.EXPERT_BY_EXPERIENCE])
def test_other_roles_cannot_open_the_feedback_page(client, login_as, role):
    place = past_place(ExpertByExperienceFactory())
    login_as(role)

    assert client.get(page(place)).status_code == 403


def test_a_missing_activity_is_not_found(client, eve):
    assert client.get(reverse("together_network:give_feedback", args=[999999])).status_code == 404


def test_the_service_refuses_anyone_but_the_person(place):
    other = expert_with_login()

    with pytest.raises(ValidationError, match="only give feedback on your own activities"):
        feedback_give(invitation=place, by=other.user, rating=5, felt_listened_to=True)
