"""The counting rules every workforce figure shares: who is in post on a day, which posts are funded, count days.

The dashboard and the establishment page both count with these, so their figures agree.
Definitions: docs/adr/0011-workforce-compliance.md and docs/adr/0013-establishment-and-growth.md.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from ..models import FULL_TIME_HOURS

FIRST_YEAR = 2017
TWO_PLACES = Decimal("0.01")


def wte(hours: Decimal) -> Decimal:
    return (hours / FULL_TIME_HOURS).quantize(TWO_PLACES)


def year_end(year: int) -> datetime.date:
    """31 March: the end of the NHS financial year, when each year's figures are counted."""
    return datetime.date(year, 3, 31)


def count_days(today: datetime.date) -> list[tuple[int, datetime.date]]:
    """(year, count day): 31 March of every year from 2017 that has reached it, then today.

    Today's row covers the year to date, from the last 31 March; it is left out only when today
    is itself 31 March. Each row is labelled by `count_day_label`.
    """
    days = [(year, year_end(year)) for year in range(FIRST_YEAR, today.year + 1) if year_end(year) <= today]
    if not days or days[-1][1] != today:
        days.append((today.year, today))
    return days


def count_day_label(year: int, day: datetime.date) -> str:
    """ "2024" for a year counted on its 31 March; "Today" for the year to date."""
    return str(year) if day == year_end(year) else "Today"


def in_post(start: datetime.date, end: datetime.date | None, day: datetime.date) -> bool:
    """In post from the start date to the end date (their last day), both included."""
    return start <= day and (end is None or end >= day)


def left_between(end: datetime.date | None, after: datetime.date, by: datetime.date) -> bool:
    """A leaver of the period from `after` (exclusive) to `by`: in post on some day of it, not on `by`.

    Their last day is on or after `after` (so they were in post then, or started since) and before `by`.
    """
    return end is not None and after <= end < by


def in_post_on(day: datetime.date) -> Q:
    """The same rule as `in_post`, for the database."""
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


def funded_on(funded_from: datetime.date, funded_until: datetime.date | None, day: datetime.date) -> bool:
    """A post is funded from its first day to its last day ("funded until"), both included."""
    return funded_from <= day and (funded_until is None or funded_until >= day)


def funded_in_force_on(day: datetime.date) -> Q:
    """The same rule as `funded_on`, for the database."""
    return Q(funded_from__lte=day) & (Q(funded_until__isnull=True) | Q(funded_until__gte=day))


@dataclass(frozen=True)
class Staffing:
    headcount: int = 0
    hours: Decimal = Decimal(0)

    @property
    def whole_time_equivalent(self) -> Decimal:
        return wte(self.hours)

    def plus(self, hours: Decimal) -> "Staffing":
        return Staffing(self.headcount + 1, self.hours + hours)
