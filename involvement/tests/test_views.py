"""The involvement pages as each role sees them: raising, following, deciding and listing requests."""

import calendar
import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from involvement.models import InvolvementRequest, RequestEvent, Route, Status
from involvement.services import requests as services
from involvement.tests.factories import (
    ActivityTypeFactory,
    InvolvementRequestFactory,
    LivedExperienceAreaFactory,
    SkillFactory,
    approved_request,
    date_parts,
    days_from_today,
    form_data,
    make_team_lead,
    mid_month,
    reload,
    submitted_request,
)
from involvement.views.requests import PAGE_SIZE
from notifications.models import Notification
from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory
from workforce.tests.factories import PeerSupportWorkerFactory, TeamFactory

pytestmark = pytest.mark.django_db


def detail_url(request) -> str:
    return reverse("involvement:detail", args=[request.pk])


def decide_url(request) -> str:
    return reverse("involvement:decide", args=[request.pk])


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def listed(response) -> list[InvolvementRequest]:
    return list(response.context["page"].object_list)


# --- Asking for involvement ---------------------------------------------------------------------------


def test_the_create_page_starts_on_the_together_network_and_explains_both_roles(client, login_as):
    login_as(Role.REQUESTER)

    response = client.get(reverse("involvement:create"))

    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<input type="radio" name="route" value="network"[^>]* checked', html)
    assert not re.search(r'<input type="radio" name="route" value="psw"[^>]* checked', html)
    assert "<strong>Experts by experience</strong> are members of the public" in html
    assert "<strong>Peer support workers</strong> are employed professionals" in html


def test_saving_a_draft_keeps_it_to_the_requester(client, login_as):
    requester = login_as(Role.REQUESTER)
    team = TeamFactory(leads=[make_team_lead()])

    response = client.post(reverse("involvement:create"), {**form_data(team=team.pk), "save_draft": "1"})

    request = InvolvementRequest.objects.get()
    assert response.status_code == 302
    assert response.url == detail_url(request)
    assert (request.status, request.route, request.requester) == (Status.DRAFT, Route.NETWORK, requester)
    assert Notification.objects.count() == 0
    assert messages_of(response) == ["Your request has been saved as a draft."]


def test_sending_for_approval_from_the_create_page_submits_and_tells_the_lead(client, login_as):
    login_as(Role.REQUESTER)
    lead = make_team_lead()
    team = TeamFactory(leads=[lead])

    response = client.post(reverse("involvement:create"), {**form_data(team=team.pk), "submit": "1"})

    request = InvolvementRequest.objects.get()
    assert response.url == detail_url(request)
    assert request.status == Status.SUBMITTED
    assert list(Notification.objects.filter(event="approval_needed").values_list("recipient", flat=True)) == [lead.pk]
    assert messages_of(response) == ["Your request has been sent for approval."]
    assert [(event.to_status, event.note) for event in request.events.order_by("pk")] == [
        (Status.SUBMITTED, "Sent for approval")
    ]  # sent at once: the timeline does not say "Draft saved"
    assert "Sent for approval" in client.get(detail_url(request)).content.decode()


def test_sending_for_approval_with_nobody_to_approve_saves_a_draft_and_says_why(client, login_as):
    login_as(Role.REQUESTER)

    response = client.post(reverse("involvement:create"), {**form_data(), "submit": "1"})

    request = InvolvementRequest.objects.get()
    assert request.status == Status.DRAFT
    assert list(request.events.values_list("note", flat=True)) == ["Draft saved"]
    assert response.url == detail_url(request)
    assert messages_of(response)[0].startswith("Saved as a draft. Nobody else leads the requesting team")


def test_a_psw_request_from_the_create_page_names_the_psw(client, login_as):
    login_as(Role.REQUESTER)
    worker = PeerSupportWorkerFactory(team=TeamFactory(leads=[make_team_lead()]))
    data = form_data(
        team=TeamFactory(leads=[make_team_lead()]).pk,
        route=Route.PSW,
        peer_support_worker=str(worker.pk),
        psw_reason="The panel is for a PSW post in this team.",
        psw_hours="2",
    )

    client.post(reverse("involvement:create"), {**data, "submit": "1"})

    request = InvolvementRequest.objects.get()
    assert (request.route, request.peer_support_worker, request.psw_hours, request.status) == (
        Route.PSW,
        worker,
        Decimal("2"),
        Status.SUBMITTED,
    )


