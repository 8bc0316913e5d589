"""Applying to join from a link: the coordinator sends it, the person applies once, and a used,
expired or changed link says so kindly (never an error page)."""

import datetime
import re

import pytest
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory
from tests.support.roles import answers
from together_network.models import ApplicationLink, ConsentRecord, ExpertByExperience, ExpertStatus, OnboardingStep
from together_network.services import applications
from together_network.services import pool as pool_services
from together_network.tests.factories import LivedExperienceAreaFactory
from together_network.tests.pool_support import TODAY, applicant, make_coordinator

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(db):
    return make_coordinator()


INVITE = reverse("together_network:invite_to_apply")


def send(coordinator, email="ayo@example.net", full_name="Ayo") -> ApplicationLink:
    return applications.application_link_send(email=email, full_name=full_name, by=coordinator)


def link_in_email(email: str) -> str:
    body = Notification.objects.get(event="network_application_link", recipient_email=email).body_text
    return re.search(r"(/network/apply/[^/\s]+/)", body).group(1)


ANSWERS = {
    "full_name": "Ayo Bello",
    "email": "ayo@example.net",
    "preferred_contact": "email",
    "availability": ["1-1", "3-0"],
    "ways": ["online", "in_person"],
    "payment_preference": "unpaid_benefits",
    "reasonable_adjustments": "Papers a week ahead, please",
    "contact_about_opportunities": "on",
    "keep_lived_experience": "on",
}


# --- Sending a link -------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), answers(Role.NETWORK_COORDINATOR))
def test_only_coordinators_send_links_to_apply(client, login_as, role, status):
    login_as(role)
    allowed = status == 200

    assert client.get(INVITE).status_code == status
    assert client.post(INVITE, {"email": "someone@example.net"}).status_code == (302 if allowed else 403)
    assert ApplicationLink.objects.exists() == allowed


def test_a_coordinator_sends_a_link_and_sees_it_waiting(client, login_as):
    login_as(Role.NETWORK_COORDINATOR)

    response = client.post(INVITE, {"email": "ayo@example.net", "full_name": "Ayo"}, follow=True)

    content = response.content.decode()
    assert "We have emailed a link to apply to ayo@example.net." in content
    assert "Waiting, link works until" in content
    email = Notification.objects.get(event="network_application_link")
    assert email.recipient is None and email.recipient_email == "ayo@example.net"
    assert "The link works once" in email.body_text


def test_someone_already_in_the_pool_needs_no_link(coordinator):
    member = applicant(coordinator, email="member@example.net")

    with pytest.raises(ValidationError) as refused:
        send(coordinator, email="MEMBER@example.net")

    assert refused.value.message_dict == {
        "email": [f"{member.full_name} already has this email address in the Together network (applicant)"]
    }


def test_only_coordinators_send_links_through_the_service():
    with pytest.raises(PermissionDenied):
        send(UserFactory(roles=[Role.TEAM_LEAD]))


# --- Applying --------------------------------------------------------------------------------


def test_the_form_greets_them_with_their_email_filled_in(client, coordinator):
    send(coordinator)

    response = client.get(link_in_email("ayo@example.net"))

    assert response.status_code == 200
    assert response.context["form"]["email"].value() == "ayo@example.net"
    assert "Apply to join the Together network" in response.content.decode()


def test_applying_makes_an_applicant_with_their_application_and_consent_and_tells_the_coordinator(client, coordinator):
    trauma = LivedExperienceAreaFactory(name="Trauma")
    link = send(coordinator)
    url = link_in_email("ayo@example.net")

    response = client.post(url, {**ANSWERS, "lived_experience_areas": [trauma.pk], "quote_anonymously": "on"})

    assert response.status_code == 200
    assert "Application sent" in response.content.decode()
    link.refresh_from_db()
    expert = link.expert
    assert link.used_at is not None
    assert (expert.full_name, expert.status, expert.payment_preference) == (
        "Ayo Bello",
        ExpertStatus.APPLICANT,
        "unpaid_benefits",
    )
    assert list(expert.lived_experience_areas.all()) == [trauma]
    assert expert.availability_slots == [(1, 1), (3, 0)]
    [step] = expert.onboarding.all()
    assert (step.step, step.completed_on, step.recorded_by) == (OnboardingStep.APPLICATION, TODAY, None)
    assert "through a link from Chloe Ward" in step.note
    consent = ConsentRecord.objects.get(expert=expert)
    assert (consent.given_on, consent.quote_anonymously, consent.share_name_when_booked) == (TODAY, True, False)
    assert expert.consent_current
    told = Notification.objects.get(event="network_application_received")
    assert told.recipient == coordinator and told.link == reverse("together_network:expert", args=[expert.pk])
    assert Notification.objects.filter(event="network_onboarding_step", recipient_email="ayo@example.net").count() == 1


