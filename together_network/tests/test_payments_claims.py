"""Attendance and the claims it makes: worked out once from the rate card, again until approved, never after.

Also approving in bulk (only what is waiting), turning down, marking paid, and the
notifications each sends once.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from involvement.models import Payment
from involvement.tests.factories import ActivityTypeFactory
from notifications.models import Notification
from notifications.services import notification_deliver
from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory
from together_network.models import Attendance, ClaimStatus, PaymentClaim, PaymentPreference
from together_network.selectors import fees
from together_network.services import expenses
from together_network.services import payments as services
from together_network.tests.factories import ExpertByExperienceFactory, RateFactory
from together_network.tests.payments_support import (
    activity_with_places,
    attend,
    claim_for,
    coordinator,
    days_ago,
    place_of,
    record,
)

pytestmark = pytest.mark.django_db

APRIL_2026 = datetime.date(2026, 4, 1)


@pytest.fixture
def rate_change():
    """Any activity, standard: £20.00 an hour to 31 March 2026, then £22.00."""
    old = RateFactory(amount=Decimal("20.00"), effective_from=datetime.date(2025, 4, 1))
    return old, services.rate_add(
        activity_type=None,
        level="standard",
        unit="hour",
        amount=Decimal("22.00"),
        effective_from=APRIL_2026,
        by=coordinator(),
    )


# --- Worked out from the rate card, on the activity's date ---------------------------------------------


def test_claims_before_and_after_a_rate_change_keep_their_own_rates(rate_change):
    old, new = rate_change
    before = claim_for(on=datetime.date(2026, 3, 31), minutes=120)
    after = claim_for(on=datetime.date(2026, 4, 1), minutes=120)

    assert (before.fee, before.rate) == (Decimal("40.00"), old)
    assert (after.fee, after.rate) == (Decimal("44.00"), new)
    assert before.fee_basis == "2 hours at £20.00 an hour (standard rate from 1 April 2025)"
    assert after.fee_basis == "2 hours at £22.00 an hour (standard rate from 1 April 2026)"
    for value in (before.fee, before.expenses_total, before.total, after.fee, after.total):
        assert isinstance(value, Decimal)


def test_a_later_rate_change_does_not_touch_a_claim_already_worked_out(rate_change):
    claim = claim_for(on=datetime.date(2026, 6, 1), minutes=60)

    services.rate_add(
        activity_type=None,
        level="standard",
        unit="hour",
        amount=Decimal("30.00"),
        effective_from=datetime.date(2026, 7, 1),
        by=coordinator(),
    )

    claim.refresh_from_db()
    assert claim.fee == Decimal("22.00")


def test_enhanced_requests_are_paid_the_enhanced_rate():
    RateFactory(amount=Decimal("25.00"))
    RateFactory(amount=Decimal("35.00"), level="enhanced")

    claim = claim_for(minutes=90, on=datetime.date(2026, 6, 1), rate_level="enhanced")

    assert claim.fee == Decimal("52.50")
    assert "enhanced rate" in claim.fee_basis


def test_a_type_s_own_day_rate_is_used_and_others_fall_back_to_any_activity():
    interview = ActivityTypeFactory(name="Interview panel")
    RateFactory(amount=Decimal("25.00"))
    RateFactory(activity_type=interview, unit="half_day", amount=Decimal("60.00"))
    RateFactory(activity_type=interview, unit="day", amount=Decimal("110.00"))

    half_day = claim_for(minutes=240, on=datetime.date(2026, 6, 1), activity_type=interview)
    day = claim_for(minutes=241, on=datetime.date(2026, 6, 2), activity_type=interview)
    other = claim_for(minutes=241, on=datetime.date(2026, 6, 3), activity_type=ActivityTypeFactory(name="Focus group"))

    assert (half_day.fee, day.fee, other.fee) == (
        Decimal("60.00"),
        Decimal("110.00"),
        Decimal("106.25"),
    )  # 4.25 hours at £25.00


def test_with_no_rate_attendance_is_refused_naming_what_is_missing():
    RateFactory(level="enhanced")
    expert = ExpertByExperienceFactory()
    request = activity_with_places(
        expert, on=datetime.date(2026, 5, 3), activity_type=ActivityTypeFactory(name="Focus group")
    )

    with pytest.raises(ValidationError) as refused:
        record(request, {expert: 60})

    assert refused.value.messages == [
        "The rate card has no standard rate for Focus group (nor for any activity) on 3 May 2026. "
        "Ask a network coordinator to add one to the rate card."
    ]
    assert not Attendance.objects.exists()


# --- Who gets a fee -----------------------------------------------------------------------------------


@pytest.mark.parametrize("preference", [PaymentPreference.VOLUNTARY, PaymentPreference.UNPAID_BENEFITS])
def test_volunteers_get_no_claim_until_they_claim_expenses(preference):
    RateFactory()
    volunteer = ExpertByExperienceFactory(payment_preference=preference)

    attendance = attend(volunteer, minutes=120)

    assert not PaymentClaim.objects.exists()
    claim = services.claim_open_for_expenses(attendance=attendance, by=coordinator())
    assert (claim.fee, claim.status, claim.rate) == (Decimal("0.00"), ClaimStatus.SUBMITTED, None)
    assert claim.fee_basis.startswith("No fee:")
    assert services.claim_open_for_expenses(attendance=attendance, by=coordinator()) == claim  # once


def test_a_voluntary_activity_pays_no_fee_even_to_someone_paid():
    RateFactory()

    attend(ExpertByExperienceFactory(), payment=Payment.VOLUNTARY)

    assert not PaymentClaim.objects.exists()


def test_nobody_opens_a_claim_for_an_activity_they_did_not_attend():
    RateFactory()
    volunteer = ExpertByExperienceFactory(payment_preference=PaymentPreference.VOLUNTARY)
    request = activity_with_places(volunteer)
    record(request, {volunteer: None})
    attendance = Attendance.objects.get()

    with pytest.raises(ValidationError):
        services.claim_open_for_expenses(attendance=attendance, by=coordinator())


# --- Recording again -----------------------------------------------------------------------------------


def test_recording_again_before_approval_works_the_fee_out_again():
    RateFactory()
    expert = ExpertByExperienceFactory()
    request = activity_with_places(expert)
    record(request, {expert: 60})

    record(request, {expert: 150})

    claim = PaymentClaim.objects.get()
    assert claim.fee == Decimal("62.50")
    assert claim.attendance.actual_minutes == 150


def test_once_approved_attendance_cannot_change_but_saving_it_unchanged_is_fine():
    RateFactory()
    expert, other = ExpertByExperienceFactory(full_name="Ada Approved"), ExpertByExperienceFactory()
    request = activity_with_places(expert, other)
    record(request, {expert: 60, other: 60})
    services.claims_approve(claims=PaymentClaim.objects.filter(expert=expert), by=coordinator())

    record(request, {expert: 60, other: 90})  # unchanged for Ada: fine
    with pytest.raises(ValidationError) as refused:
        record(request, {expert: 120, other: 120})

    assert "Ada Approved's claim has been approved, so their attendance can no longer change" in str(refused.value)
    assert PaymentClaim.objects.get(expert=expert).fee == Decimal("25.00")
    assert PaymentClaim.objects.get(expert=other).fee == Decimal("37.50")  # the refused save changed nothing


def test_recorded_as_not_there_before_approval_the_claim_goes():
    RateFactory()
    expert = ExpertByExperienceFactory()
    request = activity_with_places(expert)
    record(request, {expert: 60})

    record(request, {expert: None})

    assert not PaymentClaim.objects.exists()
    assert Attendance.objects.get().attended is False


def test_recorded_as_not_there_with_expenses_waiting_is_refused():
    claim = claim_for()
    expenses.expense_add(claim=claim, kind="travel", description="Bus", amount=Decimal("4.80"), by=coordinator())
    request = claim.attendance.invitation.request

    with pytest.raises(ValidationError) as refused:
        record(request, {claim.expert: None})

    assert "has expenses on their claim" in str(refused.value)
    assert PaymentClaim.objects.filter(pk=claim.pk).exists()


def test_attendance_is_for_people_with_a_place_only():
    RateFactory()
    expert = ExpertByExperienceFactory()
    request = activity_with_places(expert)
    stranger_request = activity_with_places(ExpertByExperienceFactory())
    stranger_place = stranger_request.invitations.get()

    with pytest.raises(ValidationError):
        services.attendance_record(
            request=request, entries=[services.AttendanceEntry(stranger_place.pk, True, 60)], by=coordinator()
        )


def test_attendance_waits_for_the_day_of_the_activity():
    RateFactory()
    expert = ExpertByExperienceFactory()
    request = activity_with_places(expert, on=days_ago(-3))

    with pytest.raises(ValidationError) as refused:
        record(request, {expert: 60})

    assert "from the day of the activity" in str(refused.value)
    request = activity_with_places(ExpertByExperienceFactory(), on=days_ago(0))  # today is fine
    assert services.attendance_problem(request) is None


def test_only_the_coordinator_or_the_requester_records_attendance():
    RateFactory()
    expert = ExpertByExperienceFactory()
    request = activity_with_places(expert)

    for role in (Role.TEAM_LEAD, Role.REQUESTER, Role.EXPERT_BY_EXPERIENCE, Role.ADMIN):
        with pytest.raises(PermissionDenied):
            record(request, {expert: 60}, by=UserFactory(roles=[role]))
    saved = record(request, {expert: 60}, by=request.requester)
    assert (saved.recorded, saved.claims) == (1, 1)
    assert place_of(request, expert).attendance.recorded_by == request.requester


# --- Approving, turning down, paying --------------------------------------------------------------------


def test_bulk_approval_approves_only_claims_waiting_and_says_how_many():
    waiting = [claim_for(), claim_for()]
    rejected = claim_for()
    services.claim_reject(claim=rejected, reason="A duplicate", by=coordinator())
    already = claim_for()
    services.claims_approve(claims=[already], by=coordinator())
    approver = coordinator()

    approved = services.claims_approve(claims=[*waiting, rejected, already], by=approver)

    assert (approved.done, approved.own) == (2, 0)
    for claim in waiting:
        claim.refresh_from_db()
        assert (claim.status, claim.approved_by) == (ClaimStatus.APPROVED, approver)
    rejected.refresh_from_db()
    assert rejected.status == ClaimStatus.REJECTED


def test_only_coordinators_approve():
    claim = claim_for()

    with pytest.raises(PermissionDenied):
        services.claims_approve(claims=[claim], by=UserFactory(roles=[Role.ADMIN]))


def test_turning_down_needs_a_reason_and_a_claim_waiting():
    claim = claim_for()

    with pytest.raises(ValidationError):
        services.claim_reject(claim=claim, reason="  ", by=coordinator())
    services.claim_reject(claim=claim, reason="You were not at this one", by=coordinator())
    with pytest.raises(ValidationError):
        services.claim_reject(claim=claim, reason="Again", by=coordinator())


def test_marking_paid_takes_approved_claims_only_with_reference_and_date():
    approved, waiting = claim_for(), claim_for()
    services.claims_approve(claims=[approved], by=coordinator())
    finance = UserFactory(roles=[Role.ADMIN])

    paid = services.claims_mark_paid(
        claims=[approved, waiting], reference="BACS-2026-11", paid_on=days_ago(1), by=finance
    )

    assert paid.done == 1
    approved.refresh_from_db()
    waiting.refresh_from_db()
    assert (approved.status, approved.payment_reference, approved.paid_by) == (
        ClaimStatus.PAID,
        "BACS-2026-11",
        finance,
    )
    assert approved.paid_at.date() == days_ago(1)
    assert waiting.status == ClaimStatus.SUBMITTED
    with pytest.raises(ValidationError) as refused:
        services.claims_mark_paid(claims=[approved], reference="", paid_on=days_ago(-1), by=finance)
    assert set(refused.value.message_dict) == {"reference", "paid_on"}


def test_the_person_hears_once_when_approved_and_once_when_paid(mailoutbox):
    expert = ExpertByExperienceFactory(full_name="Eve Morgan", email="eve@example.org")
    claim = claim_for(expert, minutes=120)
    expenses.expense_add(claim=claim, kind="travel", description="Bus", amount=Decimal("4.80"), by=coordinator())

    services.claims_approve(claims=[claim], by=coordinator())
    services.claims_approve(claims=[claim], by=coordinator())
    services.claims_mark_paid(claims=[claim], reference="RUN-7", paid_on=days_ago(0), by=coordinator())
    services.claims_mark_paid(claims=[claim], reference="RUN-8", paid_on=days_ago(0), by=coordinator())

    told = Notification.objects.filter(recipient_email="eve@example.org").order_by("pk")
    assert [(n.event, n.subject) for n in told if n.event.startswith("network_claim")] == [
        ("network_claim_approved", "Claim approved: £54.80"),
        ("network_claim_paid", "Claim paid: £54.80"),
    ]
    approved = told.get(event="network_claim_approved")
    assert "Fee: £50.00 (2 hours at £25.00 an hour" in approved.body_text
    assert "Expenses: £4.80" in approved.body_text
    assert "See your payments" not in approved.body_text  # no login, so no portal link
    assert "RUN-7" in told.get(event="network_claim_paid").body_text
    notification_deliver(notification_id=approved.pk)
    assert mailoutbox[-1].to == ["eve@example.org"]


def test_someone_with_a_login_is_told_in_the_app_with_a_link_to_their_claim():
    user = UserFactory(roles=[Role.EXPERT_BY_EXPERIENCE])
    claim = claim_for(ExpertByExperienceFactory(user=user))

    services.claims_approve(claims=[claim], by=coordinator())

    notice = Notification.objects.get(event="network_claim_approved")
    assert notice.recipient == user
    assert notice.link == f"/network/my-involvement/payments/{claim.pk}/"


# --- Saving attendance again while the claim is being decided -------------------------------------------------


def test_an_approval_and_an_expense_made_while_attendance_is_saved_again_are_kept(monkeypatch):
    """The claim is read under a lock and saved field by field: nothing decided meanwhile is undone."""
    RateFactory()
    expert = ExpertByExperienceFactory()
    request = activity_with_places(expert)
    record(request, {expert: 120})
    claim = PaymentClaim.objects.get(expert=expert)
    look_up = fees.lines_for

    def meanwhile(*arguments, **named):
        """While the fee is being worked out again, a coordinator adds an expense and approves the claim."""
        monkeypatch.setattr(fees, "lines_for", look_up)
        expenses.expense_add(claim=claim, kind="travel", description="Bus", amount=Decimal("4.80"), by=coordinator())
        services.claims_approve(claims=[claim], by=coordinator())
        return look_up(*arguments, **named)

    monkeypatch.setattr(fees, "lines_for", meanwhile)
    record(request, {expert: 180})

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
    assert claim.approved_at is not None
    assert claim.expenses_total == Decimal("4.80")
    assert claim.total == claim.fee + Decimal("4.80")


def test_a_debrief_offered_is_kept_when_attendance_is_saved_again():
    RateFactory()
    expert = ExpertByExperienceFactory()
    request = activity_with_places(expert)
    record(request, {expert: 120})
    attendance = Attendance.objects.get()
    Attendance.objects.filter(pk=attendance.pk).update(debrief_note="Talked it through")

    record(request, {expert: 150})

    attendance.refresh_from_db()
    assert (attendance.actual_minutes, attendance.debrief_note) == (150, "Talked it through")


# --- Nobody decides on their own claim ------------------------------------------------------------------------


@pytest.fixture
def coordinator_who_takes_part():
    """A network coordinator who is also an expert by experience, with a claim of their own waiting."""
    user = UserFactory(roles=[Role.NETWORK_COORDINATOR, Role.EXPERT_BY_EXPERIENCE])
    own = claim_for(ExpertByExperienceFactory(user=user))
    return user, own


def test_a_coordinator_who_takes_part_cannot_approve_their_own_claim(coordinator_who_takes_part):
    user, own = coordinator_who_takes_part
    other = claim_for()

    decided = services.claims_approve(claims=[own, other], by=user)

    assert (decided.done, decided.own) == (1, 1)
    own.refresh_from_db()
    other.refresh_from_db()
    assert (own.status, other.status) == (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED)
    assert not Notification.objects.filter(event="network_claim_approved", object_key__endswith=f":{own.pk}").exists()


def test_a_coordinator_who_takes_part_cannot_turn_down_or_mark_paid_their_own_claim(coordinator_who_takes_part):
    user, own = coordinator_who_takes_part

    with pytest.raises(ValidationError) as refused:
        services.claim_reject(claim=own, reason="Not needed", by=user)
    assert "your own claim" in refused.value.messages[0]
    services.claims_approve(claims=[own], by=coordinator())

    decided = services.claims_mark_paid(claims=[own], reference="RUN-1", paid_on=days_ago(0), by=user)

    assert (decided.done, decided.own) == (0, 1)
    own.refresh_from_db()
    assert own.status == ClaimStatus.APPROVED
