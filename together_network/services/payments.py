"""Writes for the rate card, attendance and payment claims: every change to them goes through here.

A claim's fee is worked out from the rate card when attendance is recorded and kept with how
it was worked out, so a later change of rate never changes it; recording attendance again
before approval works it out again. Approved and paid claims never change, and nobody decides
on a claim of their own (a coordinator who also takes part). Rules and reasons:
docs/adr/0015-payments-and-benefit-thresholds.md. The rate card: services/rates.py; expenses and
receipts: services/expenses.py.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from involvement.models import InvolvementRequest, Route
from together_network.models import Invitation, InvitationStatus

from ..models import Attendance, ClaimStatus, PaymentClaim, Rate
from ..notification_types import ClaimApproved, ClaimPaid, ClaimRejected, ClaimsWaitingForApproval
from ..selectors import fees
from ..selectors.earnings import sessions_of
from ..selectors.fees import ZERO
from ..selectors.payments import ATTENDANCE_STATUSES
from ..transitions import CLAIM_TRANSITIONS, NOT_OWN_CLAIM, OWN_CLAIM, ClaimAction, is_own
from .payment_checks import amount_problem, check_claim, require_permission
from .rates import RATE_MOST, rate_add, rate_end

__all__ = [  # the rate card's writes and the shared checks, named here for those who import them from this module
    "OWN_CLAIM",
    "RATE_MOST",
    "amount_problem",
    "is_own",
    "rate_add",
    "rate_end",
    "require_permission",
]

# --- Working out a fee --------------------------------------------------------------------------


def fee_for_attendance(attendance: Attendance, *, rates: list[Rate] | None = None) -> fees.Fee:
    """The fee for an attended place: nothing for a volunteer or a voluntary activity, else the rate card's.

    Each session of the activity is paid at the rates of its own day (fees.fee_for_sessions).
    Raises ValidationError naming the missing rate, and the day, when the card has none.
    """
    invitation = attendance.invitation
    request, expert = invitation.request, invitation.expert
    reason = fees.no_fee_reason(request_payment=request.payment, payment_preference=expert.payment_preference)
    if reason:
        return fees.Fee(amount=ZERO, basis=reason)
    if rates is None:
        rates = list(
            Rate.objects.select_related("activity_type").filter(
                Q(activity_type=request.activity_type_id) | Q(activity_type__isnull=True), level=request.rate_level
            )
        )
    try:
        return fees.fee_for_sessions(
            minutes=attendance.actual_minutes,
            sessions=sessions_of(request),
            rates=rates,
            activity_type_id=request.activity_type_id,
            level=request.rate_level,
        )
    except fees.NoRate as missing:
        message = fees.no_rate_message(
            activity_type_name=request.activity_type.name,
            level=request.rate_level,
            on=missing.on or request.activity_date,
        )
        raise ValidationError(message) from missing


# What working a claim out again may change: never its status, expenses, or who decided and when.
WORKED_OUT_FIELDS = ["fee", "fee_basis", "rate", "activity_date"]


def _work_out(claim: PaymentClaim, attendance: Attendance, *, rates: list[Rate] | None = None) -> PaymentClaim:
    fee = fee_for_attendance(attendance, rates=rates)
    claim.fee, claim.fee_basis, claim.rate = fee.amount, fee.basis[: fees.BASIS_LENGTH], fee.rate
    claim.activity_date = attendance.invitation.request.activity_date  # the first session's day
    claim.expert = attendance.invitation.expert
    return claim


def _save_worked_out(claim: PaymentClaim) -> None:
    if claim.pk is None:
        claim.save()
    else:
        claim.save(update_fields=WORKED_OUT_FIELDS)


# --- Attendance -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceEntry:
    invitation_id: int
    attended: bool
    minutes: int | None = None


@dataclass(frozen=True)
class AttendanceSaved:
    recorded: int
    claims: int  # claims worked out (new or again)


def attendance_problem(request: InvolvementRequest, today: datetime.date | None = None) -> str | None:
    """Why attendance cannot be recorded for this request yet (or at all); None when it can."""
    today = today or timezone.localdate()
    if request.route != Route.NETWORK:
        return "Attendance is recorded for Together network activities only."
    if request.status not in ATTENDANCE_STATUSES:
        return f"Attendance cannot be recorded for a request that is {request.get_status_display().lower()}."
    if request.activity_date > today:
        return f"Attendance can be recorded from the day of the activity, {fees.long_date(request.activity_date)}."
    return None


@transaction.atomic
def attendance_record(*, request: InvolvementRequest, entries: list[AttendanceEntry], by) -> AttendanceSaved:
    """Who came and for how long; paid attendees' claims are worked out (again, until approved).

    A claim approved or paid fixes that person's attendance. A claim waiting for approval goes
    when the person is recorded as not there, unless expenses are on it (a coordinator turns it
    down instead). Turned-down claims are closed and stay as they are.

    The request's attendances and claims are locked, and read under the lock, before their
    state is checked: an approval, a payment or an expense added at the same moment either
    waits for this save or is seen by it. Existing rows are saved field by field, so nothing
    this save does not own (status, expenses, decisions, debriefs) is ever written back.
    """
    request = (
        InvolvementRequest.objects.select_for_update(of=("self",))
        .select_related("activity_type")
        .prefetch_related("further_sessions")
        .get(pk=request.pk)
    )
    require_permission(by, "together_network.record_attendance", request)
    if problem := attendance_problem(request):
        raise ValidationError(problem)
    places = {
        place.pk: place
        for place in Invitation.objects.filter(request=request, status=InvitationStatus.ACCEPTED).select_related(
            "expert"
        )
    }
    attendances = {
        attendance.invitation_id: attendance
        for attendance in Attendance.objects.select_for_update(of=("self",))
        .filter(invitation__request=request)
        .order_by("pk")
    }
    claims = {
        claim.attendance_id: claim
        for claim in PaymentClaim.objects.select_for_update(of=("self",))
        .filter(attendance__invitation__request=request)
        .order_by("pk")
    }
    rates = list(Rate.objects.select_related("activity_type"))  # the card is small: read it once
    problems: dict[str, str] = {}
    recorded = worked_out = 0
    for entry in entries:
        place = places.get(entry.invitation_id)
        if place is None:
            raise ValidationError("Attendance can only be recorded for people with a place on this activity.")
        place.request = request
        minutes = entry.minutes if entry.attended else None
        if entry.attended and not minutes:
            problems[f"place-{place.pk}"] = f"Enter how long {place.expert.full_name} took part"
            continue
        attendance = attendances.get(place.pk)
        claim = claims.get(attendance.pk) if attendance else None
        unchanged = attendance is not None and (attendance.attended, attendance.actual_minutes) == (
            entry.attended,
            minutes,
        )
        if claim is not None and claim.status in {ClaimStatus.APPROVED, ClaimStatus.PAID}:
            if not unchanged:
                problems[f"place-{place.pk}"] = (
                    f"{place.expert.full_name}'s claim has been {claim.get_status_display().lower()}, "
                    "so their attendance can no longer change"
                )
            continue
        if claim is not None and claim.status == ClaimStatus.SUBMITTED and not entry.attended:
            if claim.expenses.exists():
                problems[f"place-{place.pk}"] = (
                    f"{place.expert.full_name} has expenses on their claim for this activity: "
                    "a network coordinator can turn the claim down first"
                )
                continue
            claim.delete()
            claim = None
        attendance = attendance or Attendance(invitation=place)
        attendance.invitation = place
        attendance.attended, attendance.actual_minutes = entry.attended, minutes
        attendance.recorded_by, attendance.recorded_at = by, timezone.now()
        if attendance.pk is None:
            attendance.save()
        else:
            attendance.save(update_fields=["attended", "actual_minutes", "recorded_by", "recorded_at"])
        recorded += 1
        if not entry.attended or (claim is not None and claim.status == ClaimStatus.REJECTED):
            continue
        paid = not fees.no_fee_reason(
            request_payment=request.payment, payment_preference=place.expert.payment_preference
        )
        if claim is None and not paid:
            continue  # nothing to pay; they can still claim expenses (claim_open_for_expenses)
        claim = claim or PaymentClaim(attendance=attendance, status=ClaimStatus.SUBMITTED)
        try:
            _save_worked_out(_work_out(claim, attendance, rates=rates))
        except ValidationError as missing:
            raise ValidationError(missing.messages[0]) from missing
        worked_out += 1
    if problems:
        raise ValidationError(problems)  # nothing is saved: the transaction rolls back
    new_claims = list(
        PaymentClaim.objects.filter(attendance__invitation__request=request)
        .exclude(pk__in=[claim.pk for claim in claims.values()])
        .select_related("expert")
    )
    if new_claims:  # one message for the recording, however many claims it made
        ClaimsWaitingForApproval(request=request, claims=new_claims).send(actor=by)
    return AttendanceSaved(recorded=recorded, claims=worked_out)


# --- Claims ----------------------------------------------------------------------------------------


@transaction.atomic
def claim_open_for_expenses(*, attendance: Attendance, by) -> PaymentClaim:
    """A claim with no fee for someone who came without one (a volunteer, say), so their expenses are repaid."""
    attendance = (
        Attendance.objects.select_for_update()
        .select_related("invitation__request", "invitation__expert")
        .get(pk=attendance.pk)
    )
    existing = PaymentClaim.objects.filter(attendance=attendance).first()
    require_permission(
        by, "together_network.add_expense", existing or PaymentClaim(expert=attendance.invitation.expert)
    )
    if existing is not None:
        return existing
    if not attendance.attended:
        raise ValidationError("Expenses can be claimed only for an activity the person came to.")
    claim = PaymentClaim(attendance=attendance, status=ClaimStatus.SUBMITTED)
    _work_out(claim, attendance).save()
    return claim


@dataclass(frozen=True)
class Decided:
    """What a decision on several claims did: how many changed, and how many were the decider's own (skipped)."""

    done: int
    own: int = 0


