"""The attendance, claims, export, portal payment and earnings pages: who may open each, and what it shows.

A requester records attendance only for their own requests and sees only the names of the
people booked; team leads and everyone else get 403. An expert by experience sees only their
own claims. Lists keep a constant number of queries from 10 to 2,000 claims.
"""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory
from tests.support.roles import answers
from together_network.models import (
    Attendance,
    ClaimStatus,
    EarningsPeriod,
    Invitation,
    PaymentClaim,
    PaymentPreference,
)
from together_network.services import expenses
from together_network.services import payments as services
from together_network.tests.factories import (
    ConsentRecordFactory,
    ExpertByExperienceFactory,
    LivedExperienceAreaFactory,
    RateFactory,
)
from together_network.tests.payments_support import (
    activity_with_places,
    assert_constant_queries,
    bulk_claims,
    claim_for,
    coordinator,
    days_ago,
)

pytestmark = pytest.mark.django_db

CLAIMS = reverse("together_network:claims")
EXPORT = reverse("together_network:claims_export")
EARNINGS = reverse("together_network:earnings")
PORTAL_PAYMENTS = reverse("together_network:portal_payments")


def attendance_url(request) -> str:
    return reverse("together_network:attendance", args=[request.pk])


@pytest.fixture
def booked():
    """An activity a week ago with two people booked: one with lived experience and contact details on record.
    Both agreed to their names being shared with the requester."""
    RateFactory(effective_from=datetime.date(2020, 4, 1))
    ada = ExpertByExperienceFactory(
        full_name="Ada Lovelace",
        email="ada.private@example.org",
        phone="07700 900123",
        lived_experience_areas=[LivedExperienceAreaFactory(name="Bipolar disorder")],
        reasonable_adjustments="Needs step-free access",
    )
    bo = ExpertByExperienceFactory(full_name="Bo Diddley", payment_preference=PaymentPreference.VOLUNTARY)
    for person in (ada, bo):
        ConsentRecordFactory(expert=person, share_name_when_booked=True)
    return activity_with_places(ada, bo, on=days_ago(7))


# --- Who opens what -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), answers(Role.NETWORK_COORDINATOR))
def test_only_coordinators_record_attendance_for_requests_not_their_own(client, login_as, booked, role, status):
    login_as(role)

    assert client.get(attendance_url(booked)).status_code == status


def test_the_requester_records_attendance_for_their_own_request(client, booked):
    client.force_login(booked.requester)

    assert client.get(attendance_url(booked)).status_code == 200


def test_a_lead_of_the_requesting_team_may_not(client, booked):
    lead = booked.requesting_team.leads.first()
    client.force_login(lead)

    assert client.get(attendance_url(booked)).status_code == 403


@pytest.mark.parametrize(("role", "status"), answers(Role.NETWORK_COORDINATOR, Role.ADMIN))
def test_the_claims_list_and_export_are_for_coordinators_and_finance(client, login_as, role, status):
    login_as(role)
    claim_for()

    assert client.get(CLAIMS).status_code == status
    assert client.get(EXPORT + "?format=csv").status_code == status


@pytest.mark.parametrize(("role", "status"), answers(Role.NETWORK_COORDINATOR))
def test_a_claim_s_pages_and_the_earnings_report_are_for_coordinators(client, login_as, role, status):
    login_as(role)
    claim = claim_for()

    for name in ("claim", "claim_reject", "claim_expense_add"):
        assert client.get(reverse(f"together_network:{name}", args=[claim.pk])).status_code == status, name
    assert client.get(EARNINGS).status_code == status


@pytest.mark.parametrize(("role", "status"), answers(Role.EXPERT_BY_EXPERIENCE))
def test_the_portal_payments_page_is_the_expert_s(client, login_as, role, status):
    login_as(role)

    assert client.get(PORTAL_PAYMENTS).status_code == status


