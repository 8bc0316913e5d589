"""Earnings against benefit thresholds: what someone earned in a period, warnings, and the report.

Earnings are the *fees* of claims not turned down, counted on the day the work was done: an
activity with several sessions earns each session's part of the fee in the period of that
session's day. Expenses repay money spent, so they are never earnings. Universal Credit counts
earnings in the assessment period they are *paid* in, which may be later: the report and the
warnings say so, and coordinators talk it through with the person (docs/adr/0015). The periods
themselves are in selectors/periods.py.

A claim keeps one date (its first session's) and one fee. For the few activities with several
sessions, each session's part is worked out again from the rate card and the time recorded, then
fitted to the fee kept on the claim (`fee_by_day`): nothing is stored twice, and the parts always
add up to the fee the person is paid.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, DecimalField, Exists, F, IntegerField, OuterRef, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce

from involvement.models import FurtherSession, InvolvementRequest
from together_network.models import Invitation, InvitationStatus

from ..models import ClaimStatus, EarningsPeriod, ExpertByExperience, PaymentClaim, PaymentPreference, Rate
from . import fees
from .fees import ZERO, money
from .periods import PER, Period, earnings_period

# --- The rate card and an activity's sessions ----------------------------------------------------------


def rate_card() -> list[Rate]:
    """Every line, old and new. The card is a few dozen lines, so pages and sums read it whole."""
    return list(Rate.objects.select_related("activity_type"))


class _Card:
    """The rate card, read once, and only if an activity with several sessions needs it."""

    def __init__(self, rates: list[Rate] | None = None):
        self._rates = rates

    @property
    def rates(self) -> list[Rate]:
        if self._rates is None:
            self._rates = rate_card()
        return self._rates


def sessions_of(request: InvolvementRequest) -> list[fees.Session]:
    """The activity's sessions: the request's own day first, then any further ones (uses the prefetched sessions)."""
    return [
        fees.Session(request.activity_date, request.duration_minutes),
        *(fees.Session(session.date, session.duration_minutes) for session in request.further_sessions.all()),
    ]


def planned_minutes(request: InvolvementRequest) -> int:
    """The activity's planned time: its first session and any further ones (uses the prefetched sessions)."""
    return sum(session.minutes for session in sessions_of(request))


def _estimate(request: InvolvementRequest, expert: ExpertByExperience, rates: list[Rate]) -> fees.Fee:
    """What a place would pay, session by session, for the planned time; nothing with no fee or no rate."""
    if fees.no_fee_reason(request_payment=request.payment, payment_preference=expert.payment_preference):
        return fees.Fee(amount=ZERO, basis="")
    sessions = sessions_of(request)
    try:
        return fees.fee_for_sessions(
            minutes=sum(session.minutes for session in sessions),
            sessions=sessions,
            rates=rates,
            activity_type_id=request.activity_type_id,
            level=request.rate_level,
        )
    except (fees.NoRate, ValueError):
        return fees.Fee(amount=ZERO, basis="")


def estimated_fee(*, request: InvolvementRequest, expert: ExpertByExperience, rates: list[Rate]) -> Decimal:
    """What a place would pay, from the rate card for the planned time; 0 with no fee or no rate."""
    return _estimate(request, expert, rates).amount


def fee_by_day(claim: PaymentClaim, card: _Card) -> list[tuple[datetime.date, Decimal]]:
    """The claim's fee on the days it was earned: one day, or each session's part on its own day.

    The parts are worked out again as the claim was (fees.fee_for_sessions) and fitted to the fee
    kept on the claim, so they add up to it even if the card has changed since. With no rate to
    go by, the fee is shared by each session's planned time. Needs the claim's request and its
    further sessions loaded.
    """
    request = claim.attendance.invitation.request
    sessions = sessions_of(request)
    if len(sessions) == 1 or not claim.fee:
        return [(claim.activity_date, claim.fee)]
    try:
        weights = fees.fee_for_sessions(
            minutes=claim.attendance.actual_minutes or sum(session.minutes for session in sessions),
            sessions=sessions,
            rates=card.rates,
            activity_type_id=request.activity_type_id,
            level=request.rate_level,
        ).parts
    except (fees.NoRate, ValueError):
        weights = tuple((session.date, Decimal(session.minutes)) for session in sessions)
    shares = fees.apportion(claim.fee, [weight for _day, weight in weights])
    return [(day, share) for (day, _weight), share in zip(weights, shares, strict=True)]


COUNTED = ~Q(status=ClaimStatus.REJECTED)
CLAIM_REQUEST = "attendance__invitation__request"


