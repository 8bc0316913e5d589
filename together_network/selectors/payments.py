"""Reads for attendance, the rate card, claims and earnings against benefit thresholds.

Earnings are the *fees* of claims not rejected, counted on the activity's date; expenses are
repayment of money spent, not earnings, so they never count (docs/adr/0015).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from involvement.models import Invitation, InvitationStatus, InvolvementRequest, Route, Status

from .. import fees
from ..fees import ZERO, money
from ..models import (
    Attendance,
    ClaimStatus,
    EarningsPeriod,
    ExpertByExperience,
    PaymentClaim,
    PaymentPreference,
    Rate,
)

# --- The rate card ------------------------------------------------------------------------------


def rate_card() -> list[Rate]:
    """Every line, old and new. The card is a few dozen lines, so pages and sums read it whole."""
    return list(Rate.objects.select_related("activity_type"))


def planned_minutes(request: InvolvementRequest) -> int:
    """The activity's planned time: its first session and any further ones (uses the prefetched sessions)."""
    return request.duration_minutes + sum(session.duration_minutes for session in request.further_sessions.all())


def estimated_fee(
    *, request: InvolvementRequest, expert: ExpertByExperience, rates: list[Rate], minutes=None
) -> Decimal:
    """What a place would pay, from the rate card for the planned time; 0 with no fee or no rate."""
    if fees.no_fee_reason(request_payment=request.payment, payment_preference=expert.payment_preference):
        return ZERO
    lines = fees.lines_for(
        rates, activity_type_id=request.activity_type_id, level=request.rate_level, on=request.activity_date
    )
    try:
        return fees.fee_for(minutes=minutes or planned_minutes(request), lines=lines).amount
    except fees.NoRate:
        return ZERO


# --- Benefit periods ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    kind: str
    start: datetime.date
    end: datetime.date  # the last day, included

    @property
    def label(self) -> str:
        if self.kind == EarningsPeriod.WEEK:
            return f"the week from Monday {fees.long_date(self.start)}"
        if self.kind == EarningsPeriod.MONTH:
            return f"{self.start:%B %Y}"
        if self.kind == EarningsPeriod.YEAR:
            return f"the {self.start.year} to {self.end.year} tax year"
        return f"the four weeks from {fees.long_date(self.start)} to {fees.long_date(self.end)}"


PER = {
    EarningsPeriod.WEEK: "in a week",
    EarningsPeriod.FOUR_WEEKS: "in four weeks",
    EarningsPeriod.MONTH: "in a month",
    EarningsPeriod.YEAR: "in a tax year",
}


def tax_year_start(day: datetime.date) -> datetime.date:
    start = datetime.date(day.year, 4, 6)
    return start if day >= start else datetime.date(day.year - 1, 4, 6)


