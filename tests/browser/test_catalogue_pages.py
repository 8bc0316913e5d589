"""The peer support lead changes the career pathway, the competence framework and the training catalogue."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.browser


def test_the_peer_support_lead_keeps_the_pathway_and_the_catalogue(page, demo_data, browser_login, assert_accessible):
    from playwright.sync_api import expect

    browser_login(page, "pslead@example.org", settings.DEMO_PASSWORD)
    summary = page.locator(".nhsuk-error-summary")

    page.goto("/workforce/pathway/")
    page.get_by_role("link", name="Change Senior peer support worker").click()
    page.wait_for_url("**/workforce/pathway/roles/*/change/")
    assert_accessible(page)
    page.get_by_label("Agenda for Change band").fill("11")
    page.get_by_role("button", name="Save").click()
    expect(summary).to_contain_text("Enter an Agenda for Change band from 1 to 9, or 8a to 8d, like 4 or 8a")
    assert_accessible(page)
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Agenda for Change band")).to_be_focused()
    page.get_by_label("Agenda for Change band").fill("4")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/workforce/pathway/#role-*")
    expect(page.get_by_text("Senior peer support worker (band 4) changed.")).to_be_visible()

    page.get_by_role("button", name="Move up Senior peer support worker").click()
    expect(page.get_by_text("Senior peer support worker moved up: it is now step 1 of the pathway.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Move down Senior peer support worker").click()

    page.get_by_role("link", name="Competence framework").click()
    page.wait_for_url("**/workforce/pathway/competences/")
    assert_accessible(page)
    page.get_by_role("link", name="Add a competence to Building relationships").click()
    page.get_by_role("button", name="Save").click()
    expect(summary).to_contain_text("Enter the competence")
    assert_accessible(page)

    page.goto("/workforce/training/courses/")
    assert_accessible(page)
    page.get_by_role("button", name="Add a course").click()
    page.get_by_label("Renewal period in months (optional)").fill("200")
    page.get_by_role("button", name="Save").click()
    expect(summary).to_contain_text("Enter the name of the course")
    expect(summary).to_contain_text("The renewal period must be from 1 to 120 months")
    expect(page.get_by_label("Renewal period in months (optional)")).to_have_value("200")
    assert_accessible(page)