def _touching(period: Period, *, request: str) -> Q:
    """Claims or places with a session in the period: on their first day (`activity_date`) or a further one."""
    further = FurtherSession.objects.filter(request=OuterRef(request), date__range=(period.start, period.end))
    return Q(activity_date__range=(period.start, period.end)) | Exists(further)


def _claims(condition: Q) -> list[PaymentClaim]:
    """Claims not turned down, with what `fee_by_day` needs: two queries (one when there are none)."""
    return list(
        PaymentClaim.objects.filter(COUNTED, condition)
        .select_related("expert", f"{CLAIM_REQUEST}__activity_type")
        .prefetch_related(f"{CLAIM_REQUEST}__further_sessions")
    )


def _in(period: Period, amounts: Iterable[tuple[datetime.date, Decimal]]) -> Decimal:
    return fees.to_pence(sum((amount for day, amount in amounts if period.holds(day)), ZERO))


def earnings_in_period(expert: ExpertByExperience, day: datetime.date) -> Decimal:
    """The fees of the person's claims (not rejected) in their limit's period holding `day` (month if none)."""
    period = earnings_period(expert.earnings_limit_period or EarningsPeriod.MONTH, day)
    card = _Card()
    claims = _claims(Q(expert=expert) & _touching(period, request=CLAIM_REQUEST))
    return _in(period, (part for claim in claims for part in fee_by_day(claim, card)))


# --- Warnings: an offer, or hours just recorded, that pass the limit agreed --------------------------------


@dataclass(frozen=True)
class EarningsOutlook:
    """Where an offer (or what was just recorded) leaves someone against the limit they agreed, in one period."""

    limit: Decimal
    period: Period
    earned: Decimal  # fees of claims in the period
    booked: Decimal  # other places they hold in the period, not yet recorded, as estimated
    offer: Decimal  # this place's sessions in the period, as estimated
    offer_in_full: Decimal = ZERO  # this place, every session

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

    @property
    def for_attendance(self) -> str:
        return (
            f"has now earned {money(self.earned)} in {self.period.label}: over the limit they agreed "
            f"({self.agreed}). Talk it through with them before they take another paid place."
        )


def _has_a_limit(expert: ExpertByExperience) -> bool:
    return (
        expert.earnings_limit is not None
        and bool(expert.earnings_limit_period)
        and expert.payment_preference == PaymentPreference.PAID
    )


def _periods_of(expert: ExpertByExperience, request: InvolvementRequest) -> list[Period]:
    """Each period of the person's kind that holds a session of the activity, in order."""
    periods = [earnings_period(expert.earnings_limit_period, session.date) for session in sessions_of(request)]
    return sorted(set(periods), key=lambda period: period.start)


def _outlooks(
    pairs: list[tuple[ExpertByExperience, InvolvementRequest]], *, offered: bool = True
) -> dict[tuple[int, int], EarningsOutlook]:
    """For each (person, request) that may take the person over their limit: the outlook.

    A request's sessions may fall in more than one of the person's periods: each is checked, and
    the first that goes over is the one shown. `offered`: the request is an offer (its estimate
    and the other places held count); otherwise its attendance is recorded and its claim is
    among the earnings. The same few queries whatever the number of pairs: claims and places
    held in the periods (each with its sessions), and the rate card.
    """
    pairs = [(expert, request) for expert, request in pairs if _has_a_limit(expert) and request.payment == "paid"]
    if not pairs:
        return {}
    windows = {(expert.pk, request.pk): _periods_of(expert, request) for expert, request in pairs}
    experts = {expert.pk: expert for expert, _request in pairs}
    by_period: dict[Period, set[int]] = defaultdict(set)
    for (expert_id, _request_id), periods in windows.items():
        for period in periods:
            by_period[period].add(expert_id)
    card = _Card(rate_card() if offered else None)
    claims = _claims(_any_of(by_period, request=CLAIM_REQUEST))
    earned = defaultdict(list)
    for claim in claims:
        earned[claim.expert_id].extend(fee_by_day(claim, card))
    booked = defaultdict(list)  # expert id: (request id, day, amount)
    if offered:
        held = (
            Invitation.objects.filter(
                _any_of(by_period, request="request"), status=InvitationStatus.ACCEPTED, attendance__isnull=True
            )
            .select_related("request")
            .prefetch_related("request__further_sessions")
        )
        for place in held:
            parts = _estimate(place.request, experts[place.expert_id], card.rates).parts
            booked[place.expert_id].extend((place.request_id, day, amount) for day, amount in parts)
    outlooks = {}
    for expert, request in pairs:
        offer = _estimate(request, expert, card.rates) if offered else fees.Fee(amount=ZERO, basis="")
        for period in windows[(expert.pk, request.pk)]:
            outlook = EarningsOutlook(
                limit=expert.earnings_limit,
                period=period,
                earned=_in(period, earned[expert.pk]),
                booked=_in(
                    period, ((day, amount) for held_id, day, amount in booked[expert.pk] if held_id != request.pk)
                ),
                offer=_in(period, offer.parts),
                offer_in_full=offer.amount,
            )
            if outlook.over:
                outlooks[(expert.pk, request.pk)] = outlook
                break
    return outlooks


