"""Every invitation and claim status, every person, every action: pages offer what services accept.

The network's tables (together_network/transitions.py) give the portal and the claims pages their
buttons and the services their checks. For each state and each person, the actions the table
allows must be exactly those the services carry out (each tried in a savepoint, then rolled back);
the matrices below say what that is in the product's words.
"""

import datetime
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from involvement.models import InvolvementRequest
from involvement.services import requests as request_services
from involvement.tests.factories import approved_request, submitted_request
from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory
from peersupport.accounts.transitions import TransitionNotAllowed
from together_network.models import Invitation, PaymentClaim
from together_network.services import expenses, invitations
from together_network.services import payments as payment_services
from together_network.tests.factories import ExpertByExperienceFactory
from together_network.tests.payments_support import claim_for
from together_network.tests.portal_support import days_ago, happened
from together_network.transitions import (
    CLAIM_TRANSITIONS,
    INVITATION_TRANSITIONS,
    REQUEST_TRANSITIONS,
    ClaimAction,
    InvitationAction,
    RequestAction,
    allowed_claim_actions,
    allowed_invitation_actions,
)

pytestmark = pytest.mark.django_db


class RolledBack(Exception):
    pass


@contextmanager
def undone():
    """Run the body in a savepoint and undo it, whatever it did."""
    try:
        with transaction.atomic():
            yield
            raise RolledBack
    except RolledBack:
        pass


def carried_out(call) -> bool:
    """Whether the service call went through (then undone); a refusal of any kind is False."""
    try:
        with undone():
            call()
    except (TransitionNotAllowed, ValidationError, PermissionDenied):
        return False
    return True


def names(actions) -> set[str]:
    return {str(row.action) for row in actions}


def coordinator():
    return UserFactory(roles=[Role.NETWORK_COORDINATOR])


def expert_with_login():
    return ExpertByExperienceFactory(user=UserFactory(roles=[Role.EXPERT_BY_EXPERIENCE]))


# --- Invitations ------------------------------------------------------------------------------------------


def invited(*, places: int = 2) -> tuple[Invitation, InvolvementRequest]:
    """The person (with a login) invited to an open network request whose answers close today."""
    today = timezone.localdate()
    request = approved_request(places_needed=places, activity_date=today, closing_date=today)
    [invitation] = invitations.invitations_send(
        request_id=request.pk, expert_ids=[expert_with_login().pk], by=coordinator()
    )
    return invitation, request


def another_accepts(request: InvolvementRequest) -> Invitation:
    [theirs] = invitations.invitations_send(
        request_id=request.pk, expert_ids=[ExpertByExperienceFactory().pk], by=coordinator()
    )
    return invitations.invitation_accept(invitation_id=theirs.pk)


def state_invited():
    return invited()[0]


def state_invited_when_the_places_are_taken():
    invitation, request = invited(places=1)
    another_accepts(request)
    return invitation


def state_invited_after_answers_closed():
    invitation, request = invited()
    InvolvementRequest.objects.filter(pk=request.pk).update(closing_date=days_ago(1))  # as if a day had passed
    return invitation


def state_accepted():
    invitation, _request = invited()
    return invitations.invitation_accept(invitation_id=invitation.pk)


def state_waiting():
    invitation, request = invited(places=1)
    another_accepts(request)
    return invitations.invitation_accept(invitation_id=invitation.pk)


def state_accepted_for_an_activity_that_has_taken_place():
    invitation = state_accepted()
    happened(invitation.request, days_ago(1))
    return invitation


def state_declined():
    invitation, _request = invited()
    return invitations.invitation_decline(invitation_id=invitation.pk)


def state_withdrawn():
    invitation = state_accepted()
    return invitations.invitation_withdraw(invitation_id=invitation.pk)


def state_called_off():
    invitation = state_accepted()
    request = invitation.request
    request_services.request_cancel(request_id=request.pk, by=request.requester, reason="The room was lost")
    return invitation


