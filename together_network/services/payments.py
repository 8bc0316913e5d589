"""Writes for the rate card, attendance and payment claims: every change to them goes through here.

A claim's fee is worked out from the rate card when attendance is recorded and kept with how
it was worked out, so a later change of rate never changes it; recording attendance again
before approval works it out again. Approved and paid claims never change. Rules and reasons:
docs/adr/0015-payments-and-benefit-thresholds.md. Expenses and receipts: services/expenses.py.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from involvement.models import Invitation, InvitationStatus, InvolvementRequest, Route
from notifications.services import Recipient, notify
from peersupport.accounts.permissions import can

from .. import fees
from ..fees import ZERO
from ..models import Attendance, ClaimStatus, PaymentClaim, Rate, RateLevel, RateUnit
from ..selectors.payments import ATTENDANCE_STATUSES

# --- Shared checks ------------------------------------------------------------------------------


def require_permission(by, permission: str, obj=None) -> None:
    if not can(by, permission, obj):
        raise PermissionDenied


def amount_problem(amount: Decimal, *, what: str = "The amount") -> str | None:
    """Money is more than £0 and in pounds and pence."""
    if amount <= 0:
        return f"{what} must be more than £0"
    if amount.normalize().as_tuple().exponent < -2:
        return f"{what} must be in pounds and pence, like 25.50"
    if amount >= Decimal("1000000"):
        return f"{what} must be less than £1,000,000"
    return None


# --- The rate card -------------------------------------------------------------------------------


def _same_line(*, activity_type, level: str, unit: str):
    lines = Rate.objects.select_for_update().filter(level=level, unit=unit)
    return lines.filter(activity_type=activity_type) if activity_type else lines.filter(activity_type__isnull=True)


def _line_name(activity_type, level: str, unit: str) -> str:
    return f"{activity_type.name if activity_type else 'Any activity'}, {level}, {RateUnit(unit).label.lower()}"


@transaction.atomic
def rate_add(
    *,
    activity_type,
    level: str,
    unit: str,
    amount: Decimal,
    effective_from: datetime.date,
    effective_until: datetime.date | None = None,
    by,
) -> Rate:
    """A new line; the line it replaces (same activity, level and unit) ends the day before.

    Lines of the same kind never overlap: a line that would start on or before a later line of
    the same kind is refused, since the card could no longer say which one a claim used.
    """
    require_permission(by, "together_network.manage_rates")
    problems = {}
    if level not in RateLevel.values:
        problems["level"] = "Choose standard or enhanced"
    if unit not in RateUnit.values:
        problems["unit"] = "Choose per hour, per half day or per day"
    if problem := amount_problem(amount):
        problems["amount"] = problem
    if effective_until is not None and effective_until < effective_from:
        problems["effective_until"] = f"The last day must be on or after {fees.long_date(effective_from)}"
    if problems:
        raise ValidationError(problems)
    same = list(_same_line(activity_type=activity_type, level=level, unit=unit).order_by("effective_from"))
    later = [line for line in same if line.effective_from >= effective_from]
    if later:
        raise ValidationError(
            {
                "effective_from": f"{_line_name(activity_type, level, unit)} already has a rate from "
                f"{fees.long_date(later[-1].effective_from)}: a new rate must start after that day"
            }
        )
    previous = same[-1] if same else None
    if previous is not None and (previous.effective_until is None or previous.effective_until >= effective_from):
        _refuse_if_claims_after(previous, effective_from - datetime.timedelta(days=1), field="effective_from")
        previous.effective_until = effective_from - datetime.timedelta(days=1)
        previous.save(update_fields=["effective_until"])
    return Rate.objects.create(
        activity_type=activity_type,
        level=level,
        unit=unit,
        amount=fees.to_pence(amount),
        effective_from=effective_from,
        effective_until=effective_until,
    )


def _refuse_if_claims_after(rate: Rate, last_day: datetime.date, *, field: str) -> None:
    """A claim keeps the line it was worked out with, so that line must stay in force on the claim's date."""
    used_later = (
        rate.claims.exclude(status=ClaimStatus.REJECTED)
        .filter(activity_date__gt=last_day)
        .order_by("-activity_date")
        .first()
    )
    if used_later is not None:
        raise ValidationError(
            {
                field: f"A claim for an activity on {fees.long_date(used_later.activity_date)} was worked out "
                f"at the rate in force then ({fees.money(rate.amount)}): the change must come after that day"
            }
        )


@transaction.atomic
def rate_end(*, rate: Rate, last_day: datetime.date, by) -> Rate:
    """Stop a line after `last_day`. Claims it already paid for later activities would lose their rate: refused."""
    require_permission(by, "together_network.manage_rates")
    rate = Rate.objects.select_for_update().get(pk=rate.pk)
    if last_day < rate.effective_from:
        raise ValidationError({"last_day": f"The last day must be on or after {fees.long_date(rate.effective_from)}"})
    if rate.effective_until is not None and last_day > rate.effective_until:
        raise ValidationError({"last_day": f"This rate already ends on {fees.long_date(rate.effective_until)}"})
    _refuse_if_claims_after(rate, last_day, field="last_day")
    rate.effective_until = last_day
    rate.save(update_fields=["effective_until"])
    return rate


# --- Working out a fee --------------------------------------------------------------------------


