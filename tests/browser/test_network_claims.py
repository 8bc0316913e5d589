"""Payments in a real browser: the coordinator approves the demo's waiting claims in bulk and downloads
finance's export; the rate card, a claim, attendance and the earnings report on the way. Zero axe violations."""

import csv
import io
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from together_network.models import ClaimStatus, PaymentClaim

pytestmark = pytest.mark.browser


def test_the_coordinator_approves_claims_in_bulk_and_downloads_the_export(
    page, demo_data, browser_login, assert_accessible
):
    waiting = list(PaymentClaim.objects.filter(status=ClaimStatus.SUBMITTED).select_related("expert"))
    already_approved = PaymentClaim.objects.filter(status=ClaimStatus.APPROVED).count()
    assert len(waiting) >= 2

    browser_login(page, "coordinator@example.org", settings.DEMO_PASSWORD)
    page.get_by_role("link", name=f"{len(waiting)} claims waiting for approval").click()
    page.wait_for_url("**/network/claims/")
    assert page.locator("h1").inner_text() == "Claims"
    assert_accessible(page)

    # A claim, with its expenses and receipt.
    first = waiting[0]
    page.locator(f"table a[href$='/claims/{first.pk}/']").click()
    page.wait_for_url(f"**/network/claims/{first.pk}/")
    expect(page.locator(".nhsuk-summary-list")).to_contain_text(first.fee_basis)
    assert_accessible(page)
    page.go_back()

    # Approve every claim waiting, in one go.
    for claim in waiting:
        page.get_by_label(f"Select claim {claim.pk}:").check()
    page.get_by_role("button", name="Approve selected").click()
    # It asks first, listing the claims and their total.
    expect(page.get_by_role("heading", name=f"Approve {len(waiting)} claims?")).to_be_visible()
    assert PaymentClaim.objects.filter(status=ClaimStatus.SUBMITTED).count() == len(waiting)
    assert_accessible(page)
    page.get_by_role("button", name=f"Yes, approve {len(waiting)} claims").click()
    page.get_by_text(f"{len(waiting)} claims approved.").wait_for()
    assert PaymentClaim.objects.filter(status=ClaimStatus.SUBMITTED).count() == 0
    expect(page.get_by_text("There are no claims here.")).to_be_visible()
    assert_accessible(page)

    # Finance's download of approved claims.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download approved claims for finance (CSV)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("approved-claims-")
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert len(rows) == len(waiting) + already_approved
    assert {row["Claim ID"] for row in rows} >= {str(claim.pk) for claim in waiting}
    with page.expect_download() as excel:
        page.get_by_role("link", name="Download approved claims for finance (Excel)").click()
    assert excel.value.suggested_filename.endswith(".xlsx")

    # The approved list, ready to mark paid; a problem shows in the error summary.
    page.get_by_label("Show").select_option("approved")
    page.get_by_role("button", name="Show claims").click()
    page.wait_for_url("**status=approved**")
    page.get_by_label(f"Select claim {waiting[0].pk}:").check()
    page.get_by_role("button", name="Mark selected as paid").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter the payment reference finance gave")
    assert_accessible(page)


def test_the_coordinator_s_rate_card_attendance_and_earnings_pages(page, demo_data, browser_login, assert_accessible):
    browser_login(page, "coordinator@example.org", settings.DEMO_PASSWORD)

    page.goto("/network/rates/")
    expect(page.locator("table")).to_contain_text("Interview panel")
    assert_accessible(page)
    page.get_by_role("button", name="Add a rate").click()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert_accessible(page)

    claim = PaymentClaim.objects.select_related("attendance__invitation").filter(status=ClaimStatus.SUBMITTED).first()
    page.goto(f"/network/requests/{claim.attendance.invitation.request_id}/attendance/")
    expect(page.get_by_role("heading", name="Claims for this activity")).to_be_visible()
    assert_accessible(page)

    page.goto("/network/earnings/")
    expect(page.locator("table")).to_contain_text("Eve Morgan")
    assert_accessible(page)


def test_the_expert_sees_their_payments_and_adds_an_expense(page, demo_data, browser_login, assert_accessible):
    browser_login(page, "expert@example.org", settings.DEMO_PASSWORD)
    page.goto("/network/my-involvement/payments/")
    expect(page.locator("h1")).to_have_text("Your payments")
    assert_accessible(page)

    page.get_by_role("link", name="Co-production workshop on discharge").click()
    expect(page.get_by_text("Your claim is waiting for approval.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Add an expense").click()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert_accessible(page)
