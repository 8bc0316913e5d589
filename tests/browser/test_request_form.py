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