def test_an_expert_sees_their_own_claims_and_never_anyone_else_s(client):
    eve_user, sam_user = UserFactory(roles=[Role.EXPERT_BY_EXPERIENCE]), UserFactory(roles=[Role.EXPERT_BY_EXPERIENCE])
    eve_claim = claim_for(ExpertByExperienceFactory(user=eve_user, full_name="Eve Morgan"))
    sam_claim = claim_for(ExpertByExperienceFactory(user=sam_user, full_name="Sam Other"))
    client.force_login(eve_user)

    page = client.get(PORTAL_PAYMENTS)
    assert [claim.pk for claim in page.context["payments"].claims] == [eve_claim.pk]
    assert client.get(reverse("together_network:portal_claim", args=[eve_claim.pk])).status_code == 200
    for name in ("portal_claim", "portal_expense_add", "claim"):
        assert client.get(reverse(f"together_network:{name}", args=[sam_claim.pk])).status_code == 403, name


def test_a_coordinator_opening_a_portal_claim_goes_to_their_own_page_for_it(client, login_as):
    login_as(Role.NETWORK_COORDINATOR)
    claim = claim_for()

    response = client.get(reverse("together_network:portal_claim", args=[claim.pk]))

    assert response.url == reverse("together_network:claim", args=[claim.pk])


# --- Attendance -------------------------------------------------------------------------------------------


def post_attendance(client, request, **rows):
    """rows: {place pk: ("yes", hours, minutes) or ("no",)}."""
    data = {}
    for pk, answer in rows.items():
        data[f"attended_{pk}"] = answer[0]
        if len(answer) > 1:
            data[f"hours_{pk}"], data[f"minutes_{pk}"] = answer[1], answer[2]
    return client.post(attendance_url(request), data, follow=True)


def places(request) -> dict[str, Invitation]:
    return {place.expert.full_name: place for place in request.invitations.select_related("expert")}


def test_the_requester_sees_only_the_names_of_the_people_booked(client, booked):
    client.force_login(booked.requester)

    page = client.get(attendance_url(booked)).content.decode()

    assert "Ada Lovelace" in page and "Bo Diddley" in page
    for private in ("ada.private@example.org", "07700 900123", "Bipolar disorder", "step-free", "Voluntary"):
        assert private not in page
    assert "Claims for this activity" not in page


def test_the_requester_records_who_took_part_and_paid_people_get_a_claim(client, booked):
    client.force_login(booked.requester)
    booked_places = places(booked)
    ada, bo = booked_places["Ada Lovelace"], booked_places["Bo Diddley"]

    response = post_attendance(client, booked, **{str(ada.pk): ("yes", "2", "10"), str(bo.pk): ("no",)})

    assert response.redirect_chain[-1][0] == reverse("involvement:detail", args=[booked.pk])
    assert "Attendance saved for 2 people." in response.content.decode()
    assert Attendance.objects.get(invitation=ada).actual_minutes == 130
    assert Attendance.objects.get(invitation=bo).attended is False
    claim = PaymentClaim.objects.get()
    assert (claim.expert.full_name, claim.fee, claim.status) == ("Ada Lovelace", Decimal("56.25"), "submitted")


def test_the_form_asks_for_an_answer_and_a_time_for_each_person(client, booked):
    client.force_login(booked.requester)
    ada = places(booked)["Ada Lovelace"]

    response = post_attendance(client, booked, **{str(ada.pk): ("yes", "0", "0")})

    errors = response.context["form"].errors
    assert errors[f"hours_{ada.pk}"] == ["Enter how long Ada Lovelace took part"]
    assert errors[f"attended_{places(booked)['Bo Diddley'].pk}"] == ["Say whether Bo Diddley took part"]
    assert not Attendance.objects.exists()
    assert "There is a problem" in response.content.decode()


def test_the_planned_time_is_offered_until_a_time_is_recorded(client, login_as, booked):
    login_as(Role.NETWORK_COORDINATOR)

    form = client.get(attendance_url(booked)).context["form"]

    ada = places(booked)["Ada Lovelace"]
    assert (form[f"hours_{ada.pk}"].value(), form[f"minutes_{ada.pk}"].value()) == (2, 0)


def test_a_refusal_from_the_rate_card_shows_on_the_page(client, login_as, booked):
    login_as(Role.NETWORK_COORDINATOR)
    from together_network.models import Rate

    Rate.objects.all().delete()
    ada, bo = places(booked)["Ada Lovelace"], places(booked)["Bo Diddley"]

    response = post_attendance(client, booked, **{str(ada.pk): ("yes", "1", "0"), str(bo.pk): ("no",)})

    assert "The rate card has no standard rate" in response.content.decode()
    assert not Attendance.objects.exists()


