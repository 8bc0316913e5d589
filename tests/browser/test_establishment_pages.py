"""Establishment and growth in a real browser: the peer support lead reads it, adds a post and a target."""

import datetime

import pytest
from django.conf import settings

pytestmark = pytest.mark.browser


def test_the_peer_support_lead_keeps_the_establishment(page, demo_data, browser_login, assert_accessible):
    from playwright.sync_api import expect

    browser_login(page, "pslead@example.org", settings.DEMO_PASSWORD)
    page.goto("/workforce/")
    page.get_by_role("link", name="Establishment and growth").click()
    page.wait_for_url("**/workforce/establishment/")
    expect(page.locator("h1")).to_have_text("Establishment and growth")
    expect(page.get_by_role("img", name="Bar chart of funded WTE and WTE in post by year")).to_be_visible()
    expect(
        page.get_by_role("table", name="Funded WTE, WTE in post, vacancy and over-establishment by year")
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Add a funded post").click()
    page.wait_for_url("**/workforce/establishment/posts/add/")
    page.get_by_label("Whole-time equivalent (WTE)").fill("0")
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Choose the team the post is funded for")
    expect(summary).to_contain_text("The whole-time equivalent must be more than 0")
    assert_accessible(page)

    page.get_by_label("Team").select_option(index=1)
    page.get_by_label("Whole-time equivalent (WTE)").fill("0.6")
    start = page.get_by_role("group", name="Funded from")
    start.get_by_label("Day").fill("1")
    start.get_by_label("Month").fill("4")
    start.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/workforce/establishment/")
    expect(page.get_by_text("Funded post added: 0.60 WTE")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Add a growth target").click()
    next_year = datetime.date.today().year + 3
    target = page.get_by_role("group", name="Target date")
    target.get_by_label("Day").fill("31")
    target.get_by_label("Month").fill("3")
    target.get_by_label("Year").fill(str(next_year))
    page.get_by_label("Headcount").fill("80")
    page.get_by_label("Whole-time equivalent (WTE)").fill("90")
    page.get_by_role("button", name="Save").click()
    expect(summary).to_contain_text("The whole-time equivalent cannot be more than the headcount")
    assert_accessible(page)
    page.get_by_label("Whole-time equivalent (WTE)").fill("70")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"Growth target added: 80 people, 70.00 WTE by 31 Mar {next_year}.")).to_be_visible()

    page.get_by_role("link", name=f"Delete the target for 31 March {next_year}").click()
    expect(page.locator("h1")).to_have_text(f"Delete the growth target for 31 March {next_year}?")
    assert_accessible(page)