def _locked_claims(claims) -> list[PaymentClaim]:
    ids = [claim.pk if isinstance(claim, PaymentClaim) else int(claim) for claim in claims]
    return list(
        PaymentClaim.objects.select_for_update(of=("self",))
        .select_related("expert__user", "attendance__invitation__request")
        .filter(pk__in=ids)
        .order_by("pk")
    )


@transaction.atomic
def claims_approve(*, claims, by) -> Decided:
    """Approve the claims that are waiting; any others, and the approver's own, are skipped."""
    approve = CLAIM_TRANSITIONS[ClaimAction.APPROVE]
    require_permission(by, approve.permission)
    approved = own = 0
    for claim in _locked_claims(claims):
        refused = approve.refusal(claim, by)
        if refused == NOT_OWN_CLAIM:
            own += 1
        if refused is not None:
            continue  # not waiting for approval (left as it was), or their own
        claim.status, claim.approved_by, claim.approved_at = ClaimStatus.APPROVED, by, timezone.now()
        claim.save(update_fields=["status", "approved_by", "approved_at"])
        ClaimApproved(claim=claim).send(actor=by)
        approved += 1
    return Decided(done=approved, own=own)


@transaction.atomic
def claim_reject(*, claim: PaymentClaim, reason: str, by) -> PaymentClaim:
    require_permission(by, CLAIM_TRANSITIONS[ClaimAction.REJECT].permission)
    (claim,) = _locked_claims([claim])
    check_claim(ClaimAction.REJECT, claim, by)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the claim is not approved: the person will read it"})
    claim.status, claim.rejected_reason = ClaimStatus.REJECTED, reason.strip()
    claim.approved_by, claim.approved_at = by, timezone.now()
    claim.save(update_fields=["status", "rejected_reason", "approved_by", "approved_at"])
    ClaimRejected(claim=claim).send(actor=by)
    return claim