def test_the_coordinator_sees_each_person_s_claim_after_saving(client, login_as, booked):
    login_as(Role.NETWORK_COORDINATOR)
    ada, bo = places(booked)["Ada Lovelace"], places(booked)["Bo Diddley"]
    post_attendance(client, booked, **{str(ada.pk): ("yes", "1", "0"), str(bo.pk): ("yes", "1", "0")})

    page = client.get(attendance_url(booked)).content.decode()

    assert "Claims for this activity" in page
    assert "£25.00" in page
    assert "Claim expenses" in page  # Bo, a volunteer, took part for no fee


def test_an_activity_still_ahead_is_not_ready_for_attendance(client, login_as):
    login_as(Role.NETWORK_COORDINATOR)
    request = activity_with_places(ExpertByExperienceFactory(), on=days_ago(-5))

    page = client.get(attendance_url(request)).content.decode()

    assert "Attendance can be recorded from the day of the activity" in page
    assert "Save attendance" not in page


def test_the_request_page_links_to_attendance_for_those_who_record_it(client, booked):
    client.force_login(booked.requester)

    page = client.get(reverse("involvement:detail", args=[booked.pk])).content.decode()

    assert attendance_url(booked) in page


# --- The claims list: approve in bulk, mark paid, export -------------------------------------------------------


def test_approve_selected_approves_the_waiting_ones_and_says_what_it_left(client, login_as):
    login_as(Role.NETWORK_COORDINATOR)
    waiting = [claim_for(), claim_for()]
    paid_already = claim_for()
    services.claims_approve(claims=[paid_already], by=coordinator())

    response = client.post(
        CLAIMS, {"action": "approve", "claim": [c.pk for c in [*waiting, paid_already]], "confirmed": "1"}, follow=True
    )

    assert "2 claims approved. 1 claim not waiting for approval was left as before." in response.content.decode()
    assert set(PaymentClaim.objects.filter(status=ClaimStatus.APPROVED)) == {*waiting, paid_already}


def test_approve_selected_asks_first_listing_the_claims_and_their_total(client, login_as):
    login_as(Role.NETWORK_COORDINATOR)
    waiting = [claim_for(), claim_for()]
    paid_already = claim_for()
    services.claims_approve(claims=[paid_already], by=coordinator())

    page = client.post(
        f"{CLAIMS}?status=submitted", {"action": "approve", "claim": [c.pk for c in [*waiting, paid_already]]}
    )

    assert page.status_code == 200
    html = page.content.decode()
    assert "Approve 2 claims?" in html
    assert [claim.pk for claim in page.context["claims"]] == sorted(claim.pk for claim in waiting)
    assert page.context["total"] == sum(claim.total for claim in waiting)
    assert f"Total: <strong>£{page.context['total']:,.2f}</strong>" in html
    assert "1 other claim selected is left as it is" in html
    assert "No, go back to the claims" in html
    assert PaymentClaim.objects.filter(status=ClaimStatus.SUBMITTED).count() == 2  # nothing changed yet
    assert '<input type="hidden" name="confirmed" value="1">' in html

    done = client.post(
        f"{CLAIMS}?status=submitted",
        {"action": "approve", "claim": [c.pk for c in [*waiting, paid_already]], "confirmed": "1"},
        follow=True,
    )

    assert "2 claims approved." in done.content.decode()
    assert not PaymentClaim.objects.filter(status=ClaimStatus.SUBMITTED).exists()


def test_mark_selected_as_paid_asks_first_with_the_reference_and_date(client, login_as):
    login_as(Role.ADMIN)
    claim = claim_for()
    services.claims_approve(claims=[claim], by=coordinator())
    yesterday = days_ago(1)
    data = {
        "action": "pay",
        "claim": [claim.pk],
        "reference": "BACS 1234",
        "paid_on_day": yesterday.day,
        "paid_on_month": yesterday.month,
        "paid_on_year": yesterday.year,
    }

    page = client.post(CLAIMS, data)

    html = page.content.decode()
    assert "Mark 1 claim as paid?" in html
    assert f"with the reference BACS 1234 on {yesterday:%-d %B %Y}" in html
    assert 'name="reference" value="BACS 1234"' in html
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED

    client.post(CLAIMS, {**data, "confirmed": "1"})

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID


def test_approving_nothing_asks_to_select(client, login_as):
    login_as(Role.NETWORK_COORDINATOR)

    response = client.post(CLAIMS, {"action": "approve"}, follow=True)

    assert "Select at least one claim." in response.content.decode()


def test_finance_marks_selected_as_paid_with_a_reference_and_date(client, login_as):
    login_as(Role.ADMIN)
    claim = claim_for()
    services.claims_approve(claims=[claim], by=coordinator())
    yesterday = days_ago(1)

    response = client.post(
        CLAIMS,
        {
            "action": "pay",
            "confirmed": "1",
            "claim": [claim.pk],
            "reference": "BACS 1234",
            "paid_on_day": yesterday.day,
            "paid_on_month": yesterday.month,
            "paid_on_year": yesterday.year,
        },
        follow=True,
    )

    assert "1 claim marked as paid." in response.content.decode()
    claim.refresh_from_db()
    assert (claim.status, claim.payment_reference, claim.paid_at.date()) == (ClaimStatus.PAID, "BACS 1234", yesterday)


def test_finance_may_not_approve(client, login_as):
    login_as(Role.ADMIN)
    claim = claim_for()

    assert "Approve selected" not in client.get(CLAIMS).content.decode()
    assert client.post(CLAIMS, {"action": "approve", "claim": [claim.pk]}).status_code == 403


def test_marking_paid_without_a_reference_shows_the_problem(client, login_as):
    login_as(Role.NETWORK_COORDINATOR)
    claim = claim_for()

    response = client.post(CLAIMS, {"action": "pay", "claim": [claim.pk]})

    assert response.status_code == 200
    assert response.context["pay_form"].errors["reference"] == ["Enter the payment reference finance gave"]


def test_the_list_filters_by_status(client, login_as):
    login_as(Role.NETWORK_COORDINATOR)
    waiting, approved = claim_for(), claim_for()
    services.claims_approve(claims=[approved], by=coordinator())

    assert client.get(CLAIMS).context["claims"] == [waiting]
    assert client.get(CLAIMS, {"status": "approved"}).context["claims"] == [approved]
    assert len(client.get(CLAIMS, {"status": "all"}).context["claims"]) == 2


@pytest.mark.parametrize("odd", ["", "²", "paid ", "999999999999999999999", "ALL"])
def test_a_status_the_list_does_not_know_shows_the_claims_waiting(client, login_as, odd):
    login_as(Role.NETWORK_COORDINATOR)
    waiting, approved = claim_for(), claim_for()
    services.claims_approve(claims=[approved], by=coordinator())

    response = client.get(CLAIMS, {"status": odd})

    assert response.status_code == 200
    assert response.context["claims"] == [waiting]
    assert response.context["status"] == "submitted"
    assert '<option value="submitted" selected>' in response.content.decode()


def test_turning_down_a_claim_tells_the_person_why(client, login_as):
    login_as(Role.NETWORK_COORDINATOR)
    claim = claim_for()

    response = client.post(
        reverse("together_network:claim_reject", args=[claim.pk]), {"reason": "You were not at this one."}, follow=True
    )

    claim.refresh_from_db()
    assert (claim.status, claim.rejected_reason) == (ClaimStatus.REJECTED, "You were not at this one.")
    assert "has been told why" in response.content.decode()


EXPECTED_HEADER = [
    "Claim ID",
    "Name",
    "Payment preference",
    "Activity",
    "Activity type",
    "Date",
    "Hours",
    "Fee (£)",
    "Expenses (£)",
    "Total (£)",
    "How the fee was worked out",
    "Approved on",
]


