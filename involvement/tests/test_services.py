"""The request lifecycle, through the services every view, task and command calls.

Rules 1 to 4 of the product brief: network by default, the PSW exception, protected time and
approval; and the side exits (decline, withdraw, redirect, cancel, expire).
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from involvement import selectors
from involvement.models import InvolvementRequest, RequestEvent, Route, Status
from involvement.services import requests as services
from involvement.services.requests import AllowanceExceeded, TransitionNotAllowed
from involvement.tests.factories import (
    ActivityTypeFactory,
    InvolvementRequestFactory,
    approve_fully,
    approved_request,
    confirmed_request,
    days_from_today,
    make_team_lead,
    mid_month,
    reload,
    submitted_request,
)
from notifications.models import Notification
from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory
from workforce.tests.factories import PeerSupportWorkerFactory, TeamFactory

pytestmark = pytest.mark.django_db


def timeline(request) -> list[tuple[str, str]]:
    return list(request.events.order_by("at", "pk").values_list("from_status", "to_status"))


def last_event(request) -> RequestEvent:
    return request.events.order_by("at", "pk").last()


def told(event: str, request) -> list[str]:
    """Email addresses recorded for this event about this request."""
    return sorted(
        Notification.objects.filter(event=event, object_key=f"involvement.involvementrequest:{request.pk}").values_list(
            "recipient_email", flat=True
        )
    )


@pytest.fixture
def worker_with_login():
    """A PSW with a login, in a team led by their own team lead."""
    return PeerSupportWorkerFactory(
        user=UserFactory(roles=[Role.PEER_SUPPORT_WORKER]), team=TeamFactory(leads=[make_team_lead()])
    )


@pytest.fixture
def two_teams():
    """A requesting team and a PSW's team, each with its own lead."""
    team_lead, psw_team_lead = make_team_lead(), make_team_lead()
    requesting_team = TeamFactory(leads=[team_lead])
    worker = PeerSupportWorkerFactory(
        team=TeamFactory(leads=[psw_team_lead]), user=UserFactory(roles=[Role.PEER_SUPPORT_WORKER])
    )
    return requesting_team, team_lead, worker, psw_team_lead


# --- Routing (rule 1) -------------------------------------------------------------------------------


def test_a_new_request_is_a_draft_for_the_together_network_by_default():
    request = InvolvementRequestFactory()

    assert request.route == Route.NETWORK
    assert request.status == Status.DRAFT
    assert timeline(request) == [("", Status.DRAFT)]
    assert last_event(request).actor == request.requester


def test_a_network_request_keeps_no_peer_support_worker_details():
    worker = PeerSupportWorkerFactory()

    request = InvolvementRequestFactory(
        route=Route.NETWORK, peer_support_worker=worker, psw_reason="Knows the team", psw_hours=Decimal("3")
    )

    request = reload(request)
    assert request.peer_support_worker is None
    assert request.psw_reason == ""
    assert request.psw_hours is None


def test_changing_a_draft_to_the_network_clears_the_peer_support_worker_details():
    request = InvolvementRequestFactory(route=Route.PSW)

    services.request_update(request_id=request.pk, by=request.requester, fields={"route": Route.NETWORK})

    request = reload(request)
    assert (request.route, request.peer_support_worker, request.psw_reason, request.psw_hours) == (
        Route.NETWORK,
        None,
        "",
        None,
    )


def test_only_the_requester_can_change_their_draft():
    request = InvolvementRequestFactory()

    with pytest.raises(TransitionNotAllowed):
        services.request_update(request_id=request.pk, by=UserFactory(), fields={"title": "Taken over"})

    assert reload(request).title != "Taken over"


def test_a_submitted_request_can_no_longer_be_changed():
    request = submitted_request()

    with pytest.raises(TransitionNotAllowed):
        services.request_update(request_id=request.pk, by=request.requester, fields={"title": "Changed later"})


# --- Submitting ---------------------------------------------------------------------------------------


def test_submitting_sends_the_draft_for_approval():
    request = submitted_request()

    assert request.status == Status.SUBMITTED
    assert request.submitted_at is not None
    assert timeline(request) == [("", Status.DRAFT), (Status.DRAFT, Status.SUBMITTED)]
    assert last_event(request).actor == request.requester


