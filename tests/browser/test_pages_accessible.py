"""Every page a person can reach so far has zero axe violations, for each demo role."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from demo.management.commands.seed_demo import DEMO_PEOPLE

pytestmark = pytest.mark.browser

PUBLIC_PAGES = ["/accounts/login/", "/accounts/login/code/", "/accounts/password/reset/"]
ACCOUNT_PAGES = ["/accounts/password/change/", "/accounts/2fa/", "/accounts/reauthenticate/", "/no-such-page/"]


def test_the_public_pages_are_accessible(page, demo_data, assert_accessible):
    for path in PUBLIC_PAGES:
        page.goto(path)
        assert_accessible(page)


@pytest.mark.parametrize("email", [email for email, _name, _roles in DEMO_PEOPLE])
def test_every_page_in_a_roles_navigation_is_accessible(page, demo_data, browser_login, assert_accessible, email):
    browser_login(page, email, settings.DEMO_PASSWORD)
    menu = page.get_by_role("navigation", name="Menu")
    links = [link.get_attribute("href") for link in menu.get_by_role("link").all()]
    own_pages = [href for href in links if not href.startswith("/admin/")]
    assert own_pages[0] == "/"

    for path in own_pages + ACCOUNT_PAGES:
        response = page.goto(path)
        expected = 404 if path == "/no-such-page/" else 200
        assert response.status == expected, f"{path} answered {response.status}"
        assert_accessible(page)


def test_mfa_set_up_is_accessible(page, demo_data, browser_login, assert_accessible):
    browser_login(page, "teamlead@example.org", settings.DEMO_PASSWORD)
    page.goto("/accounts/2fa/totp/activate/")
    assert "/accounts/reauthenticate/" in page.url
    page.get_by_label("Password").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/accounts/2fa/totp/activate/")

    expect(page.locator("img[src^='data:image']")).to_be_visible()  # the QR code, allowed by the CSP
    assert_accessible(page)