def _any_of(by_period: dict[Period, set[int]], *, request: str) -> Q:
    condition = Q(pk__in=[])
    for period, expert_ids in by_period.items():
        condition |= Q(expert_id__in=sorted(expert_ids)) & _touching(period, request=request)
    return condition


def earnings_outlooks(
    *, experts: Iterable[ExpertByExperience], request: InvolvementRequest
) -> dict[int, EarningsOutlook]:
    """The people whose place on `request` may take them over their limit (for the match page), by their id.

    The request's further sessions should be prefetched: the estimate covers every session.
    """
    found = _outlooks([(expert, request) for expert in experts])
    return {expert_id: outlook for (expert_id, _request_id), outlook in found.items()}


def offer_warnings(*, expert: ExpertByExperience, requests: Iterable[InvolvementRequest]) -> dict[int, EarningsOutlook]:
    """The offers that may take this person over their limit (for their invitations), by request id.

    Each request's further sessions should be prefetched: the estimate covers every session.
    """
    found = _outlooks([(expert, request) for request in requests])
    return {request_id: outlook for (_expert_id, request_id), outlook in found.items()}


def limits_passed(*, experts: Iterable[ExpertByExperience], request: InvolvementRequest) -> dict[int, EarningsOutlook]:
    """The people whose earnings, with what was recorded for `request`, are over their limit, by their id.

    For the attendance page: in a period holding one of the activity's sessions, what they have
    earned (this activity's claim included) is more than the limit they agreed.
    """
    found = _outlooks([(expert, request) for expert in experts], offered=False)
    return {expert_id: outlook for (expert_id, _request_id), outlook in found.items()}


# --- The earnings report ----------------------------------------------------------------------------

OWN_PERIOD = "own"
REPORT_PERIODS = [(OWN_PERIOD, "Each person's own limit period"), *EarningsPeriod.choices]
NEAR_SHARE = Decimal("0.8")
MONEY = DecimalField(max_digits=12, decimal_places=2)


def _report_period_for(kind: str, expert: ExpertByExperience, day: datetime.date) -> Period:
    own = expert.earnings_limit_period or EarningsPeriod.MONTH
    return earnings_period(own if kind == OWN_PERIOD else kind, day)


def _several_session_corrections(kind: str, day: datetime.date) -> dict[int, Decimal]:
    """By person: what the sessions of their several-session claims earned in the period, less what
    counting each such claim's whole fee on its first day put there. Non-zero only when a claim's
    sessions fall on both sides of a period's edge. Two queries (and the rate card if any are found).
    """
    kinds = EarningsPeriod.values if kind == OWN_PERIOD else [kind]
    periods = {period_kind: earnings_period(period_kind, day) for period_kind in kinds}
    span = Period("", min(period.start for period in periods.values()), max(period.end for period in periods.values()))
    several = Exists(FurtherSession.objects.filter(request=OuterRef(CLAIM_REQUEST)))
    card = _Card()
    corrections: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for claim in _claims(_touching(span, request=CLAIM_REQUEST) & several):
        period = _report_period_for(kind, claim.expert, day)
        on_first_day = claim.fee if period.holds(claim.activity_date) else ZERO
        corrections[claim.expert_id] += _in(period, fee_by_day(claim, card)) - on_first_day
    return {expert_id: amount for expert_id, amount in corrections.items() if amount}


def earnings_report(*, kind: str, day: datetime.date, show: str = "") -> QuerySet[ExpertByExperience]:
    """Each paid person (and anyone else who earned) with `earned` in the period holding `day`.

    `kind` is a period kind, or OWN_PERIOD: each person's own limit period (a month when they set
    none). A limit counts only against earnings over its own kind of period. `standing` is 2 over
    the limit, 1 near it (80% or more), else 0; `show` keeps "over" or "near" (near or over) only.
    Fees are summed by the database on each claim's first day; claims whose sessions cross the
    period's edge are then set right person by person (`_several_session_corrections`).
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
        output_field=MONEY,
    )
    if corrections := _several_session_corrections(kind, day):
        whens = [When(pk=expert_id, then=Value(amount)) for expert_id, amount in sorted(corrections.items())]
        earned = earned + Case(*whens, default=Value(ZERO), output_field=MONEY)
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