def test_submitting_tells_each_approver_once_and_the_requester():
    lead_of_both, other_psw_lead = make_team_lead(), make_team_lead()
    requester = UserFactory(roles=[Role.REQUESTER, Role.TEAM_LEAD])
    requesting_team = TeamFactory(leads=[lead_of_both, requester])
    worker = PeerSupportWorkerFactory(team=TeamFactory(leads=[lead_of_both, other_psw_lead]))
    request = InvolvementRequestFactory(
        route=Route.PSW, requester=requester, requesting_team=requesting_team, peer_support_worker=worker
    )

    services.request_submit(request_id=request.pk, by=requester)

    assert told("approval_needed", request) == sorted([lead_of_both.email, other_psw_lead.email])
    assert told("submitted", request) == [requester.email]


def test_only_the_requester_can_submit_their_request():
    request = InvolvementRequestFactory(requesting_team=TeamFactory(leads=[make_team_lead()]))

    with pytest.raises(TransitionNotAllowed):
        services.request_submit(request_id=request.pk, by=request.requesting_team.leads.get())

    assert reload(request).status == Status.DRAFT


def test_a_request_is_submitted_only_once():
    request = submitted_request()

    with pytest.raises(TransitionNotAllowed):
        services.request_submit(request_id=request.pk, by=request.requester)

    assert timeline(request).count((Status.DRAFT, Status.SUBMITTED)) == 1


def test_a_request_nobody_else_can_approve_stays_a_draft():
    requester = UserFactory(roles=[Role.REQUESTER, Role.TEAM_LEAD])
    request = InvolvementRequestFactory(requester=requester, requesting_team=TeamFactory(leads=[requester]))

    with pytest.raises(TransitionNotAllowed, match="nobody can approve"):
        services.request_submit(request_id=request.pk, by=requester)

    assert reload(request).status == Status.DRAFT
    assert Notification.objects.count() == 0


def test_a_psw_request_is_not_submitted_when_only_the_requester_leads_the_requesting_team():
    requester = UserFactory(roles=[Role.REQUESTER, Role.TEAM_LEAD])
    worker = PeerSupportWorkerFactory(team=TeamFactory(leads=[make_team_lead()]))
    request = InvolvementRequestFactory(
        route=Route.PSW, requester=requester, requesting_team=TeamFactory(leads=[requester]), peer_support_worker=worker
    )

    with pytest.raises(TransitionNotAllowed, match="Nobody else leads the requesting team"):
        services.request_submit(request_id=request.pk, by=requester)

    assert reload(request).status == Status.DRAFT


def test_a_psw_request_is_not_submitted_when_only_the_requester_leads_the_psws_team():
    requester = UserFactory(roles=[Role.REQUESTER, Role.TEAM_LEAD])
    request = InvolvementRequestFactory(
        route=Route.PSW,
        requester=requester,
        requesting_team=TeamFactory(leads=[make_team_lead()]),
        peer_support_worker=PeerSupportWorkerFactory(team=TeamFactory(leads=[requester])),
    )

    with pytest.raises(TransitionNotAllowed, match="Nobody else leads the peer support worker's team"):
        services.request_submit(request_id=request.pk, by=requester)

    assert reload(request).status == Status.DRAFT


# --- Approval (rule 4) ----------------------------------------------------------------------------


def test_the_requesting_team_lead_approves_a_network_request_and_it_opens_for_the_network():
    lead = make_team_lead()
    request = submitted_request(team_lead=lead)

    services.request_approve(request_id=request.pk, by=lead)

    request = reload(request)
    assert request.status == Status.OPEN
    assert request.team_approved_by == lead
    assert timeline(request)[-2:] == [(Status.SUBMITTED, Status.APPROVED), (Status.APPROVED, Status.OPEN)]
    approved, opened = request.events.order_by("at", "pk")[2:]
    assert approved.actor == lead
    assert opened.actor is None  # the system opens it
    assert told("decision", request) == [request.requester.email]


def test_nobody_approves_a_request_they_raised():
    requester = UserFactory(roles=[Role.REQUESTER, Role.TEAM_LEAD])
    request = submitted_request(requester=requester, requesting_team=TeamFactory(leads=[requester, make_team_lead()]))

    with pytest.raises(TransitionNotAllowed, match="you raised"):
        services.request_approve(request_id=request.pk, by=requester)

    assert reload(request).status == Status.SUBMITTED