def test_the_export_holds_approved_claims_with_what_finance_needs_and_nothing_private(client, login_as):
    login_as(Role.ADMIN)
    expert = ExpertByExperienceFactory(
        full_name="=Ada Formula",
        email="ada.private@example.org",
        lived_experience_areas=[LivedExperienceAreaFactory(name="Psychosis")],
    )
    approved = claim_for(expert, minutes=135, on=datetime.date(2026, 11, 3))
    expenses.expense_add(claim=approved, kind="travel", description="Bus", amount=Decimal("4.80"), by=coordinator())
    services.claims_approve(claims=[approved], by=coordinator())
    claim_for()  # waiting: not exported

    content = client.get(EXPORT, {"format": "csv"}).content.decode()

    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0] == EXPECTED_HEADER
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Claim ID"] == str(approved.pk)
    assert row["Name"] == "'=Ada Formula"  # never run as a formula
    assert row["Payment preference"] == "Paid"
    assert row["Date"] == "2026-11-03"
    assert (row["Hours"], row["Fee (£)"], row["Expenses (£)"], row["Total (£)"]) == ("2.25", "56.25", "4.80", "61.05")
    assert row["How the fee was worked out"].startswith("2.25 hours at £25.00 an hour")
    for private in ("ada.private@example.org", "Psychosis"):
        assert private not in content


def test_the_excel_export_has_numbers_as_numbers(client, login_as):
    login_as(Role.NETWORK_COORDINATOR)
    approved = claim_for(minutes=60)
    services.claims_approve(claims=[approved], by=coordinator())

    response = client.get(EXPORT, {"format": "xlsx"})

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    values = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert header == EXPECTED_HEADER
    assert values["Total (£)"] == 25
    assert sheet.title == "Approved claims"
    assert client.get(EXPORT, {"format": "pdf"}).status_code == 404


# --- Constant queries ------------------------------------------------------------------------------------


def test_the_claims_list_makes_the_same_queries_for_10_claims_as_for_2000(client, login_as, django_assert_num_queries):
    login_as(Role.NETWORK_COORDINATOR)
    bulk_claims(10)

    response = assert_constant_queries(client, CLAIMS, lambda: bulk_claims(1990), django_assert_num_queries)

    assert response.context["page"].paginator.count == 2000


def test_the_export_makes_the_same_queries_for_10_claims_as_for_2000(client, login_as, django_assert_num_queries):
    login_as(Role.NETWORK_COORDINATOR)
    bulk_claims(10, status=ClaimStatus.APPROVED)

    response = assert_constant_queries(
        client,
        EXPORT + "?format=csv",
        lambda: bulk_claims(1990, status=ClaimStatus.APPROVED),
        django_assert_num_queries,
    )

    assert response.content.decode().count("\n") == 2001


def test_the_earnings_report_makes_the_same_queries_for_10_people_as_for_2000(
    client, login_as, django_assert_num_queries
):
    login_as(Role.NETWORK_COORDINATOR)
    bulk_claims(10)

    response = assert_constant_queries(client, EARNINGS, lambda: bulk_claims(1990), django_assert_num_queries)

    assert response.context["page"].paginator.count == 2000


# --- The earnings report ------------------------------------------------------------------------------------


def test_the_report_tags_people_over_and_near_their_limit_and_downloads(client, login_as):
    login_as(Role.NETWORK_COORDINATOR)
    RateFactory(effective_from=datetime.date(2020, 4, 1))
    day = datetime.date(2026, 11, 10)
    over = ExpertByExperienceFactory(
        full_name="Olive Over", earnings_limit=Decimal("40"), earnings_limit_period="month"
    )
    near = ExpertByExperienceFactory(full_name="Nia Near", earnings_limit=Decimal("60"), earnings_limit_period="month")
    within = ExpertByExperienceFactory(
        full_name="Wyn Within", earnings_limit=Decimal("100"), earnings_limit_period="month"
    )
    for person in (over, near, within):
        claim_for(person, minutes=120, on=day)  # £50.00 each

    query = {"period": "own", "day_day": 20, "day_month": 11, "day_year": 2026}
    rows = client.get(EARNINGS, query).context["rows"]

    standing = {row["expert"].full_name: row["standing"] for row in rows}
    assert standing == {"Olive Over": "Over", "Nia Near": "Near", "Wyn Within": ""}
    assert [row["expert"].full_name for row in rows] == ["Olive Over", "Nia Near", "Wyn Within"]
    assert all(row["earned"] == Decimal("50.00") for row in rows)
    only_over = client.get(EARNINGS, {**query, "show": "over"}).context["rows"]
    assert [row["expert"] for row in only_over] == [over]
    content = client.get(EARNINGS, {**query, "format": "csv"}).content.decode()
    lines = list(csv.reader(io.StringIO(content)))
    assert lines[0] == ["Name", "Payment preference", "Period from", "Period to", "Earned (£)", "Limit", "Standing"]
    assert lines[1] == ["Olive Over", "Paid", "2026-11-01", "2026-11-30", "50.00", "£40.00 in a month", "Over"]


