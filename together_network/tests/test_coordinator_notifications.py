"""The coordinators hear of what waits for them: a request open for matching, and payment claims
waiting for approval, once each, never the person who acted, and never as a flood."""

from decimal import Decimal

import pytest
from django.urls import reverse

from involvement.models import Route, Status
from involvement.services import requests as request_services
from involvement.tests.factories import make_team_lead, reload, submitted_request
from notifications.models import Notification
from peersupport.accounts.roles import Role
from peersupport.accounts.selectors import coordinators as all_coordinators
from peersupport.accounts.tests.factories import UserFactory
from together_network.models import PaymentClaim, PaymentPreference
from together_network.services import expenses, invitations
from together_network.services import payments as services
from together_network.tests.factories import ExpertByExperienceFactory, RateFactory
from together_network.tests.payments_support import activity_with_places, attend, record
from workforce.tests.factories import PeerSupportWorkerFactory, TeamFactory

pytestmark = pytest.mark.django_db

OPEN = "network_request_open"
CLAIMS = "network_claims_waiting"


def told(event: str) -> list[str]:
    return sorted(Notification.objects.filter(event=event).values_list("recipient_email", flat=True))


def every_coordinator(*, but=None) -> list[str]:
    """Every coordinator's email (the helpers that invite people make coordinators of their own)."""
    return sorted(person.email for person in all_coordinators() if person != but)


@pytest.fixture
def coordinators():
    return [UserFactory(roles=[Role.NETWORK_COORDINATOR], email=f"coordinator{n}@example.org") for n in (1, 2)]


# --- A request open for matching ------------------------------------------------------------------------


def test_an_approved_network_request_tells_every_coordinator_with_a_link_to_match(coordinators):
    lead = make_team_lead()
    request = submitted_request(team_lead=lead, title="Ward manager interview panel", places_needed=3)

    request_services.request_approve(request_id=request.pk, by=lead)

    assert reload(request).status == Status.OPEN
    assert told(OPEN) == ["coordinator1@example.org", "coordinator2@example.org"]
    email = Notification.objects.filter(event=OPEN).first()
    assert email.subject == "Open for matching: Ward manager interview panel"
    assert email.link == reverse("together_network:match", args=[request.pk])
    assert email.object_key == f"involvement.involvementrequest:{request.pk}"
    assert "has been approved and is open for the Together network to match and invite" in email.body_text
    assert "3 places needed." in email.body_text
    assert email.read_at is None  # news: their unread count rises


def test_a_filled_request_that_opens_again_tells_the_coordinators_each_time(coordinators):
    lead = make_team_lead()
    request = submitted_request(team_lead=lead, title="Carers' focus group", places_needed=1)
    request_services.request_approve(request_id=request.pk, by=lead)
    first, second = ExpertByExperienceFactory(), ExpertByExperienceFactory()
    sent = invitations.invitations_send(request_id=request.pk, expert_ids=[first.pk, second.pk], by=coordinators[0])
    place = {invitation.expert_id: invitation for invitation in sent}
    Notification.objects.filter(event=OPEN).delete()  # told once already, on approval

    for expert in (first, second):
        invitations.invitation_accept(invitation_id=place[expert.pk].pk, by=None)
        assert reload(request).status == Status.FILLED
        invitations.invitation_withdraw(invitation_id=place[expert.pk].pk, by=None)
        assert reload(request).status == Status.OPEN

    reopened = Notification.objects.filter(event=OPEN)
    assert reopened.count() == 4  # two coordinators, two reopenings
    assert {email.subject for email in reopened} == {"Open again for matching: Carers' focus group"}
    assert "Someone gave up their place" in reopened.first().body_text
    assert reopened.first().link == reverse("together_network:match", args=[request.pk])


def test_a_lead_who_is_also_a_coordinator_is_not_told_of_the_request_they_approved(coordinators):
    lead = UserFactory(roles=[Role.TEAM_LEAD, Role.NETWORK_COORDINATOR], email="both@example.org")
    request = submitted_request(team_lead=lead)

    request_services.request_approve(request_id=request.pk, by=lead)

    assert told(OPEN) == ["coordinator1@example.org", "coordinator2@example.org"]


def test_a_psw_request_sent_to_the_network_and_approved_tells_the_coordinators(coordinators):
    lead = make_team_lead()
    worker = PeerSupportWorkerFactory(team=TeamFactory(leads=[lead]))
    request = submitted_request(route=Route.PSW, requesting_team=TeamFactory(leads=[lead]), peer_support_worker=worker)

    request_services.request_redirect_to_network(request_id=request.pk, by=lead)

    assert reload(request).status == Status.OPEN
    assert told(OPEN) == ["coordinator1@example.org", "coordinator2@example.org"]