def test_a_lead_of_another_team_cannot_approve():
    request = submitted_request()
    other_lead = make_team_lead()
    TeamFactory(leads=[other_lead])

    with pytest.raises(TransitionNotAllowed):
        services.request_approve(request_id=request.pk, by=other_lead)

    request = reload(request)
    assert request.status == Status.SUBMITTED
    assert request.team_approved_at is None


def test_a_draft_cannot_be_approved():
    lead = make_team_lead()
    request = InvolvementRequestFactory(requesting_team=TeamFactory(leads=[lead]))

    with pytest.raises(TransitionNotAllowed):
        services.request_approve(request_id=request.pk, by=lead)


def test_a_psw_request_waits_for_the_psw_team_lead_after_the_requesting_team_approves(two_teams):
    requesting_team, team_lead, worker, psw_team_lead = two_teams
    request = submitted_request(route=Route.PSW, requesting_team=requesting_team, peer_support_worker=worker)

    services.request_approve(request_id=request.pk, by=team_lead)

    request = reload(request)
    assert request.status == Status.SUBMITTED
    assert request.team_approved_by == team_lead
    assert request.psw_approved_at is None
    note = last_event(request)
    assert (note.from_status, note.to_status, note.actor, note.note) == (
        Status.SUBMITTED,
        Status.SUBMITTED,
        team_lead,
        "Approved for the requesting team",
    )

    services.request_approve(request_id=request.pk, by=psw_team_lead)

    request = reload(request)
    assert request.status == Status.APPROVED
    assert request.psw_approved_by == psw_team_lead
    assert last_event(request).actor == psw_team_lead


def test_the_psw_team_lead_may_approve_first(two_teams):
    requesting_team, team_lead, worker, psw_team_lead = two_teams
    request = submitted_request(route=Route.PSW, requesting_team=requesting_team, peer_support_worker=worker)

    services.request_approve(request_id=request.pk, by=psw_team_lead)
    assert reload(request).status == Status.SUBMITTED
    assert last_event(request).note == "Approved for the peer support worker's time"

    services.request_approve(request_id=request.pk, by=team_lead)
    assert reload(request).status == Status.APPROVED


def test_a_lead_of_both_teams_approves_both_parts_in_one_decision():
    lead = make_team_lead()
    worker = PeerSupportWorkerFactory(team=TeamFactory(leads=[lead]))
    request = submitted_request(route=Route.PSW, requesting_team=TeamFactory(leads=[lead]), peer_support_worker=worker)

    services.request_approve(request_id=request.pk, by=lead)

    request = reload(request)
    assert request.status == Status.APPROVED
    assert request.team_approved_by == lead
    assert request.psw_approved_by == lead
    assert timeline(request)[-1] == (Status.SUBMITTED, Status.APPROVED)
    assert request.events.filter(from_status=Status.SUBMITTED).count() == 1


def test_a_lead_cannot_approve_the_same_part_twice(two_teams):
    requesting_team, team_lead, worker, _ = two_teams
    request = submitted_request(route=Route.PSW, requesting_team=requesting_team, peer_support_worker=worker)
    services.request_approve(request_id=request.pk, by=team_lead)

    with pytest.raises(TransitionNotAllowed):
        services.request_approve(request_id=request.pk, by=team_lead)


def test_approving_a_psw_request_asks_the_named_psw_to_confirm(worker_with_login):
    request = approved_request(route=Route.PSW, peer_support_worker=worker_with_login)

    assert request.status == Status.APPROVED
    assert told("psw_requested", request) == [worker_with_login.user.email]
    assert told("decision", request) == [request.requester.email]


def test_the_named_psw_is_asked_in_plain_english_whatever_the_kind_of_activity(worker_with_login):
    approved_request(
        route=Route.PSW,
        peer_support_worker=worker_with_login,
        title="Carers' group visit",
        activity_type=ActivityTypeFactory(name="Event or talk"),
    )

    asked = Notification.objects.get(event="psw_requested", recipient_email=worker_with_login.user.email)
    assert 'for "Carers\' group visit" (event or talk) on' in asked.body_text
    assert "a event" not in asked.body_text


# --- Protected time (rule 3) ------------------------------------------------------------------------


def psw_request_for(worker, *, hours, on=None, **fields) -> InvolvementRequest:
    """A submitted request for `worker`, from a team of its own with its own lead."""
    return submitted_request(
        route=Route.PSW,
        peer_support_worker=worker,
        psw_hours=Decimal(hours),
        activity_date=on or mid_month(1),
        **fields,
    )