def test_a_limit_counts_only_against_its_own_kind_of_period(client, login_as):
    login_as(Role.NETWORK_COORDINATOR)
    RateFactory(effective_from=datetime.date(2020, 4, 1))
    weekly = ExpertByExperienceFactory(earnings_limit=Decimal("10"), earnings_limit_period=EarningsPeriod.WEEK)
    claim_for(weekly, minutes=120, on=datetime.date(2026, 11, 10))

    rows = client.get(EARNINGS, {"period": "month", "day_day": 10, "day_month": 11, "day_year": 2026}).context["rows"]

    assert rows[0]["standing"] == ""
    assert (
        "A limit for another kind of period"
        in client.get(EARNINGS, {"period": "month", "day_day": 10, "day_month": 11, "day_year": 2026}).content.decode()
    )


@pytest.mark.parametrize(
    "role", [Role.REQUESTER, Role.TEAM_LEAD, Role.PEER_SUPPORT_LEAD, Role.PEER_SUPPORT_WORKER, Role.ADMIN]
)
def test_staff_other_than_coordinators_never_open_a_person_s_claim(client, login_as, role):
    login_as(role)
    claim = claim_for()
    expenses.expense_add(claim=claim, kind="travel", description="Bus", amount=Decimal("4.80"), by=coordinator())
    expense = claim.expenses.get()

    for name in ("portal_claim", "portal_expense_add", "claim", "claim_expense_add", "claim_reject"):
        assert client.get(reverse(f"together_network:{name}", args=[claim.pk])).status_code == 403, name
    remove = reverse("together_network:expense_remove", args=[claim.pk, expense.pk])
    assert client.post(remove).status_code == 403
    assert client.post(reverse("together_network:claim_for_expenses", args=[claim.attendance_id])).status_code == 403
    assert claim.expenses.exists()


# --- Odd input gives a normal page ---------------------------------------------------------------------------


def test_a_claim_id_too_big_for_the_database_is_ignored(client, login_as):
    login_as(Role.NETWORK_COORDINATOR)
    claim = claim_for()

    response = client.post(CLAIMS, {"action": "approve", "claim": ["99999999999999999999999"]}, follow=True)

    assert response.status_code == 200
    assert "Select at least one claim." in response.content.decode()
    response = client.post(
        CLAIMS, {"action": "approve", "claim": ["99999999999999999999999", claim.pk], "confirmed": "1"}, follow=True
    )
    assert "1 claim approved." in response.content.decode()


def test_a_date_far_ahead_on_the_earnings_report_is_explained(client, login_as):
    login_as(Role.NETWORK_COORDINATOR)

    response = client.get(EARNINGS, {"day_day": 31, "day_month": 12, "day_year": 9999, "period": "month"})

    assert response.status_code == 200
    assert response.context["form"].errors["day"] == ["The year must be between 2000 and 2100"]
    assert "The year must be between 2000 and 2100" in response.content.decode()


# --- A coordinator who takes part never decides on their own claim ------------------------------------------------


