"""Rule 6: people accepting the last place at the same moment are served one after the other.

Accepting locks the request's row, so exactly one person gets the place and everyone else joins
the waiting list, and the request is filled once. Only PostgreSQL shows the race (SQLite takes
one writer at a time), so the test skips elsewhere; CI runs it on PostgreSQL, where a skip would
hide a broken lock, so there it must run.
"""

import os
import threading

import pytest
from django.db import connection, connections

from involvement.models import RequestEvent, Status
from involvement.tests.factories import approved_request
from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory
from together_network.models import InvitationStatus
from together_network.services import invitations
from together_network.tests.factories import ExpertByExperienceFactory

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 3


@pytest.fixture(autouse=True)
def _postgresql_only():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    from tests.support.required import require

    require(connection.vendor == "postgresql", "DATABASE_URL names PostgreSQL but the tests are not using it")


def race(actions) -> list[object]:
    """Run each action in its own thread and connection, all released at the same moment."""
    barrier = threading.Barrier(len(actions))
    outcomes: list[object] = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = action()
        except Exception as error:  # recorded and asserted on by the test
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index, action)) for index, action in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "an acceptance never finished (deadlock?)"
    return outcomes


def one_place_left(people_racing: int):
    """An open request for two places, one already taken, and `people_racing` others invited."""
    coordinator = UserFactory(roles=[Role.NETWORK_COORDINATOR])
    request = approved_request(places_needed=2)
    experts = [ExpertByExperienceFactory() for _ in range(people_racing + 1)]
    sent = invitations.invitations_send(request_id=request.pk, expert_ids=[e.pk for e in experts], by=coordinator)
    first, *racing = sent
    assert invitations.invitation_accept(invitation_id=first.pk).status == InvitationStatus.ACCEPTED
    request.refresh_from_db()
    assert request.status == Status.OPEN
    return request, first, racing


def assert_one_gets_the_place_and_the_rest_wait(people_racing: int) -> None:
    request, first, racing = one_place_left(people_racing)
    acceptances = [
        lambda invitation=invitation: invitations.invitation_accept(invitation_id=invitation.pk)
        for invitation in racing
    ]

    outcomes = race(acceptances)

    errors = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    assert errors == []
    assert sorted(outcome.status for outcome in outcomes) == sorted(
        [InvitationStatus.ACCEPTED] + [InvitationStatus.WAITING] * (people_racing - 1)
    )
    for invitation in racing:
        invitation.refresh_from_db()
    stored = [invitation.status for invitation in racing]
    assert stored.count(InvitationStatus.ACCEPTED) == 1
    assert stored.count(InvitationStatus.WAITING) == people_racing - 1
    request.refresh_from_db()
    assert request.status == Status.FILLED
    assert RequestEvent.objects.filter(request=request, to_status=Status.FILLED).count() == 1
    assert request.invitations.filter(status=InvitationStatus.ACCEPTED).count() == request.places_needed


@pytest.mark.parametrize("round_number", range(1, ROUNDS + 1))
def test_two_people_accepting_the_last_place_at_the_same_moment_get_one_place_and_one_waiting_list_spot(round_number):
    assert_one_gets_the_place_and_the_rest_wait(2)


@pytest.mark.parametrize("round_number", range(1, ROUNDS + 1))
def test_five_people_accepting_the_last_place_at_the_same_moment_leave_four_on_the_waiting_list(round_number):
    assert_one_gets_the_place_and_the_rest_wait(5)