def approve_psw_part(request) -> InvolvementRequest:
    lead = request.peer_support_worker.team.leads.first()
    services.request_approve(request_id=request.pk, by=lead)
    return reload(request)


def booked(worker, month_of) -> Decimal:
    return selectors.psw_hours_booked(peer_support_worker=worker, month_of=month_of)


def test_approval_over_allowance_is_refused_and_changes_nothing():
    worker = PeerSupportWorkerFactory(allowance_hours=Decimal("4"), team=TeamFactory(leads=[make_team_lead()]))
    approve_psw_part(psw_request_for(worker, hours="3"))
    request = psw_request_for(worker, hours="2")
    events_before, notifications_before = request.events.count(), Notification.objects.count()

    with pytest.raises(AllowanceExceeded) as refused:
        approve_psw_part(request)

    assert (refused.value.allowance, refused.value.booked, refused.value.asked, refused.value.left) == (
        Decimal("4"),
        Decimal("3"),
        Decimal("2"),
        Decimal("1"),
    )
    request = reload(request)
    assert request.status == Status.SUBMITTED
    assert request.psw_approved_at is None
    assert request.events.count() == events_before
    assert Notification.objects.count() == notifications_before
    assert booked(worker, mid_month(1)) == Decimal("3")


def test_approval_that_uses_exactly_the_allowance_is_allowed():
    worker = PeerSupportWorkerFactory(allowance_hours=Decimal("4"), team=TeamFactory(leads=[make_team_lead()]))
    approve_psw_part(psw_request_for(worker, hours="2.5"))

    request = approve_psw_part(psw_request_for(worker, hours="1.5"))

    assert request.psw_approved_at is not None
    assert booked(worker, mid_month(1)) == Decimal("4")


def test_an_allowance_of_zero_refuses_any_psw_involvement():
    worker = PeerSupportWorkerFactory(allowance_hours=Decimal("0"), team=TeamFactory(leads=[make_team_lead()]))

    with pytest.raises(AllowanceExceeded):
        approve_psw_part(psw_request_for(worker, hours="0.5"))


def test_a_psw_without_their_own_allowance_has_the_trust_wide_default(settings):
    settings.PSW_DEFAULT_MONTHLY_ALLOWANCE_HOURS = 3.0
    worker = PeerSupportWorkerFactory(allowance_hours=None, team=TeamFactory(leads=[make_team_lead()]))
    approve_psw_part(psw_request_for(worker, hours="3"))

    with pytest.raises(AllowanceExceeded) as refused:
        approve_psw_part(psw_request_for(worker, hours="0.5"))

    assert refused.value.allowance == Decimal("3")


def test_hours_count_against_the_month_of_the_activity_not_today():
    worker = PeerSupportWorkerFactory(allowance_hours=Decimal("4"), team=TeamFactory(leads=[make_team_lead()]))
    approve_psw_part(psw_request_for(worker, hours="3", on=mid_month(1)))

    later_month = approve_psw_part(psw_request_for(worker, hours="3", on=mid_month(2)))
    assert later_month.psw_approved_at is not None

    with pytest.raises(AllowanceExceeded):
        approve_psw_part(psw_request_for(worker, hours="2", on=mid_month(1) + datetime.timedelta(days=10)))
    assert booked(worker, timezone.localdate()) == Decimal("0")


def test_hours_count_once_the_psw_team_lead_approves_even_before_the_requesting_team(two_teams):
    requesting_team, _, worker, _ = two_teams
    worker.allowance_hours = Decimal("4")
    worker.save()
    approve_psw_part(psw_request_for(worker, hours="3", requesting_team=requesting_team))

    with pytest.raises(AllowanceExceeded):
        approve_psw_part(psw_request_for(worker, hours="2"))


def decline(request):
    lead = request.requesting_team.leads.first()
    services.request_decline(request_id=request.pk, by=lead, reason="Not in the budget this year")


def withdraw(request):
    services.request_withdraw(request_id=request.pk, by=request.requester)


def redirect(request):
    lead = request.requesting_team.leads.first()
    services.request_redirect_to_network(request_id=request.pk, by=lead)


def cancel(request):
    approve_fully(request)
    services.request_cancel(request_id=request.pk, by=request.requester, reason="The post was withdrawn")


