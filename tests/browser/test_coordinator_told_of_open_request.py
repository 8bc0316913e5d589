"""In a real browser: a team lead approves a network request, and the coordinator hears of it at once,
in the header's unread count, in their notifications (linking to the match page) and by email."""

import re

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import expect

from notifications.models import Notification

pytestmark = pytest.mark.browser

TITLE = "Focus group on the new crisis pathway"  # the demo's request waiting for the team lead


def unread_in_header(page) -> int:
    link = page.locator(".nhsuk-header__account-link", has_text="Notifications")
    count = link.locator(".app-count")
    return int(re.match(r"\d+", count.inner_text()).group()) if count.count() else 0


def test_the_coordinator_is_told_when_a_team_lead_approves_a_network_request(
    page, demo_data, browser_login, assert_accessible
):
    browser_login(page, "coordinator@example.org", settings.DEMO_PASSWORD)
    unread_before = unread_in_header(page)
    mail.outbox.clear()

    # The team lead approves the request from their home page.
    page.context.clear_cookies()
    browser_login(page, "teamlead@example.org", settings.DEMO_PASSWORD)
    lead_unread = unread_in_header(page)
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="Approve").click()
    page.get_by_text("You approved").wait_for()
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("Open for experts by experience")
    assert unread_in_header(page) == lead_unread  # nothing about their own approval

    # The coordinator's count has gone up by one, and the notification takes them to the match page.
    page.context.clear_cookies()
    browser_login(page, "coordinator@example.org", settings.DEMO_PASSWORD)
    assert unread_in_header(page) == unread_before + 1
    assert_accessible(page)
    page.locator(".nhsuk-header__account-link", has_text="Notifications").click()
    expect(page.locator("h1")).to_have_text("Notifications")
    assert_accessible(page)
    page.get_by_role("link", name=f"Open for matching: {TITLE}").click()
    page.wait_for_url(re.compile(r"/network/requests/\d+/match/"))
    expect(page.get_by_text(TITLE).first).to_be_visible()
    assert_accessible(page)

    # The email is in the outbox, written with the approval, and was sent.
    row = Notification.objects.get(
        event="network_request_open", recipient_email="coordinator@example.org", subject=f"Open for matching: {TITLE}"
    )
    assert row.status == "sent"
    assert not Notification.objects.filter(event="network_request_open", recipient_email="teamlead@example.org")
    [email] = [message for message in mail.outbox if message.to == ["coordinator@example.org"]]
    assert email.subject.endswith(f"Open for matching: {TITLE}")
    assert f"{settings.SITE_URL}{row.link}" in email.body