INVITATION_STATES = {
    "invited": (state_invited, {"accept", "decline"}),
    "invited, the places taken": (state_invited_when_the_places_are_taken, {"accept", "decline"}),
    "invited, answers closed": (state_invited_after_answers_closed, {"decline"}),
    "accepted": (state_accepted, {"give_up"}),
    "waiting": (state_waiting, {"give_up"}),
    "accepted, the activity over": (state_accepted_for_an_activity_that_has_taken_place, set()),
    "declined": (state_declined, set()),
    "withdrawn": (state_withdrawn, set()),
    "called off": (state_called_off, set()),
}

INVITATION_CALLS = {
    InvitationAction.ACCEPT: invitations.invitation_accept,
    InvitationAction.DECLINE: invitations.invitation_decline,
    InvitationAction.GIVE_UP: invitations.invitation_withdraw,
}


def fresh_invitation(invitation: Invitation) -> Invitation:
    return (
        Invitation.objects.select_related("expert", "request__activity_type")
        .prefetch_related("request__further_sessions")
        .get(pk=invitation.pk)
    )


@pytest.mark.parametrize("state", INVITATION_STATES)
def test_an_invitation_offers_what_its_services_accept(state):
    make, expected = INVITATION_STATES[state]
    invitation = fresh_invitation(make())
    people = {
        "the expert invited": invitation.expert.user,
        "another expert": expert_with_login().user,
        "a coordinator": coordinator(),
        "the requester": invitation.request.requester,
        "an admin": UserFactory(roles=[Role.ADMIN]),
    }
    found = {}
    for who, person in people.items():
        offered = names(allowed_invitation_actions(invitation, person))
        done = {
            str(action)
            for action, call in INVITATION_CALLS.items()
            if carried_out(lambda call=call, person=person: call(invitation_id=invitation.pk, by=person))
        }
        assert offered == done, (who, offered, done)
        if offered:
            found[who] = offered
    assert found == ({"the expert invited": expected} if expected else {})


@pytest.mark.parametrize("state", INVITATION_STATES)
def test_a_signed_link_or_the_network_acts_for_the_person_invited_by_the_same_table(state):
    make, expected = INVITATION_STATES[state]
    invitation = fresh_invitation(make())

    allowed = {str(row.action) for row in INVITATION_TRANSITIONS if row.allows(invitation, None)}
    done = {
        str(action)
        for action, call in INVITATION_CALLS.items()
        if carried_out(lambda call=call: call(invitation_id=invitation.pk))
    }

    assert allowed == done == expected


def portal_text(client, person) -> str:
    client.force_login(person)
    return client.get(reverse("together_network:portal")).content.decode()


def test_the_portal_offers_accept_and_decline_while_the_invitation_waits_for_an_answer(client):
    invitation = state_invited()

    page = portal_text(client, invitation.expert.user)

    assert reverse("together_network:accept", args=[invitation.pk]) in page and 'value="decline"' in page
    assert reverse("together_network:give_up", args=[invitation.pk]) not in page


@pytest.mark.parametrize("make", [state_accepted, state_waiting], ids=["accepted", "waiting"])
def test_the_portal_offers_to_give_up_a_place_or_a_spot_on_the_waiting_list(client, make):
    invitation = make()

    page = portal_text(client, invitation.expert.user)

    assert reverse("together_network:give_up", args=[invitation.pk]) in page
    assert reverse("together_network:accept", args=[invitation.pk]) not in page


def test_once_the_activity_is_over_there_is_no_place_to_give_up(client):
    invitation = state_accepted_for_an_activity_that_has_taken_place()
    client.force_login(invitation.expert.user)

    page = portal_text(client, invitation.expert.user)
    refused = client.get(reverse("together_network:give_up", args=[invitation.pk]), follow=True)

    assert reverse("together_network:give_up", args=[invitation.pk]) not in page
    assert "This activity has already taken place." in refused.content.decode()
    assert fresh_invitation(invitation).status == "accepted"


def test_someone_waiting_for_a_later_session_of_an_activity_already_begun_can_still_step_back(client):
    invitation = state_waiting()
    request = invitation.request
    InvolvementRequest.objects.filter(pk=request.pk).update(activity_date=days_ago(1), closing_date=days_ago(2))
    request.further_sessions.create(
        date=timezone.localdate() + datetime.timedelta(days=6), start_time=datetime.time(10), duration_minutes=60
    )

    page = portal_text(client, invitation.expert.user)

    assert reverse("together_network:give_up", args=[invitation.pk]) in page