@pytest.mark.parametrize("leave", [decline, withdraw, redirect, cancel], ids=lambda leave: leave.__name__)
def test_hours_are_released_when_the_request_leaves(leave):
    worker = PeerSupportWorkerFactory(allowance_hours=Decimal("4"), team=TeamFactory(leads=[make_team_lead()]))
    first = approve_psw_part(psw_request_for(worker, hours="3"))
    assert booked(worker, mid_month(1)) == Decimal("3")

    leave(first)

    assert booked(worker, mid_month(1)) == Decimal("0")
    assert approve_psw_part(psw_request_for(worker, hours="3")).psw_approved_at is not None


# --- Sending a PSW request to the network instead ---------------------------------------------------


def test_a_lead_of_both_teams_sends_a_psw_request_to_the_network_and_it_opens():
    lead = make_team_lead()
    worker = PeerSupportWorkerFactory(team=TeamFactory(leads=[lead]))
    request = submitted_request(route=Route.PSW, requesting_team=TeamFactory(leads=[lead]), peer_support_worker=worker)

    services.request_redirect_to_network(request_id=request.pk, by=lead)

    request = reload(request)
    assert request.route == Route.NETWORK
    assert request.status == Status.OPEN
    assert request.team_approved_by == lead
    assert request.psw_approved_at is None
    assert timeline(request)[-3:] == [
        (Status.SUBMITTED, Status.REDIRECTED),
        (Status.REDIRECTED, Status.APPROVED),
        (Status.APPROVED, Status.OPEN),
    ]
    assert [event.actor for event in request.events.order_by("at", "pk")][-3:] == [lead, lead, None]
    assert told("redirected", request) == [request.requester.email]


def test_the_psw_team_lead_alone_sends_it_back_for_the_requesting_team_to_approve(two_teams):
    requesting_team, team_lead, worker, psw_team_lead = two_teams
    request = submitted_request(route=Route.PSW, requesting_team=requesting_team, peer_support_worker=worker)

    services.request_redirect_to_network(request_id=request.pk, by=psw_team_lead)

    request = reload(request)
    assert (request.route, request.status) == (Route.NETWORK, Status.SUBMITTED)
    assert timeline(request)[-2:] == [(Status.SUBMITTED, Status.REDIRECTED), (Status.REDIRECTED, Status.SUBMITTED)]
    assert told("redirected", request) == [request.requester.email]

    services.request_approve(request_id=request.pk, by=team_lead)
    assert reload(request).status == Status.OPEN


def test_sending_to_the_network_after_the_requesting_team_approved_opens_it(two_teams):
    requesting_team, team_lead, worker, psw_team_lead = two_teams
    request = submitted_request(route=Route.PSW, requesting_team=requesting_team, peer_support_worker=worker)
    services.request_approve(request_id=request.pk, by=team_lead)

    services.request_redirect_to_network(request_id=request.pk, by=psw_team_lead)

    assert reload(request).status == Status.OPEN


def test_the_requester_is_told_their_redirected_request_is_approved_and_open():
    lead = make_team_lead()
    worker = PeerSupportWorkerFactory(team=TeamFactory(leads=[lead]))
    request = submitted_request(route=Route.PSW, requesting_team=TeamFactory(leads=[lead]), peer_support_worker=worker)

    services.request_redirect_to_network(request_id=request.pk, by=lead)

    email = Notification.objects.get(event="redirected")
    assert "It is approved and the Together network will now match and invite people" in email.body_text


def test_the_requester_is_told_their_redirected_request_waits_for_their_team_lead(two_teams):
    requesting_team, _, worker, psw_team_lead = two_teams
    request = submitted_request(route=Route.PSW, requesting_team=requesting_team, peer_support_worker=worker)

    services.request_redirect_to_network(request_id=request.pk, by=psw_team_lead)

    email = Notification.objects.get(event="redirected")
    assert "It now waits for your team lead's approval" in email.body_text


def test_only_a_psw_request_can_be_sent_to_the_network():
    lead = make_team_lead()
    request = submitted_request(team_lead=lead)

    with pytest.raises(TransitionNotAllowed):
        services.request_redirect_to_network(request_id=request.pk, by=lead)


def test_a_lead_of_neither_team_cannot_send_a_request_to_the_network():
    request = submitted_request(route=Route.PSW)

    with pytest.raises(TransitionNotAllowed):
        services.request_redirect_to_network(request_id=request.pk, by=make_team_lead())

    assert reload(request).route == Route.PSW


