"""Nobody is notified of their own action (notifications.types: `send(actor=by)`).

Each case is someone whose roles would make them a natural recipient of what their own action
causes: a coordinator who raised a request, a lead who is also a coordinator, a coordinator who
also takes part. They are left out; the others who must hear of it still do. The one exception is
a receipt the person relies on ("submitted"), recorded as already read.
"""

from decimal import Decimal

import pytest

from involvement.services import requests as request_services
from involvement.tests.factories import approved_request, make_team_lead, submitted_request
from notifications.models import Notification
from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory
from together_network.services import payments as payments_services
from together_network.services import pool
from together_network.tests.factories import ExpertByExperienceFactory, RateFactory
from together_network.tests.payments_support import activity_with_places, record
from together_network.tests.portal_support import coordinator

pytestmark = pytest.mark.django_db


def both(*roles: Role):
    return UserFactory(roles=list(roles))


def news_for(person, *, since: int) -> list[str]:
    """The events recorded for the person after notification `since`, which raise their unread count."""
    return list(
        Notification.objects.filter(pk__gt=since, recipient_email=person.email, read_at__isnull=True).values_list(
            "event", flat=True
        )
    )


def last_notification() -> int:
    return Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def coordinator_who_raised_it_withdraws():
    actor = both(Role.REQUESTER, Role.NETWORK_COORDINATOR)
    request = submitted_request(requester=actor)
    lead = request.requesting_team.leads.get()
    since = last_notification()
    request_services.request_withdraw(request_id=request.pk, by=actor, reason="No longer needed")
    return actor, since, {lead.email: "withdrawn"}


def coordinator_who_raised_it_cancels():
    actor = both(Role.REQUESTER, Role.NETWORK_COORDINATOR)
    request = approved_request(requester=actor)
    since = last_notification()
    request_services.request_cancel(request_id=request.pk, by=actor, reason="The panel moved online")
    return actor, since, {}


def lead_who_is_a_coordinator_approves():
    actor = both(Role.TEAM_LEAD, Role.NETWORK_COORDINATOR)
    other = coordinator()
    request = submitted_request(team_lead=actor)
    since = last_notification()
    request_services.request_approve(request_id=request.pk, by=actor)
    return actor, since, {other.email: "network_request_open", request.requester.email: "decision"}


def coordinator_records_attendance():
    RateFactory()
    person = ExpertByExperienceFactory()
    request = activity_with_places(person)
    actor, other = coordinator(), coordinator()
    since = last_notification()
    record(request, {person: 120}, by=actor)
    return actor, since, {other.email: "network_claims_waiting"}


def coordinator_who_takes_part_pauses_themself():
    actor = both(Role.NETWORK_COORDINATOR, Role.EXPERT_BY_EXPERIENCE)
    other = coordinator()
    expert = ExpertByExperienceFactory(user=actor, email=actor.email)
    since = last_notification()
    pool.expert_pause(expert=expert, by=actor, reason="A busy month")
    return actor, since, {other.email: "network_expert_paused"}


def coordinator_turns_down_a_claim():
    RateFactory()
    person = ExpertByExperienceFactory()
    request = activity_with_places(person)
    record(request, {person: 120})
    claim = payments_services.PaymentClaim.objects.get(expert=person)
    actor = coordinator()
    since = last_notification()
    payments_services.claim_reject(claim=claim, reason="Not on the rate card", by=actor)
    return actor, since, {person.email: "network_claim_rejected"}


CASES = [
    coordinator_who_raised_it_withdraws,
    coordinator_who_raised_it_cancels,
    lead_who_is_a_coordinator_approves,
    coordinator_records_attendance,
    coordinator_who_takes_part_pauses_themself,
    coordinator_turns_down_a_claim,
]


@pytest.mark.parametrize("case", CASES, ids=[case.__name__ for case in CASES])
def test_the_person_who_acted_is_not_told_and_the_others_are(case):
    actor, since, others = case()

    assert news_for(actor, since=since) == []
    for email, event in others.items():
        assert Notification.objects.filter(pk__gt=since, recipient_email=email, event=event).exists(), (email, event)


def test_a_lead_of_the_psw_team_who_is_the_psw_approving_their_own_time_is_not_asked_to_join():
    from workforce.tests.factories import PeerSupportWorkerFactory, TeamFactory

    team_lead, lead_and_worker = make_team_lead(), make_team_lead()
    worker = PeerSupportWorkerFactory(team=TeamFactory(leads=[lead_and_worker]), user=lead_and_worker)
    request = submitted_request(
        route="psw", requesting_team=TeamFactory(leads=[team_lead]), peer_support_worker=worker, psw_hours=Decimal(2)
    )
    request_services.request_approve(request_id=request.pk, by=team_lead)
    since = last_notification()

    request_services.request_approve(request_id=request.pk, by=lead_and_worker)

    assert news_for(lead_and_worker, since=since) == []
    assert Notification.objects.filter(pk__gt=since, event="decision", recipient=request.requester).exists()


def test_the_requester_keeps_a_receipt_of_what_they_sent_but_it_is_not_news():
    request = submitted_request()

    receipt = Notification.objects.get(event="submitted")

    assert receipt.recipient == request.requester and receipt.read_at is not None
    assert "has been sent for approval to" in receipt.body_text
    assert news_for(request.requester, since=0) == []