def fee_for_attendance(attendance: Attendance, *, rates: list[Rate] | None = None) -> fees.Fee:
    """The fee for an attended place: nothing for a volunteer or a voluntary activity, else the rate card's.

    Raises ValidationError naming the missing rate when the card has none.
    """
    invitation = attendance.invitation
    request, expert = invitation.request, invitation.expert
    reason = fees.no_fee_reason(request_payment=request.payment, payment_preference=expert.payment_preference)
    if reason:
        return fees.Fee(amount=ZERO, basis=reason)
    on = request.activity_date
    if rates is None:
        rates = list(
            Rate.objects.select_related("activity_type").filter(
                Q(activity_type=request.activity_type_id) | Q(activity_type__isnull=True),
                Q(effective_until__isnull=True) | Q(effective_until__gte=on),
                level=request.rate_level,
                effective_from__lte=on,
            )
        )
    lines = fees.lines_for(rates, activity_type_id=request.activity_type_id, level=request.rate_level, on=on)
    try:
        return fees.fee_for(minutes=attendance.actual_minutes, lines=lines)
    except fees.NoRate as missing:
        message = fees.no_rate_message(activity_type_name=request.activity_type.name, level=request.rate_level, on=on)
        raise ValidationError(message) from missing


def _work_out(claim: PaymentClaim, attendance: Attendance, *, rates: list[Rate] | None = None) -> PaymentClaim:
    fee = fee_for_attendance(attendance, rates=rates)
    claim.fee, claim.fee_basis, claim.rate = fee.amount, fee.basis[:200], fee.rate
    claim.activity_date = attendance.invitation.request.activity_date
    claim.expert = attendance.invitation.expert
    return claim


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
    """
    request = InvolvementRequest.objects.select_for_update().select_related("activity_type").get(pk=request.pk)
    require_permission(by, "together_network.record_attendance", request)
    if problem := attendance_problem(request):
        raise ValidationError(problem)
    places = {
        place.pk: place
        for place in Invitation.objects.filter(request=request, status=InvitationStatus.ACCEPTED).select_related(
            "expert", "attendance__claim"
        )
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
        attendance = getattr(place, "attendance", None)
        claim = getattr(attendance, "claim", None) if attendance else None
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
        if attendance is None:
            attendance = Attendance(invitation=place)
        attendance.invitation = place
        attendance.attended, attendance.actual_minutes = entry.attended, minutes
        attendance.recorded_by, attendance.recorded_at = by, timezone.now()
        attendance.save()
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
            _work_out(claim, attendance, rates=rates).save()
        except ValidationError as missing:
            raise ValidationError(missing.messages[0]) from missing
        worked_out += 1
    if problems:
        raise ValidationError(problems)  # nothing is saved: the transaction rolls back
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


def _claimant(claim: PaymentClaim) -> Recipient:
    expert = claim.expert
    return Recipient(email=expert.email, name=expert.full_name, user=expert.user)


def _tell(claim: PaymentClaim, *, event: str, subject: str) -> None:
    notify(
        event=event,
        obj=claim,
        recipients=[_claimant(claim)],
        subject=subject,
        context={"claim": claim, "request": claim.attendance.invitation.request},
        link=reverse("together_network:portal_claim", args=[claim.pk]),
    )


def _locked_claims(claims) -> list[PaymentClaim]:
    ids = [claim.pk if isinstance(claim, PaymentClaim) else int(claim) for claim in claims]
    return list(
        PaymentClaim.objects.select_for_update(of=("self",))
        .select_related("expert__user", "attendance__invitation__request")
        .filter(pk__in=ids)
        .order_by("pk")
    )


@transaction.atomic
def claims_approve(*, claims, by) -> int:
    """Approve the claims that are waiting; any others are skipped. Returns how many were approved."""
    require_permission(by, "together_network.approve_claims")
    approved = 0
    for claim in _locked_claims(claims):
        if claim.status != ClaimStatus.SUBMITTED:
            continue
        claim.status, claim.approved_by, claim.approved_at = ClaimStatus.APPROVED, by, timezone.now()
        claim.save(update_fields=["status", "approved_by", "approved_at"])
        _tell(claim, event="network_claim_approved", subject=f"Claim approved: {fees.money(claim.total)}")
        approved += 1
    return approved


@transaction.atomic
def claim_reject(*, claim: PaymentClaim, reason: str, by) -> PaymentClaim:
    require_permission(by, "together_network.approve_claims")
    (claim,) = _locked_claims([claim])
    if claim.status != ClaimStatus.SUBMITTED:
        raise ValidationError("Only a claim waiting for approval can be turned down.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the claim is not approved: the person will read it"})
    claim.status, claim.rejected_reason = ClaimStatus.REJECTED, reason.strip()
    claim.approved_by, claim.approved_at = by, timezone.now()
    claim.save(update_fields=["status", "rejected_reason", "approved_by", "approved_at"])
    _tell(claim, event="network_claim_rejected", subject="Your claim has not been approved")
    return claim


def paid_moment(paid_on: datetime.date) -> datetime.datetime:
    """Finance gives the day paid: kept as noon that day in the trust's time zone."""
    return timezone.make_aware(datetime.datetime.combine(paid_on, datetime.time(12, 0)))


@transaction.atomic
def claims_mark_paid(*, claims, reference: str, paid_on: datetime.date, by) -> int:
    """Finance has paid these approved claims; others are skipped. Returns how many were marked paid."""
    require_permission(by, "together_network.pay_claims")
    problems = {}
    if not reference.strip():
        problems["reference"] = "Enter the payment reference finance gave"
    if paid_on > timezone.localdate():
        problems["paid_on"] = "The date paid must be today or in the past"
    if problems:
        raise ValidationError(problems)
    paid = 0
    for claim in _locked_claims(claims):
        if claim.status != ClaimStatus.APPROVED:
            continue
        claim.status, claim.paid_by, claim.paid_at = ClaimStatus.PAID, by, paid_moment(paid_on)
        claim.payment_reference = reference.strip()[:100]
        claim.save(update_fields=["status", "paid_by", "paid_at", "payment_reference"])
        _tell(claim, event="network_claim_paid", subject=f"Claim paid: {fees.money(claim.total)}")
        paid += 1
    return paid
