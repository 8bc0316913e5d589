"""Data rights and pool health in a real browser: the demo expert downloads their data in both
formats from the portal, and the coordinator opens the pool health dashboard and the retention
review. Every page on the way has zero axe violations."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_expert_downloads_their_data_from_the_portal(page, demo_data, browser_login, assert_accessible):
    browser_login(page, "expert@example.org", settings.DEMO_PASSWORD)
    page.goto("/network/my-involvement/")
    page.get_by_role("link", name="Download your data").click()
    expect(page.get_by_role("heading", level=1, name="Your data")).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as as_json:
        page.get_by_role("link", name="Download your data as a data file (JSON)").click()
    data = json.loads(Path(as_json.value.path()).read_text(encoding="utf-8"))
    assert data["person"]["email"] == "expert@example.org"
    assert data["person"]["full_name"] == "Eve Morgan"
    assert as_json.value.suggested_filename.endswith(".json")

    with page.expect_download() as as_html:
        page.get_by_role("link", name="Download your data as a web page (HTML)").click()
    assert as_html.value.suggested_filename.endswith(".html")
    downloaded = Path(as_html.value.path()).read_text(encoding="utf-8")
    assert "Eve Morgan" in downloaded and "Lived experience" in downloaded

    page.get_by_role("link", name="Read your data on this site").click()
    expect(page.get_by_role("heading", level=2, name="Details", exact=True)).to_be_visible()
    assert_accessible(page)


def test_the_coordinator_opens_pool_health_and_the_retention_review(page, demo_data, browser_login, assert_accessible):
    browser_login(page, "coordinator@example.org", settings.DEMO_PASSWORD)
    page.goto("/network/health/")
    expect(page.get_by_role("heading", level=1, name="Pool health")).to_be_visible()
    chart = "Bar chart of active and paused people in the pool at the end of each month"
    expect(page.get_by_role("img", name=chart)).to_be_visible()
    assert_accessible(page)

    page.goto("/network/retention/")
    expect(page.get_by_role("heading", level=1, name="Retention review")).to_be_visible()
    assert_accessible(page)

    page.goto("/network/people/import/")
    expect(page.get_by_role("heading", level=1, name="Import experts by experience")).to_be_visible()
    assert_accessible(page)
