"""The people list and profiles in a real browser, for the peer support lead and a peer support worker."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

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
    expect(page.locator("table .nhsuk-tag", has_text="Overdue").first).to_be_visible()
    assert_accessible(page)

    page.locator("table a").first.click()
    page.wait_for_url("**/workforce/people/*/")
    expect(page.get_by_role("heading", name="Training")).to_be_visible()
    expect(page.get_by_text("Supervision is overdue")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Record supervision").click()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert_accessible(page)


def test_a_peer_support_worker_opens_their_own_profile(page, demo_data, browser_login, assert_accessible):
    browser_login(page, "psw@example.org", settings.DEMO_PASSWORD)
    page.get_by_role("link", name="Your profile").click()
    page.wait_for_url("**/workforce/people/*/")

    assert page.locator("h1").inner_text() == "Sam Porter"
    expect(page.get_by_text("Due within 30 days").first).to_be_visible()
    assert_accessible(page)
    assert page.goto("/workforce/people/").status == 403


def test_the_peer_support_lead_opens_the_workforce_dashboard(page, demo_data, browser_login, assert_accessible):
    browser_login(page, "pslead@example.org", settings.DEMO_PASSWORD)
    page.goto("/workforce/")
    page.get_by_role("link", name="Workforce dashboard").click()
    page.wait_for_url("**/workforce/dashboard/")

    assert page.locator("h1").inner_text() == "Workforce dashboard"
    expect(page.get_by_role("img", name="Bar chart of peer support worker headcount")).to_be_visible()
    expect(page.get_by_role("table", name="Headcount, WTE, starters, leavers and turnover by year")).to_be_visible()
    assert_accessible(page)


def test_the_peer_support_lead_keeps_records_with_clear_errors(page, demo_data, browser_login, assert_accessible):
    """Add a person (first with nothing filled in), change their details, sign off a competence, see the pathway."""

    browser_login(page, "pslead@example.org", settings.DEMO_PASSWORD)
    page.goto("/workforce/people/")
    page.get_by_role("button", name="Add a peer support worker").click()
    page.wait_for_url("**/workforce/people/add/")
    assert_accessible(page)

    page.get_by_role("button", name="Save").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Enter their full name")
    assert_accessible(page)

    page.get_by_label("Full name").fill("Priya Shah")
    page.get_by_label("Work email address").fill("priya.shah@example.org")
    page.get_by_label("Team").select_option(label="North Community Team (Community mental health services)")
    page.get_by_label("Role on the career pathway").select_option(label="Peer support worker (band 3)")
    page.get_by_label("Contracted hours a week").fill("30")
    start = page.get_by_role("group", name="Start date")
    start.get_by_label("Day").fill("1")
    start.get_by_label("Month").fill("9")
    start.get_by_label("Year").fill("2025")
    end = page.get_by_role("group", name="End date (optional)")
    end.get_by_label("Day").fill("1")
    end.get_by_label("Month").fill("8")
    end.get_by_label("Year").fill("2025")
    page.get_by_label("Active", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(summary).to_contain_text("The end date must be on or after the start date")
    expect(page.get_by_label("Full name")).to_have_value("Priya Shah")  # nothing typed is lost
    assert_accessible(page)

    end.get_by_label("Day").fill("")
    end.get_by_label("Month").fill("")
    end.get_by_label("Year").fill("")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_have_text("Priya Shah")
    expect(page.get_by_text("Priya Shah added.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Change their details").click()
    page.get_by_label("Contracted hours a week").fill("7.5")
    page.get_by_label("Monthly involvement allowance in hours (optional)").fill("40")
    page.get_by_role("button", name="Save").click()
    expect(summary).to_contain_text("The allowance cannot be more than their contracted hours in a month")
    assert_accessible(page)
    page.get_by_label("Monthly involvement allowance in hours (optional)").fill("2")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("2 hours a month")).to_be_visible()

    page.get_by_role("link", name="Sign off a competence").click()
    page.get_by_role("button", name="Save").click()
    expect(summary).to_contain_text("Choose the competence they have shown")
    assert_accessible(page)

    page.goto("/workforce/pathway/")
    expect(page.locator("h1")).to_have_text("Career pathway")
    assert_accessible(page)
