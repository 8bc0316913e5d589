"""You said, we did: the requester records what changed because of the involvement, shown on the
request with the experts' feedback summarised: without names for anyone but coordinators, and never
with contact details."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from involvement.models import RequestEvent, RequestOutcome, Status
from involvement.services import requests as services
from involvement.services.outcomes import outcome_record
from involvement.tests.factories import approved_request
from peersupport.accounts.roles import Role
from together_network.models import ActivityFeedback, FeedbackRating
from together_network.services import invitations
from together_network.tests.factories import ConsentRecordFactory, ExpertByExperienceFactory
from together_network.tests.portal_support import days_ago, happened, invite, page_text

pytestmark = pytest.mark.django_db


def outcome_page(request) -> str:
    return reverse("involvement:record_outcome", args=[request.pk])


def request_page(request) -> str:
    return reverse("involvement:detail", args=[request.pk])


@pytest.fixture
def done():
    """A focus group that happened a week ago with two experts, marked as done by its requester."""
    people = [
        ExpertByExperienceFactory(full_name="Aled Jones", email="aled@example.org", phone="07700 900 111"),
        ExpertByExperienceFactory(full_name="Bea Khan", email="bea@example.org", phone="07700 900 222"),
    ]
    request = approved_request(title="Crisis line focus group", places_needed=2)
    for invitation in invite(request, *people):
        invitations.invitation_accept(invitation_id=invitation.pk)
    happened(request, days_ago(7))
    services.request_complete(request_id=request.pk, by=request.requester)
    request.refresh_from_db()
    return request


@pytest.fixture
def with_feedback(done):
    aled, bea = done.invitations.order_by("expert__full_name")
    ActivityFeedback.objects.create(
        invitation=aled, rating=FeedbackRating.VERY_GOOD, felt_listened_to=True, went_well="Felt respected."
    )
    ActivityFeedback.objects.create(
        invitation=bea, rating=FeedbackRating.POOR, felt_listened_to=None, could_be_better="Too rushed."
    )
    return done


# --- Recording what changed ---------------------------------------------------------------------------


def test_the_requester_records_what_changed(client, done):
    client.force_login(done.requester)

    response = client.post(outcome_page(done), {"what_changed": "We added a text option to the crisis line."})

    assert response.status_code == 302
    outcome = RequestOutcome.objects.get(request=done)
    assert outcome.what_changed == "We added a text option to the crisis line."
    assert outcome.recorded_by == done.requester
    assert RequestEvent.objects.filter(request=done, note="Recorded what changed (you said, we did)").exists()
    words = page_text(client.get(request_page(done)))
    assert "You said, we did We added a text option to the crisis line." in words


def test_the_requester_can_correct_it_after_closing(client, done):
    client.force_login(done.requester)
    client.post(outcome_page(done), {"what_changed": "First version."})
    services.request_close(request_id=done.pk, by=done.requester)

    assert "First version." in client.get(outcome_page(done)).content.decode()
    client.post(outcome_page(done), {"what_changed": "Second version."})

    assert RequestOutcome.objects.get(request=done).what_changed == "Second version."
    assert RequestEvent.objects.filter(request=done, note="Changed what changed (you said, we did)").exists()


def test_what_changed_cannot_be_empty(client, done):
    client.force_login(done.requester)

    response = client.post(outcome_page(done), {"what_changed": "   "})

    assert response.status_code == 200
    assert "Enter what changed because of the involvement" in page_text(response)
    assert not RequestOutcome.objects.exists()


def test_what_changed_waits_until_the_activity_is_done(client):
    request = approved_request()
    client.force_login(request.requester)

    response = client.get(outcome_page(request), follow=True)

    assert "You can record what changed once the activity is done." in page_text(response)
    assert request.status == Status.OPEN
    with pytest.raises(ValidationError, match="once the activity is done"):
        outcome_record(request_id=request.pk, by=request.requester, what_changed="Too soon")


@pytest.mark.parametrize("role", list(Role))
def test_only_the_requester_records_what_changed(client, login_as, done, role):
    login_as(role)

    assert client.get(outcome_page(done)).status_code == 403
    assert client.post(outcome_page(done), {"what_changed": "Not mine to say"}).status_code == 403
    assert not RequestOutcome.objects.exists()


# --- Feedback on the request's page ---------------------------------------------------------------------


def test_the_requester_sees_the_feedback_without_names_or_contact_details(client, with_feedback):
    client.force_login(with_feedback.requester)

    response = client.get(request_page(with_feedback))

    words = page_text(response)
    assert "2 people gave feedback. Their names are not shown." in words
    assert "Very good 1" in words and "Poor 1" in words
    html = response.content.decode()
    for private in ("aled@example.org", "bea@example.org", "07700 900 111", "07700 900 222"):
        assert private not in html
    feedback_section = html[html.index("Feedback from experts by experience") :]
    assert "Aled Jones" not in feedback_section and "Bea Khan" not in feedback_section


def test_with_fewer_than_three_people_the_requester_reads_the_ratings_but_no_comments(client, with_feedback):
    """With two people, "without your name" would not hide who said what, even from those who agreed."""
    for invitation in with_feedback.invitations.all():
        ConsentRecordFactory(expert=invitation.expert, quote_anonymously=True)
    client.force_login(with_feedback.requester)

    words = page_text(client.get(request_page(with_feedback)))

    assert "Very good 1" in words and "Poor 1" in words
    assert "Felt respected." not in words and "Too rushed." not in words
    assert (
        "Comments are shown only when at least 3 people have given feedback, "
        "so that no one can be recognised from what they said."
    ) in words


def test_with_three_or_more_the_requester_reads_only_the_comments_of_people_who_agreed_to_be_quoted(client):
    people = [ExpertByExperienceFactory(full_name=name) for name in ("Aled Jones", "Bea Khan", "Cai Lloyd")]
    ConsentRecordFactory(expert=people[0], quote_anonymously=True)
    ConsentRecordFactory(expert=people[1], given_on=days_ago(300), quote_anonymously=True)
    ConsentRecordFactory(expert=people[1], given_on=days_ago(30), quote_anonymously=False)  # changed their mind
    request = approved_request(title="Leaflet review", places_needed=3)
    places = invite(request, *people)
    for invitation in places:
        invitations.invitation_accept(invitation_id=invitation.pk)
    happened(request, days_ago(7))
    for invitation, comment in zip(places, ("Clear and kind.", "Too long.", "Good biscuits."), strict=True):
        ActivityFeedback.objects.create(invitation=invitation, rating=FeedbackRating.GOOD, went_well=comment)
    client.force_login(request.requester)

    words = page_text(client.get(request_page(request)))

    feedback = words[words.index("Feedback from experts by experience") :]
    assert "3 people gave feedback" in feedback and "Good 3" in feedback
    assert "Clear and kind." in feedback
    assert "Too long." not in feedback and "Good biscuits." not in feedback
    assert "Comments are shown only from people who agreed to be quoted without their name." in feedback
    for name in ("Aled Jones", "Bea Khan", "Cai Lloyd"):
        assert name not in feedback


def test_a_coordinator_sees_who_said_what(client, login_as, with_feedback):
    login_as(Role.NETWORK_COORDINATOR)

    html = client.get(request_page(with_feedback)).content.decode()

    feedback_section = html[html.index("Feedback from experts by experience") :]
    assert "Aled Jones" in feedback_section
    assert "Felt respected." in feedback_section and "Too rushed." in feedback_section
    assert "Comments are shown only" not in feedback_section
    assert "aled@example.org" not in html


def test_a_lead_of_the_requesting_team_sees_what_changed_but_not_the_feedback(client, login_as, with_feedback):
    lead = login_as(Role.TEAM_LEAD)
    with_feedback.requesting_team.leads.add(lead)
    RequestOutcome.objects.create(
        request=with_feedback, what_changed="A new leaflet.", recorded_by=with_feedback.requester
    )

    response = client.get(request_page(with_feedback))

    assert response.status_code == 200
    words = page_text(response)
    assert "A new leaflet." in words
    assert "Feedback from experts by experience" not in words
    assert "Felt respected." not in words


def test_another_requester_sees_nothing_of_it(client, login_as, with_feedback):
    login_as(Role.REQUESTER)

    assert client.get(request_page(with_feedback)).status_code == 403