# --- Payment claims ---------------------------------------------------------------------------------------


def claim_of(user) -> PaymentClaim:
    """A claim waiting for approval, with a travel expense on it, for someone with this login."""
    claim = claim_for(ExpertByExperienceFactory(user=user))
    expenses.expense_add(claim=claim, kind="travel", description="Bus fare", amount=Decimal("4.80"), by=user)
    return claim


def approve(claim, by=None):
    payment_services.claims_approve(claims=[claim], by=by or coordinator())


def pay(claim, by=None):
    payment_services.claims_mark_paid(
        claims=[claim], reference="BACS-1", paid_on=timezone.localdate(), by=by or coordinator()
    )


def reject(claim, by=None):
    payment_services.claim_reject(claim=claim, reason="Not this one", by=by or coordinator())


CLAIM_STATES = {
    "waiting for approval": [],
    "approved": [approve],
    "paid": [approve, pay],
    "not approved": [reject],
}


def try_claim_action(action: ClaimAction, claim: PaymentClaim, by) -> bool:
    if action == ClaimAction.APPROVE:
        return done_one(lambda: payment_services.claims_approve(claims=[claim], by=by))
    if action == ClaimAction.MARK_PAID:
        return done_one(
            lambda: payment_services.claims_mark_paid(
                claims=[claim], reference="BACS-2", paid_on=timezone.localdate(), by=by
            )
        )
    calls = {
        ClaimAction.REJECT: lambda: payment_services.claim_reject(claim=claim, reason="No receipt", by=by),
        ClaimAction.ADD_EXPENSE: lambda: expenses.expense_add(
            claim=claim, kind="travel", description="Taxi", amount=Decimal("9.00"), by=by
        ),
        ClaimAction.REMOVE_EXPENSE: lambda: expenses.expense_remove(expense=claim.expenses.get(), by=by),
    }
    return carried_out(calls[action])


def done_one(call) -> bool:
    """Approving and paying take several claims and skip what they may not change: done is one changed."""
    result = []
    carried_out(lambda: result.append(call()))
    return bool(result) and result[0].done == 1


def claim_people(claim: PaymentClaim) -> dict:
    return {
        "the claimant": claim.expert.user,
        "a coordinator": coordinator(),
        "finance (an admin)": UserFactory(roles=[Role.ADMIN]),
        "another expert": expert_with_login().user,
        "the requester": claim.attendance.invitation.request.requester,
    }


EXPECTED_FOR_CLAIMS = {
    "waiting for approval": {
        "the claimant": {"add_expense", "remove_expense"},
        "a coordinator": {"approve", "reject", "add_expense", "remove_expense"},
    },
    "approved": {"a coordinator": {"mark_paid"}, "finance (an admin)": {"mark_paid"}},
}


def assert_offered_is_accepted(claim: PaymentClaim, people: dict) -> dict:
    found = {}
    for who, person in people.items():
        offered = names(allowed_claim_actions(claim, person))
        done = {str(action) for action in ClaimAction if try_claim_action(action, claim, person)}
        assert offered == done, (who, offered, done)
        if offered:
            found[who] = offered
    return found


@pytest.mark.parametrize("state", CLAIM_STATES)
def test_a_claim_offers_what_its_services_accept(state):
    claim = claim_of(UserFactory(roles=[Role.EXPERT_BY_EXPERIENCE]))
    for step in CLAIM_STATES[state]:
        step(claim)
    claim = PaymentClaim.objects.select_related("expert", "attendance__invitation__request").get(pk=claim.pk)

    found = assert_offered_is_accepted(claim, claim_people(claim))

    assert found == EXPECTED_FOR_CLAIMS.get(state, {})


@pytest.mark.parametrize("state", ["waiting for approval", "approved"])
def test_a_coordinator_who_takes_part_is_offered_nothing_on_their_own_claim_but_its_expenses(state):
    both = UserFactory(roles=[Role.NETWORK_COORDINATOR, Role.EXPERT_BY_EXPERIENCE])
    claim = claim_of(both)
    for step in CLAIM_STATES[state]:
        step(claim)
    claim = PaymentClaim.objects.select_related("expert", "attendance__invitation__request").get(pk=claim.pk)

    found = assert_offered_is_accepted(claim, {"the coordinator claimant": both, "another coordinator": coordinator()})

    expected = {
        "waiting for approval": {
            "the coordinator claimant": {"add_expense", "remove_expense"},
            "another coordinator": {"approve", "reject", "add_expense", "remove_expense"},
        },
        "approved": {"another coordinator": {"mark_paid"}},
    }[state]
    assert found == expected