@pytest.mark.parametrize("role", [Role.EXPERT_BY_EXPERIENCE, Role.PEER_SUPPORT_WORKER])
def test_people_who_do_not_raise_requests_cannot_open_the_create_page(client, login_as, role):
    login_as(role)

    assert client.get(reverse("involvement:create")).status_code == 403


def test_the_requester_sends_their_draft_for_approval_from_its_page(client):
    request = InvolvementRequestFactory(requesting_team=TeamFactory(leads=[make_team_lead()]))
    client.force_login(request.requester)

    response = client.post(reverse("involvement:submit", args=[request.pk]))

    assert response.url == detail_url(request)
    assert reload(request).status == Status.SUBMITTED


def test_nobody_else_can_send_a_draft_for_approval(client):
    lead = make_team_lead()
    request = InvolvementRequestFactory(requesting_team=TeamFactory(leads=[lead]))
    client.force_login(lead)

    assert client.post(reverse("involvement:submit", args=[request.pk])).status_code == 403
    assert reload(request).status == Status.DRAFT


def test_the_requester_withdraws_from_the_request_page(client):
    request = submitted_request()
    client.force_login(request.requester)

    client.post(reverse("involvement:withdraw", args=[request.pk]))

    assert reload(request).status == Status.WITHDRAWN


def test_the_named_psw_confirms_from_the_request_page(client):
    worker = PeerSupportWorkerFactory(
        user=UserFactory(roles=[Role.PEER_SUPPORT_WORKER]), team=TeamFactory(leads=[make_team_lead()])
    )
    request = approved_request(route=Route.PSW, peer_support_worker=worker)
    client.force_login(worker.user)

    page = client.get(detail_url(request)).content.decode()
    client.post(reverse("involvement:confirm", args=[request.pk]))

    assert "Confirm I will join" in page
    assert reload(request).status == Status.CONFIRMED


# --- Who sees a request ---------------------------------------------------------------------------------


@pytest.fixture
def psw_request():
    """A submitted request for a PSW (who has a login), from one team, for a PSW in another."""
    worker = PeerSupportWorkerFactory(
        user=UserFactory(roles=[Role.PEER_SUPPORT_WORKER]), team=TeamFactory(leads=[make_team_lead()])
    )
    return submitted_request(
        route=Route.PSW, requesting_team=TeamFactory(leads=[make_team_lead()]), peer_support_worker=worker
    )


def lead_of_another_team():
    lead = make_team_lead()
    TeamFactory(leads=[lead])
    return lead


VIEWERS = {
    "requester": lambda request: request.requester,
    "lead of the requesting team": lambda request: request.requesting_team.leads.get(),
    "lead of the psw's team": lambda request: request.peer_support_worker.team.leads.get(),
    "the named psw": lambda request: request.peer_support_worker.user,
    "another psw": lambda request: UserFactory(roles=[Role.PEER_SUPPORT_WORKER]),
    "peer support lead": lambda request: UserFactory(roles=[Role.PEER_SUPPORT_LEAD]),
    "network coordinator": lambda request: UserFactory(roles=[Role.NETWORK_COORDINATOR]),
    "another requester": lambda request: UserFactory(roles=[Role.REQUESTER]),
    "lead of another team": lambda request: lead_of_another_team(),
    "expert by experience": lambda request: UserFactory(roles=[Role.EXPERT_BY_EXPERIENCE]),
    "admin": lambda request: UserFactory(roles=[Role.ADMIN]),
}


@pytest.mark.parametrize(
    ("viewer", "status_code"),
    [
        ("requester", 200),
        ("lead of the requesting team", 200),
        ("lead of the psw's team", 200),
        ("the named psw", 200),
        ("another psw", 403),
        ("peer support lead", 200),
        ("network coordinator", 403),
        ("another requester", 403),
        ("lead of another team", 403),
        ("expert by experience", 403),
        ("admin", 200),
    ],
)
def test_who_sees_a_request_for_a_psw(client, psw_request, viewer, status_code):
    client.force_login(VIEWERS[viewer](psw_request))

    assert client.get(detail_url(psw_request)).status_code == status_code


