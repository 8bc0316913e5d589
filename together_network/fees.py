"""The rate card's arithmetic: which lines pay for an activity, and how much. Pure: no database.

The rules, decided in docs/adr/0015-payments-and-benefit-thresholds.md:

- The lines that count are those **in force on the activity's date** at the request's level
  (standard or enhanced). An activity type with lines of its own in force uses only those; a type
  with none uses the "any activity" lines. Levels never stand in for each other.
- **An hourly line wins.** Hours are the actual minutes rounded *up* to the quarter hour.
- Without one: **up to 4 hours** (240 minutes, exactly 4 hours included) is a **half day**, **over
  4 hours** a **day**. With no half-day line a half day is paid at the day rate; with no day line a
  day is paid as two half days.
- Money is Decimal throughout, rounded half up to the penny.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .models import PaymentPreference, Rate, RateUnit

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")
QUARTER_HOUR_MINUTES = 15
HALF_DAY_MINUTES = 240


class NoRate(Exception):
    """The rate card has no line to pay this activity; the message names what is missing."""


@dataclass(frozen=True)
class Fee:
    amount: Decimal
    basis: str  # how it was worked out, in words (kept on the claim)
    rate: Rate | None = None


def to_pence(amount: Decimal) -> Decimal:
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def money(amount: Decimal) -> str:
    return f"£{to_pence(amount):,.2f}"


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def in_force(rate: Rate, on: datetime.date) -> bool:
    return rate.effective_from <= on and (rate.effective_until is None or rate.effective_until >= on)


def lines_for(rates: Iterable[Rate], *, activity_type_id: int | None, level: str, on: datetime.date) -> dict[str, Rate]:
    """The lines (by unit) that pay an activity of this type and level on this day; empty when none do."""
    candidates = [rate for rate in rates if rate.level == level and in_force(rate, on)]
    own = {rate.unit: rate for rate in candidates if activity_type_id and rate.activity_type_id == activity_type_id}
    return own or {rate.unit: rate for rate in candidates if rate.activity_type_id is None}


def no_rate_message(*, activity_type_name: str, level: str, on: datetime.date) -> str:
    return (
        f"The rate card has no {level} rate for {activity_type_name} "
        f"(nor for any activity) on {long_date(on)}. Ask a network coordinator to add one to the rate card."
    )


def paid_hours(minutes: int) -> Decimal:
    """Actual minutes rounded up to the quarter hour, as hours: 61 minutes are 1.25 hours."""
    quarters = -(-minutes // QUARTER_HOUR_MINUTES)
    return Decimal(quarters) / 4


def _hours_text(hours: Decimal) -> str:
    text = format(hours.normalize(), "f")
    return f"{text} hour" if hours == 1 else f"{text} hours"


def _which(rate: Rate) -> str:
    """'standard rate from 1 April 2026', or 'enhanced Interview panel rate from ...' for a type's own line."""
    kind = f" {rate.activity_type.name}" if rate.activity_type_id else ""
    return f"{rate.level}{kind} rate from {long_date(rate.effective_from)}"


def fee_for(*, minutes: int, lines: dict[str, Rate]) -> Fee:
    """The fee for `minutes` of an activity paid by `lines` (from `lines_for`). NoRate when there are none."""
    if minutes <= 0:
        raise ValueError("An activity someone attended lasts at least a minute.")
    hourly, half_day, day = lines.get(RateUnit.HOUR), lines.get(RateUnit.HALF_DAY), lines.get(RateUnit.DAY)
    if hourly is not None:
        hours = paid_hours(minutes)
        basis = f"{_hours_text(hours)} at {money(hourly.amount)} an hour ({_which(hourly)})"
        return Fee(amount=to_pence(hours * hourly.amount), basis=basis, rate=hourly)
    if minutes <= HALF_DAY_MINUTES:
        if half_day is not None:
            basis = f"Half day (up to 4 hours) at {money(half_day.amount)} ({_which(half_day)})"
            return Fee(amount=to_pence(half_day.amount), basis=basis, rate=half_day)
        if day is not None:
            basis = f"Day rate for up to 4 hours, as there is no half-day rate: {money(day.amount)} ({_which(day)})"
            return Fee(amount=to_pence(day.amount), basis=basis, rate=day)
    else:
        if day is not None:
            basis = f"Day (over 4 hours) at {money(day.amount)} ({_which(day)})"
            return Fee(amount=to_pence(day.amount), basis=basis, rate=day)
        if half_day is not None:
            basis = (
                f"Two half days for over 4 hours, as there is no day rate: 2 × {money(half_day.amount)} "
                f"({_which(half_day)})"
            )
            return Fee(amount=to_pence(half_day.amount * 2), basis=basis, rate=half_day)
    raise NoRate("No rate applies.")


def no_fee_reason(*, request_payment: str, payment_preference: str) -> str | None:
    """Why someone is paid no fee for an activity (expenses are still repaid); None when a fee is due."""
    if request_payment == "voluntary":
        return "No fee: this is a voluntary activity"
    if payment_preference == PaymentPreference.VOLUNTARY:
        return "No fee: taking part as a volunteer"
    if payment_preference == PaymentPreference.UNPAID_BENEFITS:
        return "No fee: unpaid, for benefit reasons"
    return None