def test_the_requester_cannot_send_their_own_request_to_the_network():
    requester = UserFactory(roles=[Role.REQUESTER, Role.TEAM_LEAD])
    request = submitted_request(
        route=Route.PSW, requester=requester, requesting_team=TeamFactory(leads=[requester, make_team_lead()])
    )

    with pytest.raises(TransitionNotAllowed):
        services.request_redirect_to_network(request_id=request.pk, by=requester)


# --- Declining ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   "])
def test_declining_needs_a_reason(reason):
    lead = make_team_lead()
    request = submitted_request(team_lead=lead)

    with pytest.raises(TransitionNotAllowed, match="reason"):
        services.request_decline(request_id=request.pk, by=lead, reason=reason)

    assert reload(request).status == Status.SUBMITTED


def test_declining_records_the_reason_and_tells_the_requester():
    lead = make_team_lead()
    request = submitted_request(team_lead=lead)

    services.request_decline(request_id=request.pk, by=lead, reason="  Not in the budget this year ")

    request = reload(request)
    assert request.status == Status.DECLINED
    assert request.decision_reason == "Not in the budget this year"
    event = last_event(request)
    assert (event.from_status, event.to_status, event.actor, event.note) == (
        Status.SUBMITTED,
        Status.DECLINED,
        lead,
        "Not in the budget this year",
    )
    assert told("decision", request) == [request.requester.email]
    assert "Not in the budget this year" in Notification.objects.get(event="decision").body_text


def test_the_psw_team_lead_can_decline_a_psw_request(two_teams):
    requesting_team, _, worker, psw_team_lead = two_teams
    request = submitted_request(route=Route.PSW, requesting_team=requesting_team, peer_support_worker=worker)

    services.request_decline(request_id=request.pk, by=psw_team_lead, reason="Their caseload is full")

    assert reload(request).status == Status.DECLINED


def test_a_lead_of_another_team_cannot_decline():
    request = submitted_request()

    with pytest.raises(TransitionNotAllowed):
        services.request_decline(request_id=request.pk, by=make_team_lead(), reason="Not mine to say")

    assert reload(request).status == Status.SUBMITTED


# --- Withdrawing --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make", [InvolvementRequestFactory, submitted_request, approved_request], ids=["draft", "submitted", "open"]
)
def test_the_requester_can_withdraw_their_request(make):
    request = make()

    services.request_withdraw(request_id=request.pk, by=request.requester, reason="We found another way")

    request = reload(request)
    assert request.status == Status.WITHDRAWN
    event = last_event(request)
    assert (event.to_status, event.actor, event.note) == (Status.WITHDRAWN, request.requester, "We found another way")


def test_only_the_requester_can_withdraw():
    lead = make_team_lead()
    request = submitted_request(team_lead=lead)

    with pytest.raises(TransitionNotAllowed):
        services.request_withdraw(request_id=request.pk, by=lead)


def test_a_declined_request_cannot_be_withdrawn():
    lead = make_team_lead()
    request = submitted_request(team_lead=lead)
    services.request_decline(request_id=request.pk, by=lead, reason="Not this year")

    with pytest.raises(TransitionNotAllowed):
        services.request_withdraw(request_id=request.pk, by=request.requester)


def test_withdrawing_a_confirmed_psw_request_tells_the_psw(worker_with_login):
    request = confirmed_request(peer_support_worker=worker_with_login)

    services.request_withdraw(request_id=request.pk, by=request.requester, reason="The panel was postponed")

    assert worker_with_login.user.email in told("withdrawn", request)
    assert (
        "The panel was postponed"
        in Notification.objects.get(event="withdrawn", recipient=worker_with_login.user).body_text
    )


def test_withdrawing_a_request_waiting_for_approval_tells_the_leads_still_deciding(two_teams):
    requesting_team, team_lead, worker, psw_team_lead = two_teams
    request = submitted_request(route=Route.PSW, requesting_team=requesting_team, peer_support_worker=worker)

    services.request_withdraw(request_id=request.pk, by=request.requester)

    assert {team_lead.email, psw_team_lead.email} <= set(told("withdrawn", request))
    assert worker.user.email not in told("withdrawn", request)  # their lead never approved their time


