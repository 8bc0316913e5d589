"""The counting rules every workforce figure shares: who is in post on a day, which posts are funded, count days.

The dashboard and the establishment page both count with these, so their figures agree.
Definitions: docs/adr/0011-workforce-compliance.md and docs/adr/0014-establishment-and-growth.md.
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


def count_day(year: int, today: datetime.date) -> datetime.date:
    """Figures for a year are counted on 31 March (the end of the NHS financial year); this year's, today."""
    return today if year == today.year else datetime.date(year, 3, 31)


def count_days(today: datetime.date) -> list[tuple[int, datetime.date]]:
    """(year, count day) for every year from 2017 to this one."""
    return [(year, count_day(year, today)) for year in range(FIRST_YEAR, today.year + 1)]


def in_post(start: datetime.date, end: datetime.date | None, day: datetime.date) -> bool:
    """In post from the start date; the end date is the first day no longer counted."""
    return start <= day and (end is None or end > day)


def in_post_on(day: datetime.date) -> Q:
    """The same rule as `in_post`, for the database."""
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gt=day))


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
