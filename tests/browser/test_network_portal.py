"""The expert by experience's portal in a real browser, on a desktop and on a phone (375px wide):
the demo expert reads an invitation's content notes and accepts it, changes their availability (after
a mistake), and gives feedback on a past activity. Every page has zero axe violations."""

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from demo.network_feedback import LISTENING, PANEL
from together_network.models import ActivityFeedback, ExpertByExperience, PartOfDay, Weekday

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def check_everywhere(page, assert_accessible) -> None:
    """Accessible on a desktop and on a phone, and nothing wider than a phone's screen."""
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], f"{page.url} scrolls sideways"
    page.set_viewport_size(DESKTOP)


def test_an_expert_answers_updates_their_availability_and_gives_feedback(
    page, demo_data, browser_login, assert_accessible
):
    eve = ExpertByExperience.objects.get(email="expert@example.org")
    browser_login(page, "expert@example.org", settings.DEMO_PASSWORD)

    # 1. The invitation shows its content notes before the accept button.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="My involvement").click()
    card = page.locator(".nhsuk-card", has=page.get_by_role("heading", name=LISTENING))
    notes = card.locator(".app-content-notes")
    expect(notes).to_contain_text("restraint and seclusion")
    accept = card.get_by_role("button", name=f"Accept {LISTENING}")
    notes_box, accept_box = notes.bounding_box(), accept.bounding_box()
    assert notes_box["y"] + notes_box["height"] <= accept_box["y"]  # read before reaching the button
    check_everywhere(page, assert_accessible)
    with page.expect_navigation():
        accept.click()
    # Accepting asks first: the page says what it commits them to; nothing changes until they say yes.
    expect(page.get_by_role("heading", name="Accept this invitation?")).to_be_visible()
    check_everywhere(page, assert_accessible)
    page.get_by_role("button", name="Yes, accept the invitation").click()
    expect(page.get_by_text("Thank you for accepting.")).to_be_visible()
    upcoming = page.locator(".nhsuk-card", has=page.get_by_role("heading", name=LISTENING))
    expect(upcoming.get_by_role("link", name=f"I can no longer come to {LISTENING}")).to_be_visible()
    check_everywhere(page, assert_accessible)

    # 2. Their availability: a mistake first (text messages without a phone number), then saved.
    with page.expect_navigation():  # axe must not run on the page being left
        page.get_by_role("link", name="Your details and preferences").click()
    check_everywhere(page, assert_accessible)
    page.get_by_role("group", name="Saturday").get_by_label("Morning").check()
    page.get_by_label("Text message").check()
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Enter a phone number we can text you on, or choose email")
    check_everywhere(page, assert_accessible)
    summary.get_by_role("link", name="Enter a phone number we can text you on, or choose email").click()
    expect(page.get_by_label("Phone number (optional if you choose email)")).to_be_focused()
    page.get_by_label("Phone number (optional if you choose email)").fill("07700 900 982")
    expect(page.get_by_role("group", name="Saturday").get_by_label("Morning")).to_be_checked()  # kept
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your details and preferences have been saved.")).to_be_visible()
    eve.refresh_from_db()
    assert eve.is_available(Weekday.SATURDAY, PartOfDay.MORNING)
    assert eve.phone == "07700 900 982"

    # 3. Feedback on the activity they went to last week.
    page.get_by_role("link", name=f"Give feedback on {PANEL}").click()
    check_everywhere(page, assert_accessible)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose how the activity was for you")
    check_everywhere(page, assert_accessible)
    page.get_by_label("Good", exact=True).check()
    page.get_by_role("group", name="Did you feel listened to?").get_by_label("Yes").check()
    page.get_by_label("What went well? (optional)").fill("The panel asked for my view first.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Thank you for your feedback.")).to_be_visible()
    expect(page.get_by_role("link", name=f"Give feedback on {PANEL}")).to_have_count(0)
    check_everywhere(page, assert_accessible)
    given = ActivityFeedback.objects.get(invitation__expert=eve, invitation__request__title=PANEL)
    assert (given.rating, given.felt_listened_to) == (4, True)

    # 4. Pausing is explained before it happens.
    page.get_by_role("link", name="Pause my involvement").click()
    expect(page.get_by_text("You will not be invited to anything while paused.")).to_be_visible()
    check_everywhere(page, assert_accessible)
    assert page.url.endswith(reverse("together_network:pause"))