def earnings_period(kind: str, day: datetime.date) -> Period:
    """The period of this kind that holds `day`.

    Weeks run Monday to Sunday; months are calendar months; the tax year runs 6 April to 5 April.
    Four-week periods are counted from 6 April each tax year: thirteen of them, the thirteenth
    running on to 5 April (29 days, or 30 when the year holds 29 February).
    """
    if kind == EarningsPeriod.WEEK:
        start = day - datetime.timedelta(days=day.weekday())
        return Period(kind, start, start + datetime.timedelta(days=6))
    if kind == EarningsPeriod.MONTH:
        start = day.replace(day=1)
        following = (start + datetime.timedelta(days=32)).replace(day=1)
        return Period(kind, start, following - datetime.timedelta(days=1))
    year_start = tax_year_start(day)
    year_end = datetime.date(year_start.year + 1, 4, 5)
    if kind == EarningsPeriod.YEAR:
        return Period(kind, year_start, year_end)
    if kind == EarningsPeriod.FOUR_WEEKS:
        index = min((day - year_start).days // 28, 12)
        start = year_start + datetime.timedelta(days=28 * index)
        end = year_end if index == 12 else start + datetime.timedelta(days=27)
        return Period(kind, start, end)
    raise ValueError(f"Unknown earnings period {kind!r}")


COUNTED = ~Q(status=ClaimStatus.REJECTED)


def earnings_in_period(expert: ExpertByExperience, day: datetime.date) -> Decimal:
    """The fees of the person's claims (not rejected) in their limit's period holding `day` (month if none)."""
    period = earnings_period(expert.earnings_limit_period or EarningsPeriod.MONTH, day)
    total = (
        PaymentClaim.objects.filter(COUNTED, expert=expert, activity_date__range=(period.start, period.end))
        .aggregate(total=Sum("fee"))
        .get("total")
    )
    return fees.to_pence(total or ZERO)


@dataclass(frozen=True)
class EarningsOutlook:
    """Where an offer would leave someone against the limit they agreed."""

    limit: Decimal
    period: Period
    earned: Decimal  # fees of claims in the period
    booked: Decimal  # other places they hold in the period, not yet recorded, as estimated
    offer: Decimal  # this place, as estimated

    @property
    def total(self) -> Decimal:
        return self.earned + self.booked + self.offer

    @property
    def over(self) -> bool:
        return self.total > self.limit

    @property
    def agreed(self) -> str:
        return f"{money(self.limit)} {PER[EarningsPeriod(self.period.kind)]}"

    @property
    def for_expert(self) -> str:
        return f"Taking this place may take your earnings over the limit you agreed ({self.agreed})."

    @property
    def for_coordinator(self) -> str:
        return (
            f"This place (about {money(self.offer)}) may take them over the limit they agreed ({self.agreed}): "
            f"{money(self.earned)} claimed and about {money(self.booked)} booked in {self.period.label}."
        )


def _has_a_limit(expert: ExpertByExperience) -> bool:
    return (
        expert.earnings_limit is not None
        and bool(expert.earnings_limit_period)
        and expert.payment_preference == PaymentPreference.PAID
    )


def _outlooks(pairs: list[tuple[ExpertByExperience, InvolvementRequest]]) -> dict[tuple[int, int], EarningsOutlook]:
    """For each (person, offered request) that may take the person over their limit: the outlook.

    Three queries whatever the number of pairs: their claims and the other places they hold,
    each dated in the period of the offer, and the rate card (for estimates).
    """
    pairs = [(expert, request) for expert, request in pairs if _has_a_limit(expert) and request.payment == "paid"]
    if not pairs:
        return {}
    windows = {
        (expert.pk, request.pk): earnings_period(expert.earnings_limit_period, request.activity_date)
        for expert, request in pairs
    }
    in_a_window = Q(pk__in=[])
    for (expert_id, _request_id), period in windows.items():
        in_a_window |= Q(expert_id=expert_id, activity_date__range=(period.start, period.end))
    claims = list(PaymentClaim.objects.filter(COUNTED, in_a_window).values_list("expert_id", "activity_date", "fee"))
    held = list(
        Invitation.objects.filter(in_a_window, status=InvitationStatus.ACCEPTED, attendance__isnull=True)
        .select_related("request")
        .annotate(further_minutes=Coalesce(Sum("request__further_sessions__duration_minutes"), 0))
    )
    rates = rate_card()
    outlooks = {}
    for expert, request in pairs:
        period = windows[(expert.pk, request.pk)]

        def within(expert_id: int, day: datetime.date, period=period, expert=expert) -> bool:
            return expert_id == expert.pk and period.start <= day <= period.end

        booked = sum(
            (
                estimated_fee(
                    request=place.request,
                    expert=expert,
                    rates=rates,
                    minutes=place.request.duration_minutes + place.further_minutes,
                )
                for place in held
                if place.request_id != request.pk and within(place.expert_id, place.activity_date)
            ),
            ZERO,
        )
        outlook = EarningsOutlook(
            limit=expert.earnings_limit,
            period=period,
            earned=fees.to_pence(sum((fee for who, day, fee in claims if within(who, day)), ZERO)),
            booked=booked,
            offer=estimated_fee(request=request, expert=expert, rates=rates),
        )
        if outlook.over:
            outlooks[(expert.pk, request.pk)] = outlook
    return outlooks


def earnings_outlooks(
    *, experts: Iterable[ExpertByExperience], request: InvolvementRequest
) -> dict[int, EarningsOutlook]:
    """The people whose place on `request` may take them over their limit (for the match page), by their id."""
    found = _outlooks([(expert, request) for expert in experts])
    return {expert_id: outlook for (expert_id, _request_id), outlook in found.items()}


def offer_warnings(*, expert: ExpertByExperience, requests: Iterable[InvolvementRequest]) -> dict[int, EarningsOutlook]:
    """The offers that may take this person over their limit (for their invitations), by request id.

    Each request's further sessions should be prefetched: the estimate covers every session.
    """
    found = _outlooks([(expert, request) for request in requests])
    return {request_id: outlook for (_expert_id, request_id), outlook in found.items()}


# --- The earnings report ----------------------------------------------------------------------------

OWN_PERIOD = "own"
REPORT_PERIODS = [(OWN_PERIOD, "Each person's own limit period"), *EarningsPeriod.choices]
NEAR_SHARE = Decimal("0.8")


def _report_period_for(kind: str, expert: ExpertByExperience, day: datetime.date) -> Period:
    own = expert.earnings_limit_period or EarningsPeriod.MONTH
    return earnings_period(own if kind == OWN_PERIOD else kind, day)


def earnings_report(*, kind: str, day: datetime.date, show: str = "") -> QuerySet[ExpertByExperience]:
    """Each paid person (and anyone else who earned) with `earned` in the period holding `day`.

    `kind` is a period kind, or OWN_PERIOD: each person's own limit period (a month when they set
    none). A limit counts only against earnings over its own kind of period. `standing` is 2 over
    the limit, 1 near it (80% or more), else 0; `show` keeps "over" or "near" (near or over) only.
    """
    if kind == OWN_PERIOD:
        in_period = Q(pk__in=[])
        for period_kind in [*EarningsPeriod.values, ""]:
            period = earnings_period(period_kind or EarningsPeriod.MONTH, day)
            in_period |= Q(earnings_limit_period=period_kind, claims__activity_date__range=(period.start, period.end))
        comparable = Q(earnings_limit__isnull=False)
    else:
        period = earnings_period(kind, day)
        in_period = Q(claims__activity_date__range=(period.start, period.end))
        comparable = Q(earnings_limit__isnull=False, earnings_limit_period=kind)
    earned = Coalesce(
        Sum("claims__fee", filter=in_period & ~Q(claims__status=ClaimStatus.REJECTED)),
        Value(ZERO),
        output_field=DecimalField(max_digits=10, decimal_places=2),
    )
    people = (
        ExpertByExperience.objects.annotate(earned=earned)
        .filter(Q(payment_preference=PaymentPreference.PAID) | Q(earned__gt=0))
        .annotate(
            standing=Case(
                When(comparable & Q(earned__gt=F("earnings_limit")), then=Value(2)),
                When(comparable & Q(earned__gte=F("earnings_limit") * NEAR_SHARE), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("-standing", "-earned", "full_name", "pk")
    )
    if show == "over":
        people = people.filter(standing=2)
    elif show == "near":
        people = people.filter(standing__gte=1)
    return people


def report_rows(people: Iterable[ExpertByExperience], *, kind: str, day: datetime.date) -> list[dict]:
    rows = []
    for person in people:
        period = _report_period_for(kind, person, day)
        comparable = person.earnings_limit is not None and (kind == OWN_PERIOD or person.earnings_limit_period == kind)
        rows.append(
            {
                "expert": person,
                "period": period,
                "earned": fees.to_pence(person.earned),
                "limit": f"{money(person.earnings_limit)} {PER[EarningsPeriod(person.earnings_limit_period)]}"
                if person.earnings_limit is not None
                else "",
                "comparable": comparable,
                "standing": {2: "Over", 1: "Near"}.get(person.standing, ""),
            }
        )
    return rows


# --- Attendance and claims ------------------------------------------------------------------------------


def booked_places(*, request: InvolvementRequest) -> list[Invitation]:
    """The people with a place on the request, with any attendance and claim recorded."""
    return list(
        Invitation.objects.filter(request=request, status=InvitationStatus.ACCEPTED)
        .select_related("expert", "attendance__claim")
        .order_by("expert__full_name", "pk")
    )


def _claims_base() -> QuerySet[PaymentClaim]:
    return PaymentClaim.objects.select_related(
        "expert", "rate", "attendance__invitation__request__activity_type"
    ).annotate(expense_count=Count("expenses"))


def claims_for_list(*, status: str = "") -> QuerySet[PaymentClaim]:
    claims = _claims_base()
    if status in ClaimStatus.values:
        claims = claims.filter(status=status)
    return claims.order_by("activity_date", "expert__full_name", "pk")


def claims_for_export() -> QuerySet[PaymentClaim]:
    """Approved claims, for finance to pay."""
    return claims_for_list(status=ClaimStatus.APPROVED)


def claim_detail(*, claim_id: int) -> PaymentClaim:
    return (
        PaymentClaim.objects.select_related(
            "expert", "rate__activity_type", "approved_by", "paid_by", "attendance__invitation__request__activity_type"
        )
        .prefetch_related("expenses")
        .get(pk=claim_id)
    )


def claim_counts() -> dict[str, int]:
    counts = dict(PaymentClaim.objects.values("status").annotate(total=Count("pk")).values_list("status", "total"))
    return {status: counts.get(status, 0) for status in ClaimStatus.values}


@dataclass(frozen=True)
class PortalPayments:
    claims: list[PaymentClaim]
    unclaimed: list[Attendance]  # activities they came to with no fee and no claim: they can claim expenses
    waiting: Decimal
    approved: Decimal
    paid: Decimal


def portal_payments(*, expert: ExpertByExperience) -> PortalPayments:
    claims = list(_claims_base().filter(expert=expert).order_by("-activity_date", "-pk"))
    unclaimed = list(
        Attendance.objects.filter(invitation__expert=expert, attended=True, claim__isnull=True)
        .select_related("invitation__request")
        .order_by("-invitation__activity_date")
    )

    def total(status: str) -> Decimal:
        return sum((claim.total for claim in claims if claim.status == status), ZERO)

    return PortalPayments(
        claims=claims,
        unclaimed=unclaimed,
        waiting=total(ClaimStatus.SUBMITTED),
        approved=total(ClaimStatus.APPROVED),
        paid=total(ClaimStatus.PAID),
    )


# Requests whose attendance may be recorded (once the activity's day has come).
ATTENDANCE_STATUSES = {Status.OPEN, Status.FILLED, Status.COMPLETED, Status.CLOSED}


def attendance_to_record(*, requester=None) -> QuerySet[InvolvementRequest]:
    """Network requests that have happened, with someone booked whose attendance is not recorded."""
    requests = InvolvementRequest.objects.filter(
        route=Route.NETWORK,
        status__in=ATTENDANCE_STATUSES,
        activity_date__lte=timezone.localdate(),
        invitations__status=InvitationStatus.ACCEPTED,
        invitations__attendance__isnull=True,
    )
    if requester is not None:
        requests = requests.filter(requester=requester)
    return requests.distinct().order_by("activity_date", "pk")
