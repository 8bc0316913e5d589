"""The Together network's pool in a real browser: the coordinator finds an applicant, opens their
record and records an onboarding step (first with nothing chosen); a person applies from a link."""

import datetime

import pytest
from django.conf import settings

pytestmark = pytest.mark.browser


def test_the_coordinator_filters_the_pool_and_records_an_onboarding_step(
    page, demo_data, browser_login, assert_accessible
):
    from playwright.sync_api import expect

    browser_login(page, "coordinator@example.org", settings.DEMO_PASSWORD)
    page.goto("/network/")
    page.get_by_role("link", name="People in the network").click()
    page.wait_for_url("**/network/people/")
    expect(page.locator("h1")).to_have_text("People in the Together network")
    assert_accessible(page)

    page.get_by_label("Status").select_option("applicant")
    page.get_by_label("Onboarding").select_option("missing")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**onboarding=missing**")
    rows = page.locator("table tbody tr")
    expect(rows.first).to_contain_text("Applicant")
    expect(rows.first).to_contain_text("To do:")
    assert_accessible(page)

    page.locator("table tbody a").first.click()
    page.wait_for_url("**/network/people/*/")
    expect(page.get_by_role("heading", name="Onboarding")).to_be_visible()
    expect(page.get_by_text("To do", exact=True).first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Record an onboarding step").click()
    page.wait_for_url("**/onboarding/")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Choose the step they have done")
    expect(summary).to_contain_text("Enter the date they did this step")
    assert_accessible(page)

    page.locator("input[name=step]").first.check()
    step_label = page.locator("label[for=id_step_0]").inner_text()
    done_on = page.get_by_role("group", name="Date done")
    day = datetime.date.today()
    done_on.get_by_label("Day").fill(str(day.day))
    done_on.get_by_label("Month").fill(str(day.month))
    done_on.get_by_label("Year").fill(str(day.year))
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/network/people/*/")
    expect(page.get_by_text(f"{step_label} recorded for")).to_be_visible()
    assert_accessible(page)


def test_the_coordinator_adds_a_person_and_sends_a_link_to_apply(page, demo_data, browser_login, assert_accessible):
    from playwright.sync_api import expect

    browser_login(page, "coordinator@example.org", settings.DEMO_PASSWORD)
    page.goto("/network/people/")
    page.get_by_role("button", name="Add a person").click()
    page.wait_for_url("**/network/people/add/")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter their full name")
    assert_accessible(page)

    page.goto("/network/people/invite-to-apply/")
    page.get_by_label("Their email address").fill("new.person@example.net")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_text("We have emailed a link to apply to new.person@example.net.")).to_be_visible()
    assert_accessible(page)


def test_a_person_applies_from_their_link(page, demo_data, assert_accessible):
    from playwright.sync_api import expect

    from peersupport.accounts.models import User
    from together_network.services import applications

    coordinator = User.objects.get(email="coordinator@example.org")
    link = applications.application_link_send(email="robin@example.net", full_name="Robin", by=coordinator)

    page.goto(applications.application_path(link))
    expect(page.locator("h1")).to_have_text("Apply to join the Together network")
    assert_accessible(page)

    expect(page.get_by_label("Your full name")).to_have_value("Robin")  # from the coordinator's email
    expect(page.locator("main")).to_contain_text("robin@example.net")  # the link's address, not to be changed
    expect(page.get_by_role("textbox", name="Your email address")).to_have_count(0)
    page.get_by_role("button", name="Send my application").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("you need to agree to be contacted")
    assert_accessible(page)

    page.get_by_label("Your full name").fill("Robin Hart")
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("Tuesday afternoon").check()
    page.get_by_label("Paid", exact=True).check()
    page.get_by_label("I agree to be contacted about involvement opportunities").check()
    page.get_by_label("I agree to the network keeping the lived experience").check()
    page.get_by_role("button", name="Send my application").click()
    expect(page.locator("h1")).to_have_text("Application sent")
    assert_accessible(page)

    page.goto(applications.application_path(link))
    expect(page.get_by_text("already been used")).to_be_visible()
    assert_accessible(page)
