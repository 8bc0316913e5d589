"""A requester in a real browser sees the names of the people booked only where they agreed to share
them: on the request's page and on the attendance page, errors included. Zero axe violations."""

import datetime

import pytest
from django.conf import settings

pytestmark = pytest.mark.browser


def test_the_requester_sees_name_not_shared_for_someone_who_did_not_agree(
    page, demo_data, browser_login, assert_accessible
):
    from django.utils import timezone
    from playwright.sync_api import expect

    from involvement.models import InvolvementRequest, Route, Status
    from together_network.models import ConsentRecord, Invitation, InvitationStatus

    request = (
        InvolvementRequest.objects.filter(
            requester__email="requester@example.org", route=Route.NETWORK, status=Status.FILLED
        )
        .exclude(invitations__attendance__isnull=False)  # nobody's attendance recorded yet
        .first()
    )
    place = Invitation.objects.filter(request=request, status=InvitationStatus.ACCEPTED).order_by("answered_at").first()
    latest = ConsentRecord.objects.filter(expert=place.expert).order_by("-given_on", "-pk").first()
    ConsentRecord.objects.filter(pk=latest.pk).update(share_name_when_booked=False)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)  # it has happened, as if time had passed
    InvolvementRequest.objects.filter(pk=request.pk).update(activity_date=yesterday, closing_date=yesterday)
    Invitation.objects.filter(request=request).update(activity_date=yesterday)

    browser_login(page, "requester@example.org", settings.DEMO_PASSWORD)
    page.goto(f"/involvement/{request.pk}/")
    expect(page.get_by_text("Person 1 (name not shared)")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(place.expert.full_name)
    assert_accessible(page)

    page.get_by_role("link", name="Record who took part").click()
    page.wait_for_url("**/attendance/")
    expect(page.get_by_role("heading", name="Person 1 (name not shared)")).to_be_visible()
    page.get_by_role("button", name="Save attendance").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Say whether Person 1 (name not shared) took part")
    expect(page.locator("main")).not_to_contain_text(place.expert.full_name)
    assert_accessible(page)