def test_a_link_works_once(client, coordinator):
    send(coordinator)
    url = link_in_email("ayo@example.net")
    client.post(url, ANSWERS)

    again = client.post(url, {**ANSWERS, "full_name": "Someone Else"})
    opened = client.get(url)

    assert again.status_code == 410 and opened.status_code == 410
    assert "already been used" in opened.content.decode()
    assert ApplicationLink.objects.get().expert.full_name == "Ayo Bello"


def test_an_expired_link_says_so(client, coordinator):
    send(coordinator)
    url = link_in_email("ayo@example.net")
    later = timezone.now() + datetime.timedelta(days=31)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.core.signing.time.time", lambda: later.timestamp())
        response = client.get(url)

    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()


@pytest.mark.parametrize(
    "token",
    ["nonsense", "tampered", signing.dumps(999999, salt=applications.APPLICATION_SALT), signing.dumps({"id": 1})],
    # Named, not shown: a signed value holds the time it was made, and each test process collects its own.
    ids=["nonsense", "tampered", "no-such-link", "another-kind-of-link"],
)
def test_a_changed_or_made_up_link_gets_a_kind_page(client, coordinator, token):
    send(coordinator)
    if token == "tampered":
        token = link_in_email("ayo@example.net").split("/")[-2][:-3] + "abc"

    response = client.get(reverse("together_network:apply", args=[token]))
    posted = client.post(reverse("together_network:apply", args=[token]), ANSWERS)

    assert response.status_code == posted.status_code == 400
    assert "not complete or has been changed" in response.content.decode()


def test_the_application_asks_again_for_what_is_missing_in_plain_words(client, coordinator):
    send(coordinator)
    url = link_in_email("ayo@example.net")

    response = client.post(url, {"email": "ayo@example.net", "preferred_contact": "phone", "ways": ["online"]})

    content = response.content.decode()
    for message in (
        "Enter your full name",
        "Choose paid, voluntary, or unpaid for benefit reasons",
        "To join the network, you need to agree to be contacted about opportunities",
        "To join the network, you need to agree to the network keeping your lived experience",
    ):
        assert message in content, message
    assert not ApplicationLink.objects.get().used_at


def test_the_service_s_refusals_show_on_the_application(client, coordinator):
    send(coordinator)
    url = link_in_email("ayo@example.net")

    response = client.post(url, {**ANSWERS, "preferred_contact": "text"})

    assert "Enter a phone number, or choose email as the way to be contacted" in response.content.decode()
    assert not ApplicationLink.objects.get().used_at


def test_the_application_page_needs_no_login_and_works_with_one(client, login_as, coordinator):
    send(coordinator)
    url = link_in_email("ayo@example.net")
    assert client.get(url).status_code == 200

    login_as(Role.REQUESTER)
    assert client.get(url).status_code == 200


# --- The email address is the link's -----------------------------------------------------------


def test_the_email_address_is_shown_but_cannot_be_changed(client, coordinator):
    send(coordinator)
    url = link_in_email("ayo@example.net")

    page = client.get(url).content.decode()
    response = client.post(url, {**ANSWERS, "email": "someone.else@example.org"})

    assert "ayo@example.net" in page and 'name="email"' not in page
    assert "Application sent" in response.content.decode()
    assert ApplicationLink.objects.get().expert.email == "ayo@example.net"


def test_the_service_keeps_the_links_address_whatever_it_is_given(coordinator):
    link = send(coordinator)

    expert = applications.application_submit(
        token=applications.application_token(link),
        full_name="Ayo Bello",
        email="someone.else@example.org",
        contact_about_opportunities=True,
        keep_lived_experience=True,
    )

    assert expert.email == "ayo@example.net"


def test_someone_already_in_the_network_is_told_kindly_and_the_coordinator_hears(client, coordinator):
    send(coordinator)
    url = link_in_email("ayo@example.net")
    member = applicant(coordinator, full_name="Ayo Member", email="AYO@example.net")  # joined another way since

    first = client.post(url, ANSWERS)
    again = client.post(url, ANSWERS)

    assert first.status_code == again.status_code == 409
    words = first.content.decode()
    assert "You are already in the network</h1>" in words
    assert "It looks like you are already in the Together network" in words
    assert "contact the coordinator" in words
    assert ApplicationLink.objects.get().used_at is None
    assert list(ExpertByExperience.objects.all()) == [member]  # no second record
    [told] = Notification.objects.filter(event="network_application_already_member")  # once, however often
    assert told.recipient == coordinator
    assert told.subject == "Ayo Member tried to apply, but is already in the Together network"
    assert told.link == reverse("together_network:expert", args=[member.pk])


def test_someone_who_left_may_apply_again(client, coordinator):
    send(coordinator)
    url = link_in_email("ayo@example.net")
    former = applicant(coordinator, email="ayo@example.net")
    pool_services.expert_leave(expert=former, on=TODAY, by=coordinator)

    response = client.post(url, ANSWERS)

    assert response.status_code == 200 and "Application sent" in response.content.decode()
    assert ApplicationLink.objects.get().expert.full_name == "Ayo Bello"