def paid_moment(paid_on: datetime.date) -> datetime.datetime:
    """Finance gives the day paid: kept as noon that day in the trust's time zone."""
    return timezone.make_aware(datetime.datetime.combine(paid_on, datetime.time(12, 0)))


@transaction.atomic
def claims_mark_paid(*, claims, reference: str, paid_on: datetime.date, by) -> Decided:
    """Finance has paid these approved claims; others, and the payer's own, are skipped."""
    mark_paid = CLAIM_TRANSITIONS[ClaimAction.MARK_PAID]
    require_permission(by, mark_paid.permission)
    problems = {}
    if not reference.strip():
        problems["reference"] = "Enter the payment reference finance gave"
    if paid_on > timezone.localdate():
        problems["paid_on"] = "The date paid must be today or in the past"
    if problems:
        raise ValidationError(problems)
    paid = own = 0
    for claim in _locked_claims(claims):
        refused = mark_paid.refusal(claim, by)
        if refused == NOT_OWN_CLAIM:
            own += 1
        if refused is not None:
            continue  # not approved (left as it was), or their own
        claim.status, claim.paid_by, claim.paid_at = ClaimStatus.PAID, by, paid_moment(paid_on)
        claim.payment_reference = reference.strip()[:100]
        claim.save(update_fields=["status", "paid_by", "paid_at", "payment_reference"])
        ClaimPaid(claim=claim).send(actor=by)
        paid += 1
    return Decided(done=paid, own=own)
