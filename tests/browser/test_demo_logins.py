"""Each demo login reaches its home page in a real browser, with zero axe violations."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from demo.management.commands.seed_demo import DEMO_PEOPLE

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("email", "name", "roles"), DEMO_PEOPLE, ids=[email for email, _n, _r in DEMO_PEOPLE])
def test_each_demo_login_reaches_an_accessible_home_page(
    page, demo_data, browser_login, assert_accessible, email, name, roles
):
    browser_login(page, email, settings.DEMO_PASSWORD)

    expect(page.locator("h1")).to_have_text(f"Hello, {name}")
    for role in roles:
        expect(page.get_by_text(role.label, exact=True).first).to_be_visible()
    expect(page.get_by_role("navigation", name="Menu").get_by_role("link", name="Home")).to_be_visible()
    assert_accessible(page)


def test_the_login_page_is_accessible_and_errors_take_focus(page, demo_data, assert_accessible):
    page.goto("/accounts/login/")
    assert_accessible(page)

    page.get_by_label("Email").fill("requester@example.org")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()

    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    # NHS.UK frontend's script (a module, allowed by the CSP) moves focus to the summary.
    page.wait_for_function("document.activeElement && document.activeElement.classList.contains('nhsuk-error-summary')")
    assert page.get_by_label("Email").input_value() == "requester@example.org"
    assert_accessible(page)


def test_the_skip_link_is_the_first_thing_a_keyboard_reaches(page, demo_data, browser_login):
    browser_login(page, "teamlead@example.org", settings.DEMO_PASSWORD)
    page.goto("/")
    page.wait_for_load_state("networkidle")  # the module script has started the components

    page.keyboard.press("Tab")

    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    # NHS.UK frontend's skip link moves focus to the main content.
    page.wait_for_function("document.activeElement && document.activeElement.id === 'maincontent'")


def test_a_team_lead_opens_their_team_from_home_and_is_refused_another(
    page, demo_data, browser_login, assert_accessible
):
    from workforce.models import Team

    browser_login(page, "teamlead@example.org", settings.DEMO_PASSWORD)
    page.get_by_role("link", name="North Community Team").first.click()

    expect(page.locator("h1")).to_have_text("North Community Team")
    assert_accessible(page)
    other = Team.objects.exclude(leads__email="teamlead@example.org").first()
    response = page.goto(f"/workforce/teams/{other.pk}/")
    assert response.status == 403
    assert page.locator("h1").inner_text() == "You do not have access to this page"
    assert_accessible(page)
