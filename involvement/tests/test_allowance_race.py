"""Rule 3: two leads approving at the same moment must never push a PSW over their allowance.

Only PostgreSQL shows the race: SQLite takes one writer at a time, so the test skips there.
CI runs it against PostgreSQL (DATABASE_URL=postgres://...), where a skip would hide a broken
lock, so there it must run.
"""

import os
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from involvement import selectors
from involvement.models import Route, Status
from involvement.services import requests as services
from involvement.services.requests import AllowanceExceeded
from involvement.tests.factories import make_team_lead, mid_month, submitted_request
from workforce.tests.factories import PeerSupportWorkerFactory, TeamFactory

pytestmark = pytest.mark.django_db(transaction=True)

LEADS_RACING = 4
ROUNDS = 3


@pytest.fixture(autouse=True)
def _postgresql_only():
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        from tests.support.required import require

        require(connection.vendor == "postgresql", "DATABASE_URL names PostgreSQL but the tests are not using it")
    elif connection.vendor != "postgresql":
        pytest.skip("the allowance race needs PostgreSQL's row locks: set DATABASE_URL=postgres://...")


def race(approvals) -> list[object]:
    """Run each approval in its own thread and connection, all released at the same moment."""
    barrier = threading.Barrier(len(approvals))
    outcomes: list[object] = [None] * len(approvals)

    def run(index, approve):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = approve()
        except Exception as error:  # recorded and asserted on by the test
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index, approve)) for index, approve in enumerate(approvals)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "an approval never finished (deadlock?)"
    return outcomes


@pytest.mark.parametrize("round_number", range(1, ROUNDS + 1))
def test_leads_approving_at_the_same_moment_never_push_a_psw_over_their_allowance(round_number):
    allowance = Decimal("3")
    worker = PeerSupportWorkerFactory(allowance_hours=allowance, team=TeamFactory(leads=[make_team_lead()]))
    activity_date = mid_month(round_number)
    # Each request is for 2 of the 3 hours: any one fits, no two do. Each comes from its own team,
    # and a lead of both that team and the PSW's approves it: one decision, one lead per thread.
    requests, leads = [], []
    for _ in range(LEADS_RACING):
        lead = make_team_lead()
        worker.team.leads.add(lead)
        leads.append(lead)
        requests.append(
            submitted_request(
                route=Route.PSW,
                peer_support_worker=worker,
                psw_hours=Decimal("2"),
                activity_date=activity_date,
                requesting_team=TeamFactory(leads=[lead]),
                team_lead=lead,
            )
        )
    approvals = [
        lambda request=request, lead=lead: services.request_approve(request_id=request.pk, by=lead)
        for request, lead in zip(requests, leads, strict=True)
    ]

    outcomes = race(approvals)

    succeeded = [outcome for outcome in outcomes if not isinstance(outcome, Exception)]
    refused = [outcome for outcome in outcomes if isinstance(outcome, AllowanceExceeded)]
    unexpected = [outcome for outcome in outcomes if isinstance(outcome, Exception) and outcome not in refused]
    assert unexpected == []
    assert len(succeeded) == 1
    assert len(refused) == LEADS_RACING - 1
    assert selectors.psw_hours_booked(peer_support_worker=worker, month_of=activity_date) <= allowance
    for request in requests:
        request.refresh_from_db()
    assert sorted(request.status for request in requests) == sorted(
        [Status.APPROVED] + [Status.SUBMITTED] * (LEADS_RACING - 1)
    )