def test_a_coordinator_s_own_claim_has_no_checkbox_and_is_skipped_with_a_reason(client, login_as):
    user = login_as(Role.NETWORK_COORDINATOR, Role.EXPERT_BY_EXPERIENCE)
    own = claim_for(ExpertByExperienceFactory(user=user, full_name="Cora Coordinator"))
    other = claim_for()

    page = client.get(CLAIMS).content.decode()
    assert f'id="claim-{own.pk}"' not in page
    assert f'id="claim-{other.pk}"' in page
    assert "Your own claim: another network coordinator decides on it" in page
    response = client.post(CLAIMS, {"action": "approve", "claim": [own.pk, other.pk], "confirmed": "1"}, follow=True)

    assert "1 claim approved. 1 claim of your own was skipped: another network coordinator decides on it." in (
        response.content.decode()
    )
    own.refresh_from_db()
    assert own.status == ClaimStatus.SUBMITTED
    claim_page = client.get(reverse("together_network:claim", args=[own.pk])).content.decode()
    assert "Approve this claim" not in claim_page and "Turn it down" not in claim_page
    response = client.post(reverse("together_network:claim_reject", args=[own.pk]), {"reason": "No"}, follow=True)
    assert "another network coordinator decides on it" in response.content.decode()
    own.refresh_from_db()
    assert own.status == ClaimStatus.SUBMITTED


# --- Benefit periods: when earnings count ----------------------------------------------------------------------


def test_the_earnings_report_says_universal_credit_counts_earnings_when_paid(client, login_as):
    login_as(Role.NETWORK_COORDINATOR)

    page = client.get(EARNINGS).content.decode()

    assert "Universal Credit counts earnings in the assessment period they are paid in" in page


# --- The attendance page warns of a limit passed -------------------------------------------------------------------


def test_recording_hours_that_take_someone_over_their_limit_warns_the_coordinator(client, login_as):
    RateFactory(effective_from=datetime.date(2020, 4, 1))
    lena = ExpertByExperienceFactory(
        full_name="Lena Limit", earnings_limit=Decimal("40.00"), earnings_limit_period=EarningsPeriod.WEEK
    )
    request = activity_with_places(lena, on=days_ago(7))
    place = Invitation.objects.get(request=request, expert=lena)
    login_as(Role.NETWORK_COORDINATOR)

    response = client.post(
        attendance_url(request), {f"attended_{place.pk}": "yes", f"hours_{place.pk}": 2, f"minutes_{place.pk}": 0}
    )
    page = client.get(response.url).content.decode()

    assert "Lena Limit has now earned £50.00 in the week from Monday" in page
    assert "over the limit they agreed (£40.00 in a week)" in page
    assert "over the limit they agreed" in client.get(attendance_url(request)).content.decode()


def test_the_requester_is_not_told_of_anyone_s_earnings(client):
    RateFactory(effective_from=datetime.date(2020, 4, 1))
    lena = ExpertByExperienceFactory(earnings_limit=Decimal("40.00"), earnings_limit_period=EarningsPeriod.WEEK)
    request = activity_with_places(lena, on=days_ago(7))
    place = Invitation.objects.get(request=request, expert=lena)
    client.force_login(request.requester)

    response = client.post(
        attendance_url(request),
        {f"attended_{place.pk}": "yes", f"hours_{place.pk}": 2, f"minutes_{place.pk}": 0},
        follow=True,
    )

    assert "limit" not in response.content.decode()
    assert "limit" not in client.get(attendance_url(request)).content.decode()


# --- Removing an expense asks first ----------------------------------------------------------------------


def test_removing_an_expense_asks_first_then_removes_it(client, login_as):
    login_as(Role.NETWORK_COORDINATOR)
    claim = claim_for()
    expenses.expense_add(claim=claim, kind="travel", description="Bus", amount=Decimal("4.80"), by=coordinator())
    expense = claim.expenses.get()
    claim.refresh_from_db()
    remove = reverse("together_network:expense_remove", args=[claim.pk, expense.pk])
    assert f'href="{remove}"' in client.get(reverse("together_network:claim", args=[claim.pk])).content.decode()

    page = client.get(remove)

    assert page.status_code == 200
    html = page.content.decode()
    assert "Remove this expense?" in html
    assert f"The claim's total will go down to £{claim.total - Decimal('4.80'):.2f}" in html
    assert "No, keep it" in html
    assert claim.expenses.exists()  # opening the page changes nothing

    response = client.post(remove, follow=True)

    assert "Expense removed: Bus." in response.content.decode()
    assert not claim.expenses.exists()