@pytest.mark.parametrize(
    ("viewer", "waiting", "open"),
    [
        ("requester", 200, 200),
        ("lead of the requesting team", 200, 200),
        ("network coordinator", 403, 200),
        ("peer support lead", 403, 403),
        ("another psw", 403, 403),
        ("lead of another team", 403, 403),
        ("expert by experience", 403, 403),
    ],
)
def test_who_sees_a_network_request_before_and_after_approval(client, viewer, waiting, open):
    request = submitted_request()
    person = VIEWERS[viewer](request)
    client.force_login(person)

    assert client.get(detail_url(request)).status_code == waiting
    services.request_approve(request_id=request.pk, by=request.requesting_team.leads.get())
    assert client.get(detail_url(request)).status_code == open


def test_a_coordinator_does_not_see_a_network_request_withdrawn_before_approval(client):
    request = submitted_request()
    services.request_withdraw(request_id=request.pk, by=request.requester)
    client.force_login(UserFactory(roles=[Role.NETWORK_COORDINATOR]))

    assert client.get(detail_url(request)).status_code == 403


def test_a_coordinator_does_not_see_a_network_request_that_expired_before_approval(client):
    request = submitted_request(activity_date=days_from_today(2), closing_date=days_from_today(-1))
    services.request_expire(request_id=request.pk)
    client.force_login(UserFactory(roles=[Role.NETWORK_COORDINATOR]))

    assert client.get(detail_url(request)).status_code == 403
    assert listed(client.get(reverse("involvement:index"), {"scope": "network"})) == []


def test_a_coordinator_lists_the_network_requests_past_approval(client):
    waiting, open_request = submitted_request(), approved_request()
    withdrawn = submitted_request()
    services.request_withdraw(request_id=withdrawn.pk, by=withdrawn.requester)
    approved_psw_request = approved_request(route=Route.PSW)
    client.force_login(UserFactory(roles=[Role.NETWORK_COORDINATOR]))

    response = client.get(reverse("involvement:index"), {"scope": "network"})

    assert listed(response) == [open_request]
    assert not {waiting, withdrawn, approved_psw_request} & set(listed(response))


def test_a_missing_request_is_not_found(client, login_as):
    login_as(Role.REQUESTER)

    assert client.get(reverse("involvement:detail", args=[999999])).status_code == 404


def test_the_lead_sees_the_way_to_decide_and_the_requester_the_way_to_withdraw(client, psw_request):
    client.force_login(psw_request.requesting_team.leads.get())
    lead_page = client.get(detail_url(psw_request)).content.decode()
    client.force_login(psw_request.requester)
    requester_page = client.get(detail_url(psw_request)).content.decode()

    assert decide_url(psw_request) in lead_page
    assert "Withdraw request" not in lead_page
    assert decide_url(psw_request) not in requester_page
    assert "Withdraw request" in requester_page


def test_the_timeline_shows_who_did_what(client, psw_request):
    lead = psw_request.requesting_team.leads.get()
    services.request_approve(request_id=psw_request.pk, by=lead)
    client.force_login(psw_request.requester)

    html = client.get(detail_url(psw_request)).content.decode()

    assert "Approved for the requesting team" in html
    # Names are escaped in the page (a name like O'Brien becomes O&#x27;Brien).
    assert f"by {escape(lead.get_full_name())}" in html
    assert f"by {escape(psw_request.requester.get_full_name())}" in html


# --- Deciding -------------------------------------------------------------------------------------------


def test_the_lead_approves_from_the_decide_page(client):
    lead = make_team_lead()
    request = submitted_request(team_lead=lead)
    client.force_login(lead)

    response = client.post(decide_url(request), {"action": "approve"})

    assert response.status_code == 302
    assert response.url == detail_url(request)
    assert reload(request).status == Status.OPEN
    assert messages_of(response) == [f"You approved '{request.title}'."]


