"""In a real browser: the person who asked for a paid activity records who came, which makes payment
claims, and the coordinator hears of it at once, in the header's unread count, in their notifications
(linking to the claims list) and by email."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from notifications.models import Notification
from together_network.models import ClaimStatus, PaymentClaim
from together_network.tests.factories import ExpertByExperienceFactory
from together_network.tests.payments_support import activity_with_places, record

pytestmark = pytest.mark.browser

TITLE = "Focus group on discharge letters"
CLAIMS = "network_claims_waiting"


def unread_in_header(page) -> int:
    link = page.locator(".nhsuk-header__account-link", has_text="Notifications")
    count = link.locator(".app-count")
    return int(re.match(r"\d+", count.inner_text()).group()) if count.count() else 0


def test_the_coordinator_is_told_of_claims_waiting_when_the_requester_records_attendance(
    page, demo_data, browser_login, assert_accessible
):
    # A paid activity (the demo's rate card prices it) that happened last week, one expert with a place.
    expert = ExpertByExperienceFactory(full_name="Ada Lovelace")
    request = activity_with_places(expert, title=TITLE)

    browser_login(page, "coordinator@example.org", settings.DEMO_PASSWORD)
    unread_before = unread_in_header(page)
    mail.outbox.clear()

    # The member of staff who asked for it records who came (the product lets them, as it lets a
    # coordinator): a claim is made for the expert, waiting for a coordinator's approval.
    record(request, {expert: 120}, by=request.requester)
    [claim] = PaymentClaim.objects.filter(attendance__invitation__request=request)
    assert claim.status == ClaimStatus.SUBMITTED

    # The coordinator's count has gone up by one, and the notification takes them to the claims list.
    page.goto("/")
    assert unread_in_header(page) == unread_before + 1
    assert_accessible(page)
    page.locator(".nhsuk-header__account-link", has_text="Notifications").click()
    expect(page.locator("h1")).to_have_text("Notifications")
    assert_accessible(page)
    subject = f"1 payment claim waiting for approval: {TITLE}"
    page.get_by_role("link", name=subject).click()
    page.wait_for_url("**/network/claims/")
    expect(page.locator("h1")).to_have_text("Claims")
    expect(page.locator(f"table a[href$='/claims/{claim.pk}/']")).to_be_visible()
    assert_accessible(page)

    # The email is in the outbox, written with the attendance, and was sent; the requester, who
    # recorded it, is not told of their own action.
    row = Notification.objects.get(event=CLAIMS, recipient_email="coordinator@example.org", subject=subject)
    assert row.status == "sent"
    assert row.link == reverse("together_network:claims")
    assert row.object_key == f"together_network.paymentclaim:{claim.pk}"
    assert not Notification.objects.filter(event=CLAIMS, recipient=request.requester)
    [email] = [message for message in mail.outbox if message.to == ["coordinator@example.org"]]
    assert email.subject.endswith(subject)
    assert f"{settings.SITE_URL}{row.link}" in email.body
    assert "Ada Lovelace" in email.body
