"""`seed_demo --size N`: a trust's history built to the same rules as the services keep."""

import io
from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from demo import large
from involvement.models import InvolvementRequest, RequestEvent, Route, Status
from involvement.selectors import psw_time_booked
from involvement.transitions import TRANSITIONS
from peersupport.accounts.models import User
from together_network.models import ConsentRecord, Invitation, InvitationStatus, PaymentClaim
from workforce.models import PeerSupportWorker

pytestmark = pytest.mark.django_db

SIZE = "0.002"


@pytest.fixture
def seeded():
    call_command("seed_demo", "--size", SIZE, stdout=io.StringIO(), stderr=io.StringIO())
    return large.counts(float(SIZE))


def test_the_large_set_has_the_counts_of_its_size_and_a_second_run_adds_nothing(seeded):
    marked = User.objects.filter(email__endswith="@" + large.people.DOMAIN)
    assert seeded == {"teams": 1, "workers": 1, "experts": 20, "requests": 100}
    assert InvolvementRequest.objects.filter(requester__in=marked).count() == 100
    assert PeerSupportWorker.objects.filter(user__in=marked).count() == 1
    assert large.counts(1.0) == large.LARGE
    assert large.counts(0.01)["experts"] == 100
    before = (InvolvementRequest.objects.count(), Invitation.objects.count(), User.objects.count())
    out = io.StringIO()

    call_command("seed_demo", "--size", SIZE, stdout=out, stderr=io.StringIO())

    assert "already there: nothing added" in out.getvalue()
    assert (InvolvementRequest.objects.count(), Invitation.objects.count(), User.objects.count()) == before


def test_the_history_keeps_the_rules_of_requests_allowances_invitations_and_claims(seeded):
    """One seeding for every rule (the small demo under it takes most of the time)."""
    _every_request_status_is_where_its_timeline_ends_by_steps_the_table_allows()
    _no_peer_support_worker_is_over_their_allowance_in_any_month()
    _invitations_and_claims_follow_their_requests()


def _every_request_status_is_where_its_timeline_ends_by_steps_the_table_allows():
    requests = InvolvementRequest.objects.filter(requester__email__endswith=large.people.DOMAIN)
    timelines = defaultdict(list)
    for event in RequestEvent.objects.filter(request__in=requests).order_by("at", "pk"):
        timelines[event.request_id].append(event)
    assert {request.status for request in requests} >= {Status.CLOSED, Status.OPEN, Status.DECLINED}
    for request in requests:
        status = Status.DRAFT
        for event in timelines[request.pk]:
            assert event.from_status in {status, ""}, request
            if event.to_status != event.from_status and event.from_status:
                moved_by_table = any(
                    row.starts_from(event.from_status) and event.to_status in row.leads_to for row in TRANSITIONS
                )
                # What follows by itself: an approved network request opens; the last place fills it.
                opened = (event.from_status, event.to_status) == (Status.APPROVED, Status.OPEN)
                filled = (event.from_status, event.to_status) == (Status.OPEN, Status.FILLED)
                assert moved_by_table or opened or filled, (request, event)
            status = event.to_status
        assert status == request.status, request


def _no_peer_support_worker_is_over_their_allowance_in_any_month():
    booked = defaultdict(Decimal)
    for request in psw_time_booked().select_related("peer_support_worker"):
        booked[(request.peer_support_worker, request.activity_date.replace(day=1))] += request.psw_hours
    assert booked
    for (worker, _month), hours in booked.items():
        assert hours <= worker.monthly_allowance, worker


def _invitations_and_claims_follow_their_requests():
    invitations = Invitation.objects.filter(expert__email__endswith=large.people.DOMAIN).select_related(
        "request", "expert"
    )
    assert invitations.exists()
    for invitation in invitations:
        request, expert = invitation.request, invitation.expert
        assert request.route == Route.NETWORK
        assert expert.active_from <= invitation.invited_at.date() <= expert.consent_review_due
        if request.status in {Status.EXPIRED, Status.CANCELLED}:
            assert invitation.status in {InvitationStatus.CALLED_OFF, InvitationStatus.DECLINED}
    for request in InvolvementRequest.objects.filter(status__in=[Status.FILLED, Status.COMPLETED, Status.CLOSED]):
        if request.route == Route.NETWORK:
            places = request.invitations.filter(status=InvitationStatus.ACCEPTED).count()
            assert places == request.places_needed, request
    claims = PaymentClaim.objects.filter(expert__email__endswith=large.people.DOMAIN)
    assert claims.exists()
    assert not claims.exclude(attendance__invitation__request__status__in=[Status.COMPLETED, Status.CLOSED]).exists()
    assert not claims.filter(status="paid", approved_at__isnull=True).exists()
    assert ConsentRecord.objects.filter(expert__email__endswith=large.people.DOMAIN).exists()


def test_a_size_that_is_not_a_number_is_refused_with_what_to_enter():
    with pytest.raises(CommandError, match='Enter "large" or a number such as 0.01'):
        call_command("seed_demo", "--size", "huge")


def test_a_path_the_transitions_table_does_not_allow_is_refused_before_anything_is_written():
    from demo.large.paths import PathNotAllowed, walk
    from involvement.transitions import Action

    with pytest.raises(PathNotAllowed, match="complete from submitted"):
        walk(TRANSITIONS, Status.DRAFT, [(Action.SUBMIT, Status.SUBMITTED), (Action.COMPLETE, Status.COMPLETED)])
