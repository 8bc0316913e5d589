"""The request form in a real browser: choosing a peer support worker reveals what that needs, drawn by
the form pack's conditional radios and shown and hidden by NHS.UK frontend, with no axe violations."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_choosing_a_peer_support_worker_reveals_the_reason_and_hours(
    page, live_server, demo_data, browser_login, assert_accessible
):
    browser_login(page, "requester@example.org", settings.DEMO_PASSWORD)
    page.goto("/involvement/new/")
    reason = page.get_by_label("Why can the Together network not meet this need?")
    psw = page.get_by_label("A peer support worker", exact=True)
    expect(reason).to_be_hidden()

    psw.check()

    expect(reason).to_be_visible()
    expect(page.get_by_label("Hours of their time, including preparation")).to_be_visible()
    expect(psw).not_to_have_attribute("aria-expanded", re.compile(".*"))  # not allowed on a radio
    assert_accessible(page)

    page.get_by_label("Together network (experts by experience)").check()
    expect(reason).to_be_hidden()


def test_an_activity_on_a_bank_holiday_is_asked_about_before_it_is_saved(
    page, live_server, demo_data, browser_login, assert_accessible
):
    import datetime

    from involvement.models import InvolvementRequest
    from peersupport.ui.dates import bank_holiday

    day = datetime.date.today() + datetime.timedelta(days=10)
    while not (bank_holiday(day) and day.weekday() < 5):
        day += datetime.timedelta(days=1)
    browser_login(page, "requester@example.org", settings.DEMO_PASSWORD)
    page.goto("/involvement/new/")
    page.get_by_label("Title").fill("Bank holiday drop-in")
    page.get_by_label("What kind of activity is it?").select_option(label="Focus group")
    page.get_by_label("Which team is asking?").select_option(index=1)
    page.get_by_label("Describe the activity").fill("A drop-in for people who use the service.")
    for part, value in (("day", day.day), ("month", day.month), ("year", day.year)):
        page.locator(f"#id_activity_date_{part}").fill(str(value))
        page.locator(f"#id_closing_date_{part}").fill(str(getattr(datetime.date.today(), part)))
    page.locator("#id_start_time").fill("10:00")
    page.locator("#id_duration_minutes").select_option(label="2 hours")
    page.get_by_role("button", name="Send for approval").click()

    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text(f"{day:%-d %B %Y} ({bank_holiday(day)})")
    assert not InvolvementRequest.objects.filter(title="Bank holiday drop-in").exists()
    assert_accessible(page)
    summary.get_by_role("link").click()
    tick = page.get_by_label("Yes, the activity runs on a bank holiday")
    expect(tick).to_be_focused()
    expect(page.get_by_label("Title")).to_have_value("Bank holiday drop-in")  # nothing typed is lost
    tick.check()
    page.get_by_role("button", name="Send for approval").click()
    page.get_by_text("Your request has been sent for approval.").wait_for()
    assert InvolvementRequest.objects.get(title="Bank holiday drop-in").activity_date == day
