"""A team lead switches off their weekly digest from their notifications, in a real browser."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_team_lead_switches_off_the_weekly_digest(page, demo_data, browser_login, assert_accessible):
    from notifications.models import NotificationPreference

    browser_login(page, "teamlead@example.org", settings.DEMO_PASSWORD)
    page.goto("/notifications/")
    page.get_by_role("link", name="Choose which optional emails you get").click()
    expect(page.locator("h1")).to_have_text("Email choices")
    expect(page.get_by_text("cannot be switched off")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Weekly summary for team leads").uncheck()
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("Your email choices have been saved.")).to_be_visible()
    assert_accessible(page)
    assert NotificationPreference.objects.get(user__email="teamlead@example.org").weekly_digest is False
