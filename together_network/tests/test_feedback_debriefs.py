"""Debriefs: after an activity, a coordinator offers a debrief to each person who came (who is
told), and records that it happened with only what the person agreed to have recorded."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from peersupport.accounts.roles import Role
from tests.support.roles import answers
from together_network.models import Attendance
from together_network.services.feedback import debrief_offer, debrief_record
from together_network.tests.factories import AttendanceFactory, ExpertByExperienceFactory
from together_network.tests.portal_support import days_ago, expert_with_login, past_place

pytestmark = pytest.mark.django_db


def debriefs_page(request) -> str:
    return reverse("together_network:debriefs", args=[request.pk])


def offer_url(attendance: Attendance) -> str:
    return reverse("together_network:debrief_offer", args=[attendance.invitation.request_id, attendance.pk])


def record_url(attendance: Attendance) -> str:
    return reverse("together_network:debrief_record", args=[attendance.invitation.request_id, attendance.pk])


def date_parts(day: datetime.date) -> dict:
    return {"held_on_day": day.day, "held_on_month": day.month, "held_on_year": day.year}


@pytest.fixture
def came():
    """Eve came to an activity a week ago."""
    eve = expert_with_login(full_name="Eve Morgan", email="eve@example.org")
    place = past_place(eve, attended=None, on=days_ago(7), places_needed=2)
    return Attendance.objects.create(invitation=place, attended=True, actual_minutes=90)


@pytest.fixture
def coordinator(client, login_as):
    return login_as(Role.NETWORK_COORDINATOR)


@pytest.mark.parametrize(("role", "status"), answers(Role.NETWORK_COORDINATOR))
def test_only_coordinators_open_a_requests_debriefs(client, login_as, came, role, status):
    login_as(role)

    assert client.get(debriefs_page(came.invitation.request)).status_code == status


@pytest.mark.parametrize("role", [role for role in Role if role != Role.NETWORK_COORDINATOR])
def test_only_coordinators_offer_or_record_debriefs(client, login_as, came, role):
    login_as(role)

    assert client.post(offer_url(came)).status_code == 403
    assert client.post(record_url(came), date_parts(timezone.localdate())).status_code == 403
    came.refresh_from_db()
    assert came.debrief_offered_at is None
    assert came.debrief_held_on is None


def test_the_requester_cannot_see_debriefs_on_their_own_request(client, came):
    client.force_login(came.invitation.request.requester)

    assert client.get(debriefs_page(came.invitation.request)).status_code == 403


def test_the_page_lists_the_people_who_came(client, coordinator, came):
    missed = past_place(ExpertByExperienceFactory(full_name="Dan Missed"), attended=False)
    # Dan missed a different activity: he is not on this one's list.
    response = client.get(debriefs_page(came.invitation.request))

    assert [attendance.pk for attendance in response.context["came"]] == [came.pk]
    assert "Eve Morgan" in response.content.decode()
    assert missed.expert.full_name not in response.content.decode()


def test_offering_a_debrief_tells_the_person_once(client, coordinator, came):
    response = client.post(offer_url(came), follow=True)

    came.refresh_from_db()
    assert came.debrief_offered_at is not None
    assert "A debrief has been offered to Eve Morgan." in response.content.decode()
    [told] = Notification.objects.filter(event="network_debrief_offered")
    assert told.recipient_email == "eve@example.org"
    assert coordinator.email in told.body_text  # whom to contact

    again = client.post(offer_url(came), follow=True)
    assert "A debrief was already offered" in again.content.decode()
    assert Notification.objects.filter(event="network_debrief_offered").count() == 1


def test_recording_a_debrief_keeps_the_date_and_the_agreed_note(client, coordinator, came):
    held_on = timezone.localdate() - datetime.timedelta(days=2)

    response = client.post(record_url(came), {**date_parts(held_on), "note": "Agreed: follow up in a month."})

    assert response.status_code == 302
    came.refresh_from_db()
    assert came.debrief_held_on == held_on
    assert came.debrief_note == "Agreed: follow up in a month."


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (timezone.localdate() + datetime.timedelta(days=1), "The date of the debrief must be today or in the past"),
        (days_ago(30), "The date of the debrief must be on or after the activity"),
    ],
)
def test_a_debrief_date_must_fit(client, coordinator, came, day, message):
    response = client.post(record_url(came), date_parts(day))

    assert response.status_code == 200
    assert message in response.content.decode()
    came.refresh_from_db()
    assert came.debrief_held_on is None


def test_a_debrief_date_is_needed(client, coordinator, came):
    response = client.post(record_url(came), {"note": "A note"})

    assert "Enter the date of the debrief" in response.content.decode()


def test_someone_who_did_not_come_is_not_offered_a_debrief(came):
    missed = AttendanceFactory(invitation=past_place(ExpertByExperienceFactory(), attended=None), attended=False)
    coordinator = came.invitation.invited_by

    with pytest.raises(ValidationError, match="only be offered to someone who came"):
        debrief_offer(attendance=missed, by=coordinator)
    with pytest.raises(ValidationError, match="only be recorded for someone who came"):
        debrief_record(attendance=missed, by=coordinator, held_on=timezone.localdate())


def test_an_attendance_from_another_request_is_not_found(client, coordinator, came):
    other = AttendanceFactory(invitation=past_place(ExpertByExperienceFactory(), attended=None))
    wrong = reverse("together_network:debrief_offer", args=[came.invitation.request_id, other.pk])

    assert client.post(wrong).status_code == 404


def test_the_request_page_links_coordinators_to_its_debriefs(client, coordinator, came):
    response = client.get(reverse("involvement:detail", args=[came.invitation.request_id]))

    assert debriefs_page(came.invitation.request) in response.content.decode()
