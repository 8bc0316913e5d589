"""The people list and profiles in a real browser, for the peer support lead and a peer support worker."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.browser


def test_the_peer_support_lead_finds_a_person_and_their_profile(page, demo_data, browser_login, assert_accessible):
    browser_login(page, "pslead@example.org", settings.DEMO_PASSWORD)
    page.goto("/workforce/")
    page.get_by_role("link", name="Peer support workers").click()
    page.wait_for_url("**/workforce/people/")
    assert page.locator("h1").inner_text() == "Peer support workers"
    assert_accessible(page)

    page.get_by_label("Supervision").select_option("overdue")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**supervision=overdue**")
    assert page.locator("table .nhsuk-tag", has_text="Overdue").first.is_visible()
    assert_accessible(page)

    page.locator("table a").first.click()
    page.wait_for_url("**/workforce/people/*/")
    assert page.get_by_role("heading", name="Training").is_visible()
    assert page.get_by_text("Supervision is overdue").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Record supervision").click()
    page.get_by_role("button", name="Save").click()
    assert page.locator(".nhsuk-error-summary").is_visible()
    assert_accessible(page)


def test_a_peer_support_worker_opens_their_own_profile(page, demo_data, browser_login, assert_accessible):
    browser_login(page, "psw@example.org", settings.DEMO_PASSWORD)
    page.get_by_role("link", name="Your profile").click()
    page.wait_for_url("**/workforce/people/*/")

    assert page.locator("h1").inner_text() == "Sam Porter"
    assert page.get_by_text("Due within 30 days").first.is_visible()
    assert_accessible(page)
    assert page.goto("/workforce/people/").status == 403


def test_the_peer_support_lead_opens_the_workforce_dashboard(page, demo_data, browser_login, assert_accessible):
    browser_login(page, "pslead@example.org", settings.DEMO_PASSWORD)
    page.goto("/workforce/")
    page.get_by_role("link", name="Workforce dashboard").click()
    page.wait_for_url("**/workforce/dashboard/")

    assert page.locator("h1").inner_text() == "Workforce dashboard"
    assert page.get_by_role("img", name="Bar chart of peer support worker headcount").is_visible()
    assert page.get_by_role("table", name="Headcount, WTE, starters, leavers and turnover by year").is_visible()
    assert_accessible(page)