def test_declining_without_a_reason_shows_the_error_on_the_reason(client):
    lead = make_team_lead()
    request = submitted_request(team_lead=lead)
    client.force_login(lead)

    response = client.post(decide_url(request), {"action": "decline", "reason": "  "})

    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["form"].errors == {"reason": ["Give a reason for declining"]}
    assert '<a href="#id_reason">Give a reason for declining</a>' in html
    assert reload(request).status == Status.SUBMITTED


def test_declining_with_a_reason_declines_and_tells_the_requester(client):
    lead = make_team_lead()
    request = submitted_request(team_lead=lead)
    client.force_login(lead)

    response = client.post(decide_url(request), {"action": "decline", "reason": "Not in this year's budget"})

    assert response.url == detail_url(request)
    request = reload(request)
    assert (request.status, request.decision_reason) == (Status.DECLINED, "Not in this year's budget")
    assert Notification.objects.filter(event="decision", recipient=request.requester).exists()


@pytest.fixture
def over_allowance():
    """A PSW with 1 hour a month, asked for 2 hours by a team whose lead also leads the PSW's team."""
    lead = make_team_lead()
    worker = PeerSupportWorkerFactory(allowance_hours=Decimal("1"), team=TeamFactory(leads=[lead]))
    request = submitted_request(
        route=Route.PSW,
        requesting_team=TeamFactory(leads=[lead]),
        peer_support_worker=worker,
        psw_hours=Decimal("2"),
        activity_date=mid_month(1),
    )
    return request, lead


def test_the_decide_page_shows_the_psws_protected_time(client, over_allowance):
    request, lead = over_allowance
    client.force_login(lead)

    response = client.get(decide_url(request))

    assert response.status_code == 200
    html = response.content.decode()
    assert "(the activity&#x27;s month)" in html or "(the activity's month)" in html
    assert [position.month for position in response.context["positions"]][-1] == mid_month(1).replace(day=1)
    assert "This request asks for 2 hours." in html


def test_an_activity_this_month_is_one_row_named_for_both(client, over_allowance):
    request, lead = over_allowance
    today = datetime.date.today()
    request.activity_date = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    request.save(update_fields=["activity_date"])
    client.force_login(lead)

    html = client.get(decide_url(request)).content.decode().replace("&#x27;", "'")

    assert f"{today:%B %Y} (this month and the activity's month)" in html
    assert "(this month) (the activity's month)" not in html


def test_approval_over_allowance_offers_network_route(client, over_allowance):
    request, lead = over_allowance
    client.force_login(lead)

    response = client.post(decide_url(request), {"action": "approve"})

    assert response.status_code == 409
    html = response.content.decode()
    assert '<a href="#send-to-network">Send it to the Together network instead</a>' in html
    assert 'id="send-to-network"' in html
    assert 'value="approve"' not in html
    month = f"{request.activity_date:%B %Y}"
    assert f"has 1 hour of involvement time left in {month}, out of 1 hour. This request needs 2 hours." in html
    assert reload(request).status == Status.SUBMITTED


def test_sending_to_the_network_from_the_over_allowance_page_asks_first(client, over_allowance):
    request, lead = over_allowance
    client.force_login(lead)
    client.post(decide_url(request), {"action": "approve"})

    response = client.post(decide_url(request), {"action": "redirect"})

    assert response.status_code == 302
    assert response.url == send_to_network_url(request)
    assert (reload(request).route, reload(request).status) == (Route.PSW, Status.SUBMITTED)

    response = client.post(send_to_network_url(request), {"places_needed": "1", "payment": "paid"})

    assert response.status_code == 302
    assert response.url == detail_url(request)
    request = reload(request)
    assert (request.route, request.status) == (Route.NETWORK, Status.OPEN)
    assert messages_of(response)[-1] == f"'{request.title}' has been sent to the Together network instead."


def send_to_network_url(request) -> str:
    return reverse("involvement:send_to_network", args=[request.pk])


