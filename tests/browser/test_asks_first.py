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


# --- By keyboard alone: the confirmations are reached with Tab and answered with Enter ------------------

WITHDRAWN = "Peer mentoring focus group"
CANCELLED = "Recovery college course review"


FOCUS_SHOWN = """element => {
    const style = getComputedStyle(element);
    return style.outlineStyle !== 'none' || style.boxShadow !== 'none';
}"""


def tab_to(page, target, limit: int = 80) -> None:
    """Press Tab until `target` has the focus, as someone without a mouse would; fail if it never does."""
    page.locator("body").focus()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            outline = target.evaluate(FOCUS_SHOWN)
            assert outline, f"the focused {target} shows no focus indicator"
            return
    raise AssertionError(f"{target} cannot be reached with the Tab key within {limit} presses")


def press(page, target) -> None:
    tab_to(page, target)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_withdrawing_a_request_asks_first_says_who_is_told_and_can_be_kept(
    page, demo_data, browser_login, assert_accessible
):
    rebecca = User.objects.get(email="requester@example.org")
    lead = User.objects.get(email="teamlead@example.org")
    request = submitted_request(title=WITHDRAWN, requester=rebecca, requesting_team=TeamFactory(leads=[lead]))

    browser_login(page, "requester@example.org", settings.DEMO_PASSWORD)
    page.goto(f"/involvement/{request.pk}/")
    press(
        page, page.get_by_role("link", name="Withdraw request").or_(page.get_by_role("button", name="Withdraw request"))
    )

    expect(page.get_by_role("heading", name="Withdraw this request?")).to_be_visible()
    expect(page.locator(".nhsuk-warning-callout")).to_contain_text("the leads still deciding on it")
    expect(page.locator(".nhsuk-warning-callout")).to_contain_text("It cannot be undone")
    assert_accessible(page)
    assert reload(request).status == Status.SUBMITTED  # the page alone changes nothing

    # "Keep it" goes back and changes nothing.
    press(page, page.get_by_role("link", name="Keep it"))
    assert page.url.endswith(f"/involvement/{request.pk}/")
    assert reload(request).status == Status.SUBMITTED

    page.goto(f"/involvement/{request.pk}/withdraw/")
    page.get_by_label("Why are you withdrawing it? (optional)").fill("The service review moved to next year.")
    press(page, page.get_by_role("button", name="Withdraw request"))
    expect(page.get_by_text("Your request has been withdrawn.")).to_be_visible()
    assert_accessible(page)
    assert reload(request).status == Status.WITHDRAWN
    told = Notification.objects.get(event="withdrawn", recipient=lead, object_key__endswith=f":{request.pk}")
    assert "The service review moved to next year." in told.body_text


def test_cancelling_an_activity_asks_for_a_reason_before_anyone_is_told(
    page, demo_data, browser_login, assert_accessible
):
    rebecca = User.objects.get(email="requester@example.org")
    request = approved_request(title=CANCELLED, requester=rebecca)

    browser_login(page, "requester@example.org", settings.DEMO_PASSWORD)
    page.goto(f"/involvement/{request.pk}/")
    press(
        page,
        page.get_by_role("link", name="Cancel the activity").or_(
            page.get_by_role("button", name="Cancel the activity")
        ),
    )
    assert_accessible(page)
    assert reload(request).status == Status.OPEN

    # No reason: an error that names the field, and still nothing changes.
    page.locator("form[method=post] button[type=submit]").first.click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Give a reason for cancelling")
    assert_accessible(page)
    assert reload(request).status == Status.OPEN

    page.get_by_role("textbox").fill("The ward has moved the interviews online to another date.")
    page.locator("form[method=post] button[type=submit]").first.click()
    expect(page.get_by_text(f"'{CANCELLED}' has been cancelled and everyone involved has been told.")).to_be_visible()
    assert reload(request).status == Status.CANCELLED


def test_giving_up_a_place_and_removing_an_expense_ask_first(page, demo_data, browser_login, assert_accessible):
    eve = ExpertByExperience.objects.get(email="expert@example.org")
    browser_login(page, "expert@example.org", settings.DEMO_PASSWORD)

    # An expense on the claim waiting for approval: the page says what the total becomes.
    page.goto("/network/my-involvement/payments/")
    page.get_by_role("link", name="Co-production workshop on discharge").click()
    claim_url = page.url
    fare = page.get_by_role("link", name="Remove Return train fare")
    press(page, fare)
    expect(page.get_by_role("heading", name="Remove this expense?")).to_be_visible()
    expect(page.locator("main")).to_contain_text("£12.40")
    expect(page.locator("main")).to_contain_text("The claim's total will go down to")
    assert_accessible(page)
    press(page, page.get_by_role("link", name="No, keep it"))
    assert page.url == claim_url
    expect(page.get_by_role("link", name="Remove Return train fare")).to_be_visible()

    press(page, page.get_by_role("link", name="Remove Return train fare"))
    press(page, page.get_by_role("button", name="Yes, remove the expense"))
    expect(page.get_by_text("Expense removed: Return train fare.")).to_be_visible()
    expect(page.get_by_role("link", name="Remove Return train fare")).to_have_count(0)
    assert_accessible(page)

    # A place at an activity to come: "I can no longer come" asks first, and "No, keep it" keeps it.
    request = approved_request(title=PANEL, activity_date=datetime.date.today() + datetime.timedelta(days=14))
    coordinator = User.objects.get(email="coordinator@example.org")
    (place,) = invitations.invitations_send(request_id=request.pk, expert_ids=[eve.pk], by=coordinator)
    invitations.invitation_accept(invitation_id=place.pk, by=eve.user)

    page.goto("/network/my-involvement/")
    press(page, page.get_by_role("link", name=f"I can no longer come to {PANEL}"))
    expect(page.get_by_role("heading", name="Give up your place?")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Your place will be offered to the next person waiting.")
    assert_accessible(page)
    press(page, page.get_by_role("link", name="No, keep it"))
    place.refresh_from_db()
    assert place.status == InvitationStatus.ACCEPTED

    press(page, page.get_by_role("link", name=f"I can no longer come to {PANEL}"))
    press(page, page.get_by_role("button", name="Yes, give up my place"))
    expect(page.get_by_text("You have given up your place. Thank you for telling us.")).to_be_visible()
    place.refresh_from_db()
    assert place.status == InvitationStatus.WITHDRAWN