def test_withdrawing_a_draft_tells_nobody():
    request = InvolvementRequestFactory(requesting_team=TeamFactory(leads=[make_team_lead()]))

    services.request_withdraw(request_id=request.pk, by=request.requester)

    assert Notification.objects.count() == 0


# --- Confirming (PSW route) --------------------------------------------------------------------------


def test_the_named_psw_confirms_and_the_requester_is_told(worker_with_login):
    request = approved_request(route=Route.PSW, peer_support_worker=worker_with_login)

    services.request_confirm(request_id=request.pk, by=worker_with_login.user)

    request = reload(request)
    assert request.status == Status.CONFIRMED
    assert last_event(request).actor == worker_with_login.user
    assert told("confirmed", request) == [request.requester.email]


def test_only_the_named_psw_can_confirm(worker_with_login):
    request = approved_request(route=Route.PSW, peer_support_worker=worker_with_login)
    another_worker = PeerSupportWorkerFactory(user=UserFactory(roles=[Role.PEER_SUPPORT_WORKER]))

    for someone_else in (another_worker.user, request.requester):
        with pytest.raises(TransitionNotAllowed):
            services.request_confirm(request_id=request.pk, by=someone_else)

    assert reload(request).status == Status.APPROVED


def test_a_psw_confirms_only_once_the_request_is_approved(worker_with_login):
    request = submitted_request(route=Route.PSW, peer_support_worker=worker_with_login)

    with pytest.raises(TransitionNotAllowed):
        services.request_confirm(request_id=request.pk, by=worker_with_login.user)


def test_a_network_request_is_not_confirmed_by_a_psw():
    request = approved_request()

    with pytest.raises(TransitionNotAllowed):
        services.request_confirm(request_id=request.pk, by=UserFactory(roles=[Role.PEER_SUPPORT_WORKER]))


# --- Cancelling -----------------------------------------------------------------------------------------


def test_the_requester_who_cancels_an_approved_psw_request_tells_the_psw_not_themself(worker_with_login):
    request = confirmed_request(peer_support_worker=worker_with_login)

    services.request_cancel(request_id=request.pk, by=request.requester, reason="The interviews moved online")

    request = reload(request)
    assert request.status == Status.CANCELLED
    assert last_event(request).note == "The interviews moved online"
    assert told("cancelled", request) == [worker_with_login.user.email]
    assert "The interviews moved online" in Notification.objects.filter(event="cancelled").first().body_text


def test_a_lead_of_the_requesting_team_can_cancel_and_the_requester_is_told():
    request = approved_request()
    lead = request.requesting_team.leads.get()

    services.request_cancel(request_id=request.pk, by=lead, reason="Budget withdrawn")

    request = reload(request)
    assert request.status == Status.CANCELLED
    assert last_event(request).actor == lead
    assert told("cancelled", request) == [request.requester.email]


def test_cancelling_needs_a_reason():
    request = approved_request()

    with pytest.raises(TransitionNotAllowed):
        services.request_cancel(request_id=request.pk, by=request.requester, reason=" ")

    assert reload(request).status == Status.OPEN


def test_someone_outside_the_request_cannot_cancel_it():
    request = approved_request()

    with pytest.raises(TransitionNotAllowed):
        services.request_cancel(request_id=request.pk, by=make_team_lead(), reason="Not mine")


def test_a_request_waiting_for_approval_is_withdrawn_not_cancelled():
    request = submitted_request()

    with pytest.raises(TransitionNotAllowed, match="withdraw"):
        services.request_cancel(request_id=request.pk, by=request.requester, reason="Changed our minds")


# --- After the activity ---------------------------------------------------------------------------------


def happening_today(**fields) -> dict:
    return {"activity_date": timezone.localdate(), "closing_date": timezone.localdate(), **fields}


def test_the_requester_completes_a_confirmed_request_once_the_activity_has_happened():
    request = confirmed_request(**happening_today())

    services.request_complete(request_id=request.pk, by=request.requester)

    request = reload(request)
    assert request.status == Status.COMPLETED
    assert last_event(request).actor == request.requester


def test_an_activity_still_to_come_cannot_be_completed():
    request = confirmed_request()

    with pytest.raises(TransitionNotAllowed, match="not happened"):
        services.request_complete(request_id=request.pk, by=request.requester)


