"""The footer's pages, followed from the footer in a real browser, signed out: each opens and has
zero axe violations."""

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