@pytest.mark.parametrize("state", CLAIM_STATES)
def test_the_claim_page_shows_the_allowed_actions(client, state):
    claim = claim_of(UserFactory(roles=[Role.EXPERT_BY_EXPERIENCE]))
    for step in CLAIM_STATES[state]:
        step(claim)
    claim = PaymentClaim.objects.select_related("expert").get(pk=claim.pk)
    person = coordinator()
    client.force_login(person)

    page = client.get(reverse("together_network:claim", args=[claim.pk])).content.decode()

    allowed = names(allowed_claim_actions(claim, person))
    assert ("Approve this claim" in page) == ("approve" in allowed)
    assert ("Turn it down" in page) == ("reject" in allowed)
    assert ("Add an expense" in page) == ("add_expense" in allowed)
    assert (">Remove<" in page) == ("remove_expense" in allowed)


@pytest.mark.parametrize("state", CLAIM_STATES)
def test_the_claimant_s_own_page_offers_expenses_only_while_the_claim_waits(client, state):
    user = UserFactory(roles=[Role.EXPERT_BY_EXPERIENCE])
    claim = claim_of(user)
    for step in CLAIM_STATES[state]:
        step(claim)
    client.force_login(user)

    page = client.get(reverse("together_network:portal_claim", args=[claim.pk])).content.decode()

    waiting = state == "waiting for approval"
    assert ("Add an expense" in page) == waiting
    assert (">Remove<" in page) == waiting


# --- Inviting people to a request ---------------------------------------------------------------------------


def open_request():
    today = timezone.localdate()
    return approved_request(activity_date=today, closing_date=today)


def filled_request():
    request = open_request()
    for _place in range(request.places_needed):
        another_accepts(request)
    return request


def answers_closed_request():
    request = open_request()
    InvolvementRequest.objects.filter(pk=request.pk).update(closing_date=days_ago(1))
    return request


def withdrawn_request():
    request = open_request()
    request_services.request_withdraw(request_id=request.pk, by=request.requester)
    return request


def waiting_request():
    return submitted_request()


REQUEST_STATES = {
    "open": (open_request, True),
    "filled": (filled_request, True),
    "open, answers closed": (answers_closed_request, False),
    "withdrawn": (withdrawn_request, False),
    "waiting for approval": (waiting_request, False),
}


@pytest.mark.parametrize("state", REQUEST_STATES)
def test_inviting_is_offered_to_coordinators_exactly_when_the_service_sends_invitations(client, state):
    make, coordinators_may = REQUEST_STATES[state]
    request = InvolvementRequest.objects.get(pk=make().pk)
    people = {"a coordinator": coordinator(), "the requester": request.requester}
    for who, person in people.items():
        offered = REQUEST_TRANSITIONS[RequestAction.INVITE].allows(request, person)
        done = carried_out(
            lambda person=person: invitations.invitations_send(
                request_id=request.pk, expert_ids=[ExpertByExperienceFactory().pk], by=person
            )
        )
        assert offered == done == (coordinators_may and who == "a coordinator"), who
    if state != "waiting for approval":  # a coordinator opens the match page once a request is approved
        client.force_login(people["a coordinator"])
        match_page = client.get(reverse("together_network:match", args=[request.pk]))
        assert match_page.context["can_invite"] == coordinators_may
        # The request's own page offers "Match and invite" exactly then too.
        request_page = client.get(reverse("involvement:detail", args=[request.pk])).content.decode()
        assert ("Match and invite" in request_page) == coordinators_may


def test_every_claim_action_and_invitation_action_has_a_row():
    assert {row.action for row in CLAIM_TRANSITIONS} == set(ClaimAction)
    assert {row.action for row in INVITATION_TRANSITIONS} == set(InvitationAction)