def test_the_send_to_network_page_says_what_will_happen_and_changes_nothing(client, over_allowance):
    request, lead = over_allowance
    anxiety = LivedExperienceAreaFactory(name="Anxiety")
    request.lived_experience_areas.set([anxiety])
    client.force_login(lead)

    response = client.get(send_to_network_url(request))

    assert response.status_code == 200
    html = re.sub(r"\s+", " ", response.content.decode())
    assert "Send this request to the Together network instead?" in html
    assert f"It will no longer ask for {request.peer_support_worker}" in html
    assert "Your decision approves it for the network" in html
    assert "Keep it with the peer support worker" in html
    assert response.context["form"]["places_needed"].value() == request.places_needed
    assert response.context["form"]["payment"].value() == "paid"
    assert list(response.context["form"]["lived_experience_areas"].value()) == [anxiety.pk]
    request = reload(request)
    assert (request.route, request.status) == (Route.PSW, Status.SUBMITTED)
    assert not Notification.objects.filter(event="redirected").exists()


def test_the_lead_changes_what_the_network_is_asked_for_and_the_requester_is_told(
    client, over_allowance, django_capture_on_commit_callbacks
):
    request, lead = over_allowance
    anxiety, psychosis = LivedExperienceAreaFactory(name="Anxiety"), LivedExperienceAreaFactory(name="Psychosis")
    request.lived_experience_areas.set([anxiety])
    client.force_login(lead)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            send_to_network_url(request),
            {"places_needed": "3", "payment": "voluntary", "lived_experience_areas": [anxiety.pk, psychosis.pk]},
        )

    assert response.status_code == 302
    request = reload(request)
    assert (request.route, request.status, request.places_needed, request.payment) == (
        Route.NETWORK,
        Status.OPEN,
        3,
        "voluntary",
    )
    assert sorted(area.name for area in request.lived_experience_areas.all()) == ["Anxiety", "Psychosis"]
    email = Notification.objects.get(event="redirected")
    assert email.recipient_email == request.requester.email
    assert "- 3 places" in email.body_text
    assert "- Voluntary" in email.body_text
    assert "Lived experience wanted: Anxiety, Psychosis" in email.body_text
    assert "Your team lead changed this when sending it:" in email.body_text
    assert "Places: 2 changed to 3" in email.body_text
    assert "Paid or voluntary: paid changed to voluntary" in email.body_text
    assert "Lived experience wanted: Anxiety changed to Anxiety, Psychosis" in email.body_text
    assert RequestEvent.objects.filter(request=request, note__startswith="Changed for the Together network").exists()


def test_the_send_to_network_page_needs_at_least_one_place(client, over_allowance):
    request, lead = over_allowance
    client.force_login(lead)

    response = client.post(send_to_network_url(request), {"places_needed": "0", "payment": "paid"})

    assert response.status_code == 200
    assert response.context["form"].errors["places_needed"]
    assert reload(request).route == Route.PSW


def test_only_a_lead_the_request_waits_for_can_send_it_to_the_network(client, over_allowance):
    request, _lead = over_allowance
    client.force_login(request.requester)

    assert client.get(send_to_network_url(request)).status_code == 403
    assert client.post(send_to_network_url(request), {"places_needed": "1", "payment": "paid"}).status_code == 403
    assert reload(request).route == Route.PSW


def test_the_requester_cannot_decide_on_their_own_request_even_as_a_lead(client):
    requester = UserFactory(roles=[Role.REQUESTER, Role.TEAM_LEAD])
    request = submitted_request(requester=requester, requesting_team=TeamFactory(leads=[requester, make_team_lead()]))
    client.force_login(requester)

    assert client.get(decide_url(request)).status_code == 403
    assert client.post(decide_url(request), {"action": "approve"}).status_code == 403
    assert reload(request).status == Status.SUBMITTED


def test_a_lead_of_another_team_cannot_open_the_decide_page(client):
    request = submitted_request()
    client.force_login(lead_of_another_team())

    assert client.get(decide_url(request)).status_code == 403


def test_a_request_already_decided_sends_the_lead_back_to_its_page(client):
    request = approved_request()
    client.force_login(request.requesting_team.leads.get())

    response = client.get(decide_url(request))

    assert response.url == detail_url(request)
    assert messages_of(response) == ["This request is not waiting for approval."]


