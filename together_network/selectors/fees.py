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
- **An activity with several sessions** (the request's own date and its further sessions): the
  time recorded is shared across the sessions in proportion to their planned length, and each
  session is priced on its own day with the lines in force that day (half day or day per
  session; hours rounded up per session). `fee_for_sessions`.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..models import PaymentPreference, Rate, RateUnit

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")
QUARTER_HOUR_MINUTES = 15
HALF_DAY_MINUTES = 240


BASIS_LENGTH = 200  # PaymentClaim.fee_basis


class NoRate(Exception):
    """The rate card has no line to pay this activity; `on` is the day with none, when known."""

    def __init__(self, on: datetime.date | None = None):
        super().__init__("No rate applies.")
        self.on = on


@dataclass(frozen=True)
class Fee:
    amount: Decimal
    basis: str  # how it was worked out, in words (kept on the claim)
    rate: Rate | None = None  # the line used (for several sessions, the first session's)
    parts: tuple[tuple[datetime.date, Decimal], ...] = ()  # (day, amount) per session paid, from fee_for_sessions


@dataclass(frozen=True)
class Session:
    """One session of an activity: its day and its minutes (planned)."""

    date: datetime.date
    minutes: int


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


@dataclass(frozen=True)
class _Priced:
    """How one stretch of time is paid: `how` says which rule (hour, half_day, day, day_for_half, two_halves)."""

    how: str
    rate: Rate
    amount: Decimal
    hours: Decimal = Decimal(0)  # for `hour`


def _price(minutes: int, lines: dict[str, Rate]) -> _Priced:
    if minutes <= 0:
        raise ValueError("An activity someone attended lasts at least a minute.")
    hourly, half_day, day = lines.get(RateUnit.HOUR), lines.get(RateUnit.HALF_DAY), lines.get(RateUnit.DAY)
    if hourly is not None:
        hours = paid_hours(minutes)
        return _Priced("hour", hourly, to_pence(hours * hourly.amount), hours)
    if minutes <= HALF_DAY_MINUTES:
        if half_day is not None:
            return _Priced("half_day", half_day, to_pence(half_day.amount))
        if day is not None:
            return _Priced("day_for_half", day, to_pence(day.amount))
    else:
        if day is not None:
            return _Priced("day", day, to_pence(day.amount))
        if half_day is not None:
            return _Priced("two_halves", half_day, to_pence(half_day.amount * 2))
    raise NoRate()


def _basis(priced: _Priced) -> str:
    rate, which = priced.rate, _which(priced.rate)
    if priced.how == "hour":
        return f"{_hours_text(priced.hours)} at {money(rate.amount)} an hour ({which})"
    if priced.how == "half_day":
        return f"Half day (up to 4 hours) at {money(rate.amount)} ({which})"
    if priced.how == "day_for_half":
        return f"Day rate for up to 4 hours, as there is no half-day rate: {money(rate.amount)} ({which})"
    if priced.how == "day":
        return f"Day (over 4 hours) at {money(rate.amount)} ({which})"
    return f"Two half days for over 4 hours, as there is no day rate: 2 × {money(rate.amount)} ({which})"


def fee_for(*, minutes: int, lines: dict[str, Rate]) -> Fee:
    """The fee for `minutes` of an activity paid by `lines` (from `lines_for`). NoRate when there are none."""
    priced = _price(minutes, lines)
    return Fee(amount=priced.amount, basis=_basis(priced), rate=priced.rate)


def share_minutes(total: int, planned: list[int]) -> list[int]:
    """The minutes recorded, shared across sessions in proportion to each one's planned minutes.

    Whole minutes that add up to `total`: each share is rounded down, and the minutes left over
    go one each to the sessions with the largest remainders (the earlier session on a tie).
    """
    whole = sum(planned)
    if whole <= 0:
        return [total] + [0] * (len(planned) - 1)
    shares = [total * minutes // whole for minutes in planned]
    by_remainder = sorted(range(len(planned)), key=lambda index: (-(total * planned[index] % whole), index))
    for index in by_remainder[: total - sum(shares)]:
        shares[index] += 1
    return shares


def fee_for_sessions(
    *, minutes: int, sessions: list[Session], rates: Iterable[Rate], activity_type_id: int | None, level: str
) -> Fee:
    """The fee for `minutes` recorded over an activity's sessions, each session priced on its own day.

    One session is priced as `fee_for`. With several, the minutes are shared by planned length
    (`share_minutes`) and each share is priced with the lines in force on its session's day, so
    three 3-hour sessions are three half days and a session after a rate change gets the new
    rate. `parts` holds each session's day and amount: earnings count in the period of each day.
    NoRate(on=the day) when a session's day has no line.
    """
    rates = list(rates)
    shares = share_minutes(minutes, [session.minutes for session in sessions])
    paid: list[tuple[Session, _Priced]] = []
    for session, share in zip(sessions, shares, strict=True):
        if share <= 0:
            continue
        lines = lines_for(rates, activity_type_id=activity_type_id, level=level, on=session.date)
        try:
            paid.append((session, _price(share, lines)))
        except NoRate as missing:
            raise NoRate(session.date) from missing
    parts = tuple((session.date, priced.amount) for session, priced in paid)
    amount = to_pence(sum((priced.amount for _, priced in paid), Decimal(0)))
    if len(paid) == 1:
        return Fee(amount=amount, basis=_basis(paid[0][1]), rate=paid[0][1].rate, parts=parts)
    return Fee(amount=amount, basis=_sessions_basis(paid), rate=paid[0][1].rate, parts=parts)


def _span(first: datetime.date, last: datetime.date) -> str:
    """'2 to 4 November 2026', '31 March to 1 April 2026', '28 December 2026 to 3 January 2027'."""
    if first == last:
        return long_date(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} to {long_date(last)}"
    if first.year == last.year:
        return f"{first.day} {first:%B} to {long_date(last)}"
    return f"{long_date(first)} to {long_date(last)}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _group_text(how: str, rate: Rate, items: list[_Priced]) -> str:
    count, amount = len(items), money(rate.amount)
    if how == "hour":
        return f"{_hours_text(sum((item.hours for item in items), Decimal(0)))} at {amount} an hour"
    if how == "half_day":
        return f"{_plural(count, 'half day')} at {amount}"
    if how == "day":
        return f"{_plural(count, 'day')} at {amount}"
    if how == "day_for_half":
        return f"{_plural(count, 'day rate')} for up to 4 hours (no half-day rate) at {amount}"
    return f"{count * 2} half days for {_plural(count, 'session')} over 4 hours (no day rate) at {amount}"


def _sessions_basis(paid: list[tuple[Session, _Priced]]) -> str:
    """'3 sessions, 2 to 4 November 2026, each paid on its own day: 3 half days at £60.00 (standard rate ...)'.

    Sessions paid the same way by the same line are counted together, so the words stay short
    enough for the claim; in the rare case they do not, they are cut short with an ellipsis.
    """
    groups: dict[tuple[str, int], list[_Priced]] = {}
    for _session, priced in paid:
        groups.setdefault((priced.how, id(priced.rate)), []).append(priced)
    days = [session.date for session, _ in paid]
    parts = [
        f"{_group_text(how, items[0].rate, items)} ({_which(items[0].rate)})" for (how, _line), items in groups.items()
    ]
    text = f"{len(paid)} sessions, {_span(min(days), max(days))}, each paid on its own day: {'; '.join(parts)}"
    return text if len(text) <= BASIS_LENGTH else text[: BASIS_LENGTH - 1].rstrip() + "…"


def apportion(total: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """`total` shared in proportion to `weights`, in pence that add up to it exactly (largest remainders first)."""
    pence = int(to_pence(total) * 100)
    whole = sum(weights, Decimal(0))
    if whole <= 0:
        return [to_pence(total)] + [ZERO] * (len(weights) - 1)
    exact = [Decimal(pence) * weight / whole for weight in weights]
    shares = [int(share) for share in exact]
    by_remainder = sorted(range(len(weights)), key=lambda index: (-(exact[index] - shares[index]), index))
    for index in by_remainder[: pence - sum(shares)]:
        shares[index] += 1
    return [(Decimal(share) / 100).quantize(PENNY) for share in shares]


def no_fee_reason(*, request_payment: str, payment_preference: str) -> str | None:
    """Why someone is paid no fee for an activity (expenses are still repaid); None when a fee is due."""
    if request_payment == "voluntary":
        return "No fee: this is a voluntary activity"
    if payment_preference == PaymentPreference.VOLUNTARY:
        return "No fee: taking part as a volunteer"
    if payment_preference == PaymentPreference.UNPAID_BENEFITS:
        return "No fee: unpaid, for benefit reasons"
    return None
