"""The core journey in a real browser: requester → team lead → coordinator → expert → requester.

Every page on the way has zero axe violations.
"""

import datetime
import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from notifications.models import Notification
from peersupport.ui.dates import bank_holiday
from together_network.models import ExpertByExperience

pytestmark = pytest.mark.browser


def next_weekday_morning() -> datetime.date:
    """Two weeks ahead, Monday to Thursday (Eve is free then), and not a bank holiday (the form would ask)."""
    day = datetime.date.today() + datetime.timedelta(days=14)
    while day.weekday() > 3 or bank_holiday(day):
        day += datetime.timedelta(days=1)
    return day


def test_a_request_goes_from_requester_to_a_filled_place(
    page, browser, live_server, demo_data, browser_login, assert_accessible
):
    eve = ExpertByExperience.objects.get(email="expert@example.org")
    activity_date = next_weekday_morning()
    closing_date = activity_date - datetime.timedelta(days=2)

    # 1. The requester asks for involvement: the Together network is the default route.
    browser_login(page, "requester@example.org", settings.DEMO_PASSWORD)
    page.goto("/involvement/new/")
    assert page.get_by_label("Together network (experts by experience)").is_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Send for approval").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()  # nothing filled in yet
    assert_accessible(page)
    page.get_by_label("Title").fill("Service user panel for the new ward")
    page.get_by_label("What kind of activity is it?").select_option(label="Interview panel")
    page.get_by_label("Which team is asking?").select_option(
        label="North Community Team (Community mental health services)"
    )
    page.get_by_label("Describe the activity").fill("Help us choose the new ward manager.")
    page.locator("#id_activity_date_day").fill(str(activity_date.day))
    page.locator("#id_activity_date_month").fill(str(activity_date.month))
    page.locator("#id_activity_date_year").fill(str(activity_date.year))
    page.locator("#id_start_time").fill("10:00")
    page.locator("#id_duration_minutes").select_option(label="2 hours")
    page.get_by_label("Online", exact=True).check()
    page.get_by_label("How many people do you need?").fill("1")
    for area in eve.lived_experience_areas.all():
        page.get_by_label(area.name, exact=True).check()
    for skill in eve.skills.all():
        page.get_by_label(skill.name, exact=True).check()
    page.locator("#id_closing_date_day").fill(str(closing_date.day))
    page.locator("#id_closing_date_month").fill(str(closing_date.month))
    page.locator("#id_closing_date_year").fill(str(closing_date.year))
    page.get_by_role("button", name="Send for approval").click()
    page.get_by_text("Your request has been sent for approval.").wait_for()
    request_url = page.url
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("Waiting for approval")
    assert_accessible(page)

    # 2. The team lead approves it from their home page.
    page.context.clear_cookies()
    browser_login(page, "teamlead@example.org", settings.DEMO_PASSWORD)
    page.get_by_role("link", name="Service user panel for the new ward").click()
    assert_accessible(page)
    page.get_by_role("button", name="Approve").click()
    page.get_by_text("You approved").wait_for()
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("Open for experts by experience")

    # 3. The coordinator matches and invites the expert.
    page.context.clear_cookies()
    browser_login(page, "coordinator@example.org", settings.DEMO_PASSWORD)
    page.get_by_role("link", name="Service user panel for the new ward").click()
    assert_accessible(page)
    page.get_by_label("Invite Eve Morgan").check()
    page.get_by_role("button", name="Invite the people selected").click()
    page.get_by_text("1 invitation sent.").wait_for()
    assert_accessible(page)

    # 4. The expert accepts from the link in their email, without logging in.
    page.context.clear_cookies()
    invitation_email = Notification.objects.get(
        event="invited", recipient_email="expert@example.org", subject__contains="Service user panel"
    )
    accept_path = re.search(r"(/network/invitations/answer/[^/\s]+/)", invitation_email.body_text).group(1)
    assert "accept" not in accept_path  # the link is signed, not readable
    page.goto(accept_path)
    assert_accessible(page)
    page.get_by_role("button", name="Yes, I would like to take part").click()
    expect(page.get_by_role("heading", name="You have a place")).to_be_visible()
    assert_accessible(page)
    page.goto(accept_path)  # a second use changes nothing
    expect(page.locator("main")).to_contain_text("already answered")

    # 5. The requester sees the request filled, and who is coming.
    browser_login(page, "requester@example.org", settings.DEMO_PASSWORD)
    page.goto(request_url)
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("Filled")
    expect(page.get_by_text("Eve Morgan")).to_be_visible()
    assert_accessible(page)
    told = Notification.objects.filter(event="filled", subject="Filled: Service user panel for the new ward")
    assert [notification.recipient_email for notification in told] == ["requester@example.org"]