def test_only_a_filled_or_confirmed_request_can_be_completed():
    request = approved_request(route=Route.PSW, **happening_today())

    with pytest.raises(TransitionNotAllowed):
        services.request_complete(request_id=request.pk, by=request.requester)


def test_only_the_requester_completes_the_request():
    request = confirmed_request(**happening_today())

    with pytest.raises(TransitionNotAllowed):
        services.request_complete(request_id=request.pk, by=request.requesting_team.leads.first())


def test_the_requester_closes_a_completed_request():
    request = confirmed_request(**happening_today())
    services.request_complete(request_id=request.pk, by=request.requester)

    services.request_close(request_id=request.pk, by=request.requester, note="We changed the interview questions")

    request = reload(request)
    assert request.status == Status.CLOSED
    event = last_event(request)
    assert (event.from_status, event.actor, event.note) == (
        Status.COMPLETED,
        request.requester,
        "We changed the interview questions",
    )


def test_a_request_is_closed_only_once_completed():
    request = confirmed_request(**happening_today())

    with pytest.raises(TransitionNotAllowed):
        services.request_close(request_id=request.pk, by=request.requester)


@pytest.fixture
def days_pass(monkeypatch):
    """Move the trust's "today" (timezone.localdate, which the services read) forward by some days."""
    real_localdate = timezone.localdate

    def move(days: int) -> None:
        monkeypatch.setattr(
            timezone, "localdate", lambda *args, **kwargs: real_localdate(*args, **kwargs) + datetime.timedelta(days)
        )

    return move


def closing_today() -> dict:
    return {"activity_date": days_from_today(3), "closing_date": timezone.localdate()}


def test_an_unfilled_request_expires_once_its_closing_date_has_passed(days_pass):
    request = approved_request(**closing_today())
    days_pass(1)

    services.request_expire(request_id=request.pk)

    request = reload(request)
    assert request.status == Status.EXPIRED
    event = last_event(request)
    assert (event.from_status, event.actor) == (Status.OPEN, None)


def test_a_request_waiting_for_approval_expires_too(days_pass):
    request = submitted_request(**closing_today())
    days_pass(1)

    services.request_expire(request_id=request.pk)

    assert reload(request).status == Status.EXPIRED


def test_a_request_does_not_expire_on_its_closing_date():
    request = approved_request(**closing_today())

    with pytest.raises(TransitionNotAllowed):
        services.request_expire(request_id=request.pk)


def test_a_confirmed_request_does_not_expire(days_pass):
    request = confirmed_request(**closing_today())
    days_pass(1)

    with pytest.raises(TransitionNotAllowed):
        services.request_expire(request_id=request.pk)


def test_a_draft_kept_past_its_closing_date_is_not_sent_for_approval(days_pass):
    request = InvolvementRequestFactory(
        requesting_team=TeamFactory(leads=[make_team_lead()]),
        activity_date=days_from_today(7),
        closing_date=days_from_today(3),
    )
    days_pass(10)

    with pytest.raises(TransitionNotAllowed):
        services.request_submit(request_id=request.pk, by=request.requester)


# --- The timeline (rule 10) ---------------------------------------------------------------------------


def test_a_whole_psw_journey_is_on_the_timeline_with_who_did_each_step(two_teams):
    requesting_team, team_lead, worker, psw_team_lead = two_teams
    request = InvolvementRequestFactory(
        route=Route.PSW, requesting_team=requesting_team, peer_support_worker=worker, **happening_today()
    )
    services.request_submit(request_id=request.pk, by=request.requester)
    services.request_approve(request_id=request.pk, by=team_lead)
    services.request_approve(request_id=request.pk, by=psw_team_lead)
    services.request_confirm(request_id=request.pk, by=worker.user)
    services.request_complete(request_id=request.pk, by=request.requester)
    services.request_close(request_id=request.pk, by=request.requester)

    steps = [(event.from_status, event.to_status, event.actor) for event in request.events.order_by("at", "pk")]

    assert steps == [
        ("", Status.DRAFT, request.requester),
        (Status.DRAFT, Status.SUBMITTED, request.requester),
        (Status.SUBMITTED, Status.SUBMITTED, team_lead),
        (Status.SUBMITTED, Status.APPROVED, psw_team_lead),
        (Status.APPROVED, Status.CONFIRMED, worker.user),
        (Status.CONFIRMED, Status.COMPLETED, request.requester),
        (Status.COMPLETED, Status.CLOSED, request.requester),
    ]
