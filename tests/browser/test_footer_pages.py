"""In a real browser, with zero axe violations: the footer's pages, followed from the footer while
signed out; the login-code pages; the notifications list with "Mark all as read"."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

FOOTER_LINKS = {
    "Help and contact": "Help and contact",
    "Accessibility statement": "Accessibility statement for Peer support and involvement",
    "Privacy notice": "Privacy notice",
    "Service status": "Service status",
}


def test_the_footer_pages_open_signed_out_and_are_accessible(page, transactional_db, assert_accessible):
    for link, heading in FOOTER_LINKS.items():
        page.goto("/accounts/login/")
        page.get_by_role("contentinfo").get_by_role("link", name=link).click()
        expect(page.locator("h1")).to_have_text(heading)
        assert_accessible(page)


def test_the_login_code_pages_are_accessible(page, demo_data, assert_accessible):
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Email me a login code").click()
    expect(page.locator("h1")).to_have_text("Email me a login code")
    assert_accessible(page)
    page.get_by_label("Email").fill("expert@example.org")
    page.get_by_role("button", name="Email me a code").click()

    expect(page.locator("h1")).to_have_text("Enter your login code")
    expect(page.get_by_text("We have emailed a code to expert@example.org.")).to_be_visible()
    assert_accessible(page)


def test_a_requester_reads_their_notifications_and_marks_them_all_read(
    page, demo_data, browser_login, assert_accessible
):
    from django.conf import settings

    from notifications.models import Notification
    from notifications.services import notify
    from peersupport.accounts.models import User

    requester = User.objects.get(email="requester@example.org")
    for number in range(30):
        notify(
            event="cancelled",
            object_key=f"browser-test:{number}",
            recipients=[requester],
            subject=f"Cancelled: Focus group {number}",
            context={"request": {"title": f"Focus group {number}"}, "reason": "The room was double booked"},
        )
    browser_login(page, "requester@example.org", settings.DEMO_PASSWORD)

    page.goto("/notifications/")
    expect(page.get_by_text('"Focus group 29" on').first).to_be_visible()  # what it says, not only its subject
    expect(page.get_by_role("link", name="Choose which optional emails you get")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("button", name="Mark all as read").click()

    expect(page.get_by_text("notifications marked as read.")).to_be_visible()
    assert_accessible(page)
    assert not Notification.objects.filter(recipient=requester, read_at__isnull=True).exists()
