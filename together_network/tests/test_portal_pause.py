"""Pause me: a person stops being invited for a while, keeps the places they have, and comes back
when ready: at once when their onboarding and consent are in order, otherwise through the coordinator."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from involvement.tests.factories import approved_request
from notifications.models import Notification
from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory
from tests.support.roles import answers
from together_network.models import ExpertStatus, InvitationStatus
from together_network.selectors import matching
from together_network.services import invitations
from together_network.tests.factories import ExpertByExperienceFactory
from together_network.tests.portal_support import expert_with_login, invite, page_text

pytestmark = pytest.mark.django_db

PAUSE = reverse("together_network:pause")
RESUME = reverse("together_network:resume")


@pytest.fixture
def coordinators():
    return [UserFactory(roles=[Role.NETWORK_COORDINATOR]) for _ in range(2)]


@pytest.fixture
def eve(client):
    expert = expert_with_login(full_name="Eve Morgan")
    client.force_login(expert.user)
    return expert


@pytest.mark.parametrize(("role", "status"), answers(Role.EXPERT_BY_EXPERIENCE))
def test_only_experts_by_experience_open_the_pause_page(client, login_as, role, status):
    person = login_as(role)
    if role == Role.EXPERT_BY_EXPERIENCE:
        ExpertByExperienceFactory(user=person)

    assert client.get(PAUSE).status_code == status


@pytest.mark.parametrize(("role", "status"), answers(Role.EXPERT_BY_EXPERIENCE))
def test_only_experts_by_experience_can_ask_to_come_back(client, login_as, role, status):
    person = login_as(role)
    if role == Role.EXPERT_BY_EXPERIENCE:
        ExpertByExperienceFactory(user=person, status=ExpertStatus.PAUSED)

    assert client.post(RESUME).status_code == (302 if status == 200 else status)


def test_the_pause_page_explains_before_anything_changes(client, eve):
    words = page_text(client.get(PAUSE))

    assert "You will not be invited to anything while paused." in words
    assert "Places you already have stay yours unless you give them up." in words
    eve.refresh_from_db()
    assert eve.status == ExpertStatus.ACTIVE


def test_pausing_keeps_places_and_stops_invitations(client, eve, coordinators):
    coming = invite(approved_request(places_needed=1), eve)[0]
    invitations.invitation_accept(invitation_id=coming.pk)
    later = approved_request()

    response = client.post(PAUSE, follow=True)

    eve.refresh_from_db()
    coming.refresh_from_db()
    assert eve.status == ExpertStatus.PAUSED
    assert eve.history.latest().history_user == eve.user
    assert coming.status == InvitationStatus.ACCEPTED
    assert eve not in list(matching.ranked_experts(request=later))
    assert "Your involvement is paused." in page_text(response)
    told = {notification.recipient_id for notification in Notification.objects.filter(event="network_expert_paused")}
    assert {coordinator.pk for coordinator in coordinators} <= told
    assert eve.user_id not in told


def test_pausing_twice_says_so(client, eve):
    client.post(PAUSE)

    response = client.get(PAUSE, follow=True)

    assert "Your involvement is already paused." in page_text(response)


def test_someone_still_joining_cannot_pause(client):
    applicant = expert_with_login(status=ExpertStatus.APPLICANT, onboarding_complete=False)
    client.force_login(applicant.user)

    response = client.post(PAUSE, follow=True)

    applicant.refresh_from_db()
    assert applicant.status == ExpertStatus.APPLICANT
    assert "You can pause once you have finished joining the network." in page_text(response)


def test_coming_back_with_everything_in_order_is_immediate(client, eve, coordinators):
    client.post(PAUSE)

    response = client.post(RESUME, follow=True)

    eve.refresh_from_db()
    assert eve.status == ExpertStatus.ACTIVE
    assert eve.history.latest().history_user == eve.user
    assert "Welcome back. You will be invited to activities again." in page_text(response)
    assert not Notification.objects.filter(event="network_ready_again").exists()


@pytest.mark.parametrize(
    "lapsed",
    [
        {"consent_review_due": timezone.localdate() - datetime.timedelta(days=1)},
        {"onboarding_complete": False},
    ],
    ids=["consent lapsed", "onboarding incomplete"],
)
def test_coming_back_needing_the_coordinator_keeps_them_paused_and_tells_the_coordinators(client, coordinators, lapsed):
    expert = expert_with_login(full_name="Ola Paused", status=ExpertStatus.PAUSED, **lapsed)
    client.force_login(expert.user)

    response = client.post(RESUME, follow=True)

    expert.refresh_from_db()
    assert expert.status == ExpertStatus.PAUSED
    assert "The coordinator will be in touch" in page_text(response)
    told = Notification.objects.filter(event="network_ready_again")
    assert sorted(notification.recipient_id for notification in told) == sorted(c.pk for c in coordinators)
    assert told[0].subject == "Ola Paused is ready to be invited again"
    client.post(RESUME)
    assert Notification.objects.filter(event="network_ready_again").count() == 2  # once a day, however many presses


def test_coming_back_when_not_paused_changes_nothing(client, eve):
    response = client.post(RESUME, follow=True)

    assert "Your involvement is not paused." in page_text(response)
    eve.refresh_from_db()
    assert eve.status == ExpertStatus.ACTIVE


def test_coming_back_only_takes_posts(client, eve):
    assert client.get(RESUME).status_code == 405