def test_a_redirected_request_tells_the_coordinators_once_its_own_team_approves(coordinators):
    team_lead, psw_team_lead = make_team_lead(), make_team_lead()
    worker = PeerSupportWorkerFactory(team=TeamFactory(leads=[psw_team_lead]))
    request = submitted_request(
        route=Route.PSW, requesting_team=TeamFactory(leads=[team_lead]), peer_support_worker=worker
    )

    request_services.request_redirect_to_network(request_id=request.pk, by=psw_team_lead)
    assert told(OPEN) == []  # still waiting for the requesting team's approval

    request_services.request_approve(request_id=request.pk, by=team_lead)
    assert told(OPEN) == ["coordinator1@example.org", "coordinator2@example.org"]


def test_a_request_for_a_peer_support_worker_is_not_for_the_coordinators(coordinators):
    lead = make_team_lead()
    worker = PeerSupportWorkerFactory(team=TeamFactory(leads=[lead]), user=UserFactory())
    request = submitted_request(route=Route.PSW, requesting_team=TeamFactory(leads=[lead]), peer_support_worker=worker)

    request_services.request_approve(request_id=request.pk, by=lead)

    assert reload(request).status == Status.APPROVED
    assert told(OPEN) == []


# --- Payment claims waiting for approval -----------------------------------------------------------------


@pytest.fixture
def three_came():
    RateFactory()
    people = [ExpertByExperienceFactory(full_name=name) for name in ("Ada Lovelace", "Bo Chen", "Cy Adeyemi")]
    return activity_with_places(*people, title="Carers' focus group"), people


def test_recording_attendance_sends_one_message_for_all_the_claims_it_made(coordinators, three_came):
    request, people = three_came
    recorder = request.requester  # the person who ran it records who came

    record(request, dict.fromkeys(people, 120), by=recorder)

    assert told(CLAIMS) == every_coordinator()
    email = Notification.objects.filter(event=CLAIMS).first()
    assert email.subject == "3 payment claims waiting for approval: Carers' focus group"
    assert email.link == reverse("together_network:claims")
    assert "- Ada Lovelace: £50.00 (fee £50.00)" in email.body_text
    first = PaymentClaim.objects.order_by("pk").first()
    assert email.object_key == f"together_network.paymentclaim:{first.pk}"


def test_recording_again_tells_only_of_claims_it_adds(coordinators, three_came):
    request, (ada, bo, cy) = three_came
    record(request, {ada: 120, bo: 120, cy: None}, by=request.requester)

    once = len(every_coordinator())
    assert Notification.objects.filter(event=CLAIMS).count() == once

    record(request, {ada: 90, bo: 120, cy: None}, by=request.requester)  # corrected minutes: no new claim
    assert Notification.objects.filter(event=CLAIMS).count() == once

    record(request, {ada: 90, bo: 120, cy: 60}, by=request.requester)  # Cy came after all
    latest = Notification.objects.filter(event=CLAIMS).order_by("-pk").first()
    assert Notification.objects.filter(event=CLAIMS).count() == 2 * once
    assert latest.subject == "1 payment claim waiting for approval: Carers' focus group"
    assert "Cy Adeyemi" in latest.body_text and "Ada Lovelace" not in latest.body_text


def test_the_coordinator_who_records_attendance_is_not_told_of_the_claims(coordinators, three_came):
    request, people = three_came

    record(request, dict.fromkeys(people, 120), by=coordinators[0])

    assert "coordinator1@example.org" not in told(CLAIMS)
    assert told(CLAIMS) == every_coordinator(but=coordinators[0])


def test_a_coordinator_whose_own_claim_is_the_only_one_is_not_asked_to_approve_it(coordinators):
    RateFactory()
    own = ExpertByExperienceFactory(user=coordinators[0], email=coordinators[0].email)

    attend(own)  # recorded by another coordinator

    assert "coordinator1@example.org" not in told(CLAIMS)
    assert "coordinator2@example.org" in told(CLAIMS)


def test_expenses_on_a_claim_opened_for_them_tell_the_coordinators_once(coordinators):
    RateFactory()
    volunteer_user = UserFactory(roles=[Role.EXPERT_BY_EXPERIENCE])
    volunteer = ExpertByExperienceFactory(payment_preference=PaymentPreference.VOLUNTARY, user=volunteer_user)
    attendance = attend(volunteer)
    claim = services.claim_open_for_expenses(attendance=attendance, by=volunteer_user)
    assert told(CLAIMS) == []  # nothing to approve yet

    for amount in ("4.50", "3.00"):
        expenses.expense_add(
            claim=claim, kind="travel", description="Bus fare", amount=Decimal(amount), by=volunteer_user
        )

    assert told(CLAIMS) == every_coordinator()
    email = Notification.objects.filter(event=CLAIMS).first()
    assert email.subject.startswith("1 payment claim waiting for approval:")
    assert f"- {volunteer.full_name}: £4.50 in expenses" in email.body_text