# --- The list of requests ---------------------------------------------------------------------------


def test_a_lead_sees_what_waits_for_their_approval(client):
    lead = UserFactory(roles=[Role.REQUESTER, Role.TEAM_LEAD])
    team = TeamFactory(leads=[lead, make_team_lead()])
    waiting = submitted_request(requesting_team=team)
    for_their_psw = submitted_request(
        route=Route.PSW, peer_support_worker=PeerSupportWorkerFactory(team=TeamFactory(leads=[lead]))
    )
    their_own = submitted_request(requester=lead, requesting_team=team)
    draft = InvolvementRequestFactory(requesting_team=team)
    another_team = submitted_request()
    already_open = approved_request(requesting_team=team)
    client.force_login(lead)

    response = client.get(reverse("involvement:index"), {"scope": "approve"})

    assert response.context["scope"] == "approve"
    assert set(listed(response)) == {waiting, for_their_psw}
    assert not {their_own, draft, another_team, already_open} & set(listed(response))


def test_a_part_the_lead_has_approved_leaves_their_approvals(client, psw_request):
    lead = psw_request.requesting_team.leads.get()
    services.request_approve(request_id=psw_request.pk, by=lead)
    client.force_login(lead)

    assert listed(client.get(reverse("involvement:index"), {"scope": "approve"})) == []


def test_someone_without_approvals_gets_their_own_requests_instead(client, login_as):
    requester = login_as(Role.REQUESTER)
    own = InvolvementRequestFactory(requester=requester)
    submitted_request()

    response = client.get(reverse("involvement:index"), {"scope": "approve"})

    assert response.context["scope"] == "mine"
    assert listed(response) == [own]


def test_the_list_filters_by_status_activity_and_route(client, login_as):
    requester = login_as(Role.REQUESTER)
    panel, focus_group = ActivityTypeFactory(name="Interview panel"), ActivityTypeFactory(name="Focus group")
    draft_panel = InvolvementRequestFactory(requester=requester, activity_type=panel)
    submitted_focus_group = submitted_request(requester=requester, activity_type=focus_group)
    psw_panel = InvolvementRequestFactory(requester=requester, activity_type=panel, route=Route.PSW)
    url = reverse("involvement:index")

    assert listed(client.get(url, {"status": Status.SUBMITTED})) == [submitted_focus_group]
    assert set(listed(client.get(url, {"activity_type": panel.pk}))) == {draft_panel, psw_panel}
    assert listed(client.get(url, {"route": Route.PSW})) == [psw_panel]
    assert listed(client.get(url, {"route": Route.NETWORK, "activity_type": panel.pk})) == [draft_panel]
    empty = client.get(url, {"status": Status.CLOSED})
    assert "There are no requests here that match these filters." in empty.content.decode()


def test_a_mistyped_activity_filter_still_shows_the_list(client, login_as):
    requester = login_as(Role.REQUESTER)
    InvolvementRequestFactory(requester=requester)

    # "²" is a digit to str.isdigit(), not to int(); the long number is too large for the database.
    for mistyped in ("panel", "²", "99999999999999999999999"):
        response = client.get(reverse("involvement:index"), {"activity_type": mistyped})

        assert response.status_code == 200
        assert len(listed(response)) == 1


def test_the_list_sorts_by_the_activity_date_or_by_when_raised(client, login_as):
    requester = login_as(Role.REQUESTER)
    sooner = InvolvementRequestFactory(requester=requester, activity_date=days_from_today(10))
    later = InvolvementRequestFactory(requester=requester, activity_date=days_from_today(40))
    url = reverse("involvement:index")

    assert listed(client.get(url, {"sort": "soonest"})) == [sooner, later]
    assert listed(client.get(url, {"sort": "newest"})) == [later, sooner]
    assert listed(client.get(url, {"sort": "not-a-sort"})) == [later, sooner]


