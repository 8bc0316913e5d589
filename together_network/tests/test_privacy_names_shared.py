"""A booked person's name reaches the requester only when their current consent shares it.

Everyone but coordinators sees "Person 1 (name not shared)" for people who did not agree: on the
request's page, on the attendance page (its labels and errors too) and in the emails about who is
coming. A requester or team lead never sees anyone's contact details or lived experience.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from involvement.tests.factories import approved_request
from notifications.models import Notification
from peersupport.accounts.roles import Role
from together_network.services import invitations
from together_network.tests.factories import (
    ConsentRecordFactory,
    ExpertByExperienceFactory,
    LivedExperienceAreaFactory,
)
from together_network.tests.portal_support import days_ago, happened, invite, page_text

pytestmark = pytest.mark.django_db

PRIVATE = ("sharer@example.org", "07700 900111", "quiet@example.org", "07700 900222", "Eating disorders", "ramp")


def person(name: str, *, shares: bool | None, email: str, phone: str):
    """Someone with contact details, lived experience and adjustments on record, whose latest consent
    shares their name (`shares`), or not, or who has no consent record at all (None)."""
    expert = ExpertByExperienceFactory(
        full_name=name,
        email=email,
        phone=phone,
        lived_experience_areas=[LivedExperienceAreaFactory(name="Eating disorders")],
        reasonable_adjustments="Needs a ramp",
    )
    if shares is not None:
        ConsentRecordFactory(expert=expert, given_on=days_ago(400), share_name_when_booked=not shares)
        ConsentRecordFactory(expert=expert, given_on=days_ago(40), share_name_when_booked=shares)  # the latest
    return expert


@pytest.fixture
def booked_ahead():
    """An activity still to come with three places taken: Sam shares their name, Quinn does not,
    and Robin has no consent recorded (so has agreed to nothing)."""
    request = approved_request(title="Crisis line focus group", places_needed=3)
    people = [
        person("Sam Sharer", shares=True, email="sharer@example.org", phone="07700 900111"),
        person("Quinn Quiet", shares=False, email="quiet@example.org", phone="07700 900222"),
        person("Robin Unrecorded", shares=None, email="robin@example.org", phone="07700 900333"),
    ]
    for invitation in invite(request, *people):
        invitations.invitation_accept(invitation_id=invitation.pk)
    return request


@pytest.fixture
def booked(booked_ahead):
    """The same activity, a week ago."""
    return happened(booked_ahead, days_ago(7))


def detail(request) -> str:
    return reverse("involvement:detail", args=[request.pk])


def attendance(request) -> str:
    return reverse("together_network:attendance", args=[request.pk])


def assert_nothing_private(html: str) -> None:
    for private in PRIVATE:
        assert private not in html, private


def test_the_requester_sees_only_the_names_people_agreed_to_share_on_the_request(client, booked):
    client.force_login(booked.requester)

    response = client.get(detail(booked))

    words = page_text(response)
    assert "Sam Sharer Coming" in words
    assert "Person 1 (name not shared) Coming" in words
    assert "Person 2 (name not shared) Coming" in words
    html = response.content.decode()
    assert "Quinn Quiet" not in html and "Robin Unrecorded" not in html
    assert_nothing_private(html)


def test_the_requester_sees_only_shared_names_on_the_attendance_page_even_in_its_errors(client, booked):
    client.force_login(booked.requester)

    page = client.get(attendance(booked))
    refused = client.post(attendance(booked), {"nothing": "answered"})  # an error for each person

    for response in (page, refused):
        html = response.content.decode()
        assert "Quinn Quiet" not in html and "Robin Unrecorded" not in html
        assert_nothing_private(html)
    assert "Did Person 1 (name not shared) take part?" in page_text(page)
    assert "How long did Person 2 (name not shared) take part?" in page_text(page)
    assert "Did Sam Sharer take part?" in page_text(page)
    words = page_text(refused)
    assert "There is a problem" in words
    assert "Say whether Person 1 (name not shared) took part" in words
    assert "Say whether Sam Sharer took part" in words


def test_a_coordinator_sees_every_name(client, login_as, booked):
    login_as(Role.NETWORK_COORDINATOR)

    for url in (detail(booked), attendance(booked)):
        html = client.get(url).content.decode()
        assert "Sam Sharer" in html and "Quinn Quiet" in html and "Robin Unrecorded" in html
        assert "name not shared" not in html


def test_a_team_lead_sees_no_names_no_contact_details_and_no_lived_experience(client, login_as, booked):
    lead = login_as(Role.TEAM_LEAD)
    booked.requesting_team.leads.add(lead)

    response = client.get(detail(booked))

    assert response.status_code == 200
    html = response.content.decode()
    for name in ("Sam Sharer", "Quinn Quiet", "Robin Unrecorded"):
        assert name not in html
    assert_nothing_private(html)
    assert client.get(attendance(booked)).status_code == 403


def test_the_latest_consent_decides(client, booked):
    quinn = booked.invitations.get(expert__full_name="Quinn Quiet").expert
    ConsentRecordFactory(expert=quinn, given_on=days_ago(1), share_name_when_booked=True)
    client.force_login(booked.requester)

    words = page_text(client.get(detail(booked)))

    assert "Quinn Quiet Coming" in words
    assert "Person 1 (name not shared) Coming" in words  # Robin
    assert "Person 2" not in words


def test_the_email_saying_the_activity_is_filled_names_only_those_who_agreed(booked):
    [told] = Notification.objects.filter(event="filled")

    assert told.recipient == booked.requester
    assert "- Sam Sharer" in told.body_text
    assert "- Person 1 (name not shared)" in told.body_text and "- Person 2 (name not shared)" in told.body_text
    assert "Quinn Quiet" not in told.body_text and "Robin Unrecorded" not in told.body_text


def test_when_someone_who_did_not_agree_gives_up_their_place_nobody_is_named(booked_ahead):
    """The request's timeline is read by its requester and team leads. (A place is given up before
    the activity: once it has taken place, there is nothing to give up.)"""
    quinn = booked_ahead.invitations.get(expert__full_name="Quinn Quiet")

    invitations.invitation_withdraw(invitation_id=quinn.pk)

    notes = list(booked_ahead.events.values_list("note", flat=True))
    assert "Someone gave up their place" in notes
    assert not [note for note in notes if "Quinn" in note]


def test_the_request_page_reads_consent_in_the_same_query_however_many_are_booked(client):
    def queries_for(places: int) -> int:
        request = approved_request(places_needed=places)
        people = [ExpertByExperienceFactory() for _ in range(places)]
        for expert in people:
            ConsentRecordFactory(expert=expert, share_name_when_booked=False)
        for invitation in invite(request, *people):
            invitations.invitation_accept(invitation_id=invitation.pk)
        client.force_login(request.requester)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(detail(request)).status_code == 200
        return len(captured)

    assert queries_for(1) == queries_for(8)


def test_a_place_given_up_and_someone_moving_up_are_on_the_timeline_without_names():
    from together_network.models import InvitationStatus

    request = approved_request(places_needed=1)
    first, second = (ExpertByExperienceFactory(full_name=name) for name in ("Quinn Quiet", "Wren Waiting"))
    booked, waiting = invite(request, first, second)
    invitations.invitation_accept(invitation_id=booked.pk)
    invitations.invitation_accept(invitation_id=waiting.pk)
    waiting.refresh_from_db()
    assert waiting.status == InvitationStatus.WAITING

    invitations.invitation_withdraw(invitation_id=booked.pk)

    event = request.events.order_by("pk").last()
    assert event.note == "A place was given up and someone moved up from the waiting list"
    assert event.actor is None
    assert not [note for note in request.events.values_list("note", flat=True) if "Quinn" in note or "Wren" in note]
