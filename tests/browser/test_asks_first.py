"""In a real browser: consequential one-click actions ask first. An expert's "Accept" says what it
commits them to and repeats the earnings warning; a lead's "Send to the Together network instead"
shows what the network will be asked for and lets them change it. Every page has zero axe violations."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from playwright.sync_api import expect

from involvement.models import Route, Status
from involvement.tests.factories import approved_request, reload, submitted_request
from notifications.models import Notification
from peersupport.accounts.models import User
from together_network.models import EarningsPeriod, ExpertByExperience, InvitationStatus
from together_network.services import invitations
from workforce.tests.factories import PeerSupportWorkerFactory, TeamFactory

pytestmark = pytest.mark.browser

PANEL = "Earnings check interview panel"
SENT = "Carers' leaflet review"


def test_accepting_a_place_over_the_earnings_limit_asks_first_and_repeats_the_warning(
    page, demo_data, browser_login, assert_accessible
):
    eve = ExpertByExperience.objects.get(email="expert@example.org")
    eve.earnings_limit, eve.earnings_limit_period = Decimal("1.00"), EarningsPeriod.WEEK
    eve.save()
    request = approved_request(
        title=PANEL, activity_date=datetime.date.today() + datetime.timedelta(days=21), duration_minutes=120
    )
    coordinator = User.objects.get(email="coordinator@example.org")
    (sent,) = invitations.invitations_send(request_id=request.pk, expert_ids=[eve.pk], by=coordinator)

    browser_login(page, "expert@example.org", settings.DEMO_PASSWORD)
    page.goto("/network/my-involvement/")
    card = page.locator(".nhsuk-card", has=page.get_by_role("heading", name=PANEL))
    expect(card).to_contain_text("Your earnings limit")
    with page.expect_navigation():
        card.get_by_role("button", name=f"Accept {PANEL}").click()

    expect(page.get_by_role("heading", name="Accept this invitation?")).to_be_visible()
    expect(page.locator(".nhsuk-warning-callout", has_text="Your earnings limit")).to_contain_text(
        "may take your earnings over the limit you agreed"
    )
    assert_accessible(page)
    sent.refresh_from_db()
    assert sent.status == InvitationStatus.INVITED  # the page alone changes nothing

    page.get_by_role("button", name="Yes, accept the invitation").click()
    expect(page.get_by_text("Thank you for accepting.")).to_be_visible()
    sent.refresh_from_db()
    assert sent.status == InvitationStatus.ACCEPTED


def test_sending_to_the_network_shows_what_it_becomes_and_lets_the_lead_change_it(
    page, demo_data, browser_login, assert_accessible
):
    lead = User.objects.get(email="teamlead@example.org")
    request = submitted_request(
        title=SENT,
        route=Route.PSW,
        requesting_team=TeamFactory(leads=[lead]),
        peer_support_worker=PeerSupportWorkerFactory(team=TeamFactory(leads=[lead])),
        places_needed=1,
        payment="paid",
    )

    browser_login(page, "teamlead@example.org", settings.DEMO_PASSWORD)
    page.goto(f"/involvement/{request.pk}/decide/")
    with page.expect_navigation():
        page.get_by_role("button", name="Send to the Together network instead").click()

    expect(page.get_by_role("heading", name="Send this request to the Together network instead?")).to_be_visible()
    expect(page.get_by_label("How many people are needed?")).to_have_value("1")
    expect(page.get_by_label("Paid", exact=True)).to_be_checked()
    assert_accessible(page)
    assert reload(request).route == Route.PSW  # the page alone changes nothing

    page.get_by_label("How many people are needed?").fill("3")
    page.get_by_label("Voluntary").check()
    page.get_by_role("button", name="Send to the Together network").click()

    expect(page.get_by_text(f"'{SENT}' has been sent to the Together network instead.")).to_be_visible()
    request = reload(request)
    assert (request.route, request.status, request.places_needed, request.payment) == (
        Route.NETWORK,
        Status.OPEN,
        3,
        "voluntary",
    )
    email = Notification.objects.get(event="redirected", object_key__endswith=f":{request.pk}")
    assert "Places: 1 changed to 3" in email.body_text