def test_the_list_pages_and_keeps_its_filters(client, login_as):
    requester = login_as(Role.REQUESTER)
    InvolvementRequestFactory.create_batch(PAGE_SIZE + 5, requester=requester)

    first = client.get(reverse("involvement:index"), {"route": Route.NETWORK})
    second = client.get(reverse("involvement:index"), {"route": Route.NETWORK, "page": 2})

    assert len(listed(first)) == PAGE_SIZE
    assert len(listed(second)) == 5
    assert not set(listed(first)) & set(listed(second))
    html = first.content.decode()
    assert f"{PAGE_SIZE + 5} requests" in html
    assert "?scope=mine&amp;sort=newest&amp;route=network&amp;page=2" in html


# --- Query counts: the same for 10 rows as for 200 ---------------------------------------------------------


def count_queries(client, url) -> int:
    client.get(url)  # warm process-wide caches (content types) before counting
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def assert_same_queries(client, url, expected, django_assert_num_queries):
    client.get(url)
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200


def add_requests(requester, count):
    """Half to the network, half for PSWs; each from its own team in its own service."""
    InvolvementRequestFactory.create_batch(count // 2, requester=requester)
    InvolvementRequestFactory.create_batch(count - count // 2, requester=requester, route=Route.PSW)


def test_the_list_makes_the_same_queries_for_10_requests_as_for_200(client, login_as, django_assert_num_queries):
    requester = login_as(Role.REQUESTER)
    add_requests(requester, 10)
    url = reverse("involvement:index")
    with_10 = count_queries(client, url)

    add_requests(requester, 190)

    assert_same_queries(client, url, with_10, django_assert_num_queries)


def test_the_approvals_list_makes_the_same_queries_for_10_requests_as_for_200(client, django_assert_num_queries):
    lead = make_team_lead()
    team = TeamFactory(leads=[lead])
    psw_team = TeamFactory(leads=[lead])
    client.force_login(lead)

    def add(count):
        for index in range(count):
            if index % 2:
                worker = PeerSupportWorkerFactory(team=psw_team)
                submitted_request(route=Route.PSW, peer_support_worker=worker)
            else:
                submitted_request(requesting_team=team)

    add(10)
    url = reverse("involvement:index") + "?scope=approve"
    with_10 = count_queries(client, url)

    add(190)

    assert_same_queries(client, url, with_10, django_assert_num_queries)


def grow(request, count):
    """More of everything the request's pages show: wanted areas and skills, timeline entries, leads."""
    request.lived_experience_areas.add(*LivedExperienceAreaFactory.create_batch(count))
    request.skills.add(*SkillFactory.create_batch(count))
    people = UserFactory.create_batch(count, roles=[Role.TEAM_LEAD])
    request.requesting_team.leads.add(*people)
    RequestEvent.objects.bulk_create(
        RequestEvent(request=request, from_status=request.status, to_status=request.status, actor=person, note="Noted")
        for person in people
    )


def test_the_request_page_makes_the_same_queries_for_10_rows_as_for_200(client, psw_request, django_assert_num_queries):
    client.force_login(psw_request.requester)
    grow(psw_request, 10)
    url = detail_url(psw_request)
    with_10 = count_queries(client, url)

    grow(psw_request, 190)

    assert_same_queries(client, url, with_10, django_assert_num_queries)


def test_the_decide_page_makes_the_same_queries_for_10_rows_as_for_200(client, django_assert_num_queries):
    lead = make_team_lead()
    worker = PeerSupportWorkerFactory(allowance_hours=Decimal("999"), team=TeamFactory(leads=[lead]))
    team = TeamFactory(leads=[lead])
    request = submitted_request(
        route=Route.PSW, requesting_team=team, peer_support_worker=worker, activity_date=mid_month(1)
    )

    def book(count):
        """Other requests for the same PSW, approved, this month and in the activity's month."""
        for index in range(count):
            on = mid_month(1) if index % 2 else timezone.localdate()
            approved_request(route=Route.PSW, peer_support_worker=worker, psw_hours=Decimal("0.5"), activity_date=on)

    client.force_login(lead)
    grow(request, 10)
    book(10)
    url = decide_url(request)
    with_10 = count_queries(client, url)

    grow(request, 190)
    book(190)

    assert_same_queries(client, url, with_10, django_assert_num_queries)


@pytest.mark.parametrize("made, link", [(5, False), (7, True)])
def test_the_requesters_home_links_to_all_their_requests_when_it_shows_only_some(client, login_as, made, link):
    requester = login_as(Role.REQUESTER)
    for _ in range(made):
        InvolvementRequestFactory(requester=requester)

    page = client.get(reverse("home")).content.decode()

    assert (f"View all your requests ({made})" in page) is link
    if link:
        assert f'href="{reverse("involvement:index")}?scope=mine"' in page


def test_a_peer_support_workers_requests_list_opens_on_the_requests_that_name_them(client, login_as):
    from involvement.selectors import scopes_for

    worker = login_as(Role.PEER_SUPPORT_WORKER)
    both = UserFactory()
    both.groups.add(*login_as(Role.REQUESTER, Role.PEER_SUPPORT_WORKER).groups.all())
    client.force_login(worker)

    assert scopes_for(worker)[0] == ("named", "Requests that name you")
    assert scopes_for(both)[0] == ("mine", "Your requests")
    assert client.get(reverse("involvement:index")).context["scope"] == "named"


def test_the_request_form_asks_before_saving_an_activity_on_a_bank_holiday(client, login_as):
    login_as(Role.REQUESTER)
    day = datetime.date(2027, 12, 27)  # Christmas Day's substitute day
    data = form_data(activity_date=day, closing_date=day - datetime.timedelta(days=7), submit="1", on_bank_holiday=None)

    response = client.post(reverse("involvement:create"), data)

    assert response.status_code == 200
    assert not InvolvementRequest.objects.exists()  # nothing saved until they say so
    said = response.context["form"].errors["on_bank_holiday"]
    assert said == [
        "This date is a bank holiday in England: 27 December 2027 (Christmas Day (substitute day)). "
        "Change the date, or tick the box if the activity runs on a bank holiday"
    ]
    html = response.content.decode()
    assert '<a href="#id_on_bank_holiday">' in html  # listed in the error summary, linked to the box
    assert 'value="Ward manager interview panel"' in html  # nothing typed is lost

    response = client.post(reverse("involvement:create"), {**data, "on_bank_holiday": "on"})

    assert response.status_code == 302
    assert InvolvementRequest.objects.get().activity_date == day


def test_the_bank_holiday_question_covers_further_sessions_and_is_not_asked_on_other_days(client, login_as):
    login_as(Role.REQUESTER)
    first = datetime.date(2028, 4, 12)
    data = form_data(activity_date=first, closing_date=first - datetime.timedelta(days=7), on_bank_holiday=None)
    data.update(
        {
            "sessions-TOTAL_FORMS": "2",
            "sessions-INITIAL_FORMS": "0",
            "sessions-0-start_time": "10:00",
            "sessions-0-duration_minutes": "120",
            **date_parts("sessions-0-date", datetime.date(2028, 4, 14)),
        }
    )

    asked = client.post(reverse("involvement:create"), data)

    assert "14 April 2028 (Good Friday)" in asked.context["form"].errors["on_bank_holiday"][0]
    data["sessions-0-date_day"] = "13"  # the Thursday before
    assert client.post(reverse("involvement:create"), data).status_code == 302
    assert InvolvementRequest.objects.get().activity_date == first


@pytest.mark.parametrize("sent", ["I have leave\x00 that day", "Away\x1b", "x" * 2001])
def test_a_peer_support_workers_reason_with_hidden_characters_is_refused_with_a_message(client, sent):
    from involvement.tests.factories import approved_request as approved

    request = approved(route=Route.PSW)
    worker = request.peer_support_worker
    worker.user = UserFactory(roles=[Role.PEER_SUPPORT_WORKER])
    worker.save(update_fields=["user"])
    client.force_login(worker.user)

    response = client.post(reverse("involvement:psw_decline", args=[request.pk]), {"reason": sent})

    assert response.status_code == 302
    assert reload(request).status == Status.APPROVED  # nothing changed
    said = messages_of(client.get(response.url))
    assert any(message.startswith("Reason must") for message in said), said
