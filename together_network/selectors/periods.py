"""Benefit periods: the week, four weeks, month or tax year that holds a day, for earnings limits.

Weeks run Monday to Sunday; months are calendar months; the tax year runs 6 April to 5 April;
four-week periods are counted from 6 April each tax year (docs/adr/0015). Any date Python knows
has a period: near year 9999 a period stops at the last date rather than failing.
"""

import calendar
import datetime
from dataclasses import dataclass

from ..models import EarningsPeriod
from . import fees


@dataclass(frozen=True)
class Period:
    kind: str
    start: datetime.date
    end: datetime.date  # the last day, included

    def holds(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

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


def _plus(day: datetime.date, days: int) -> datetime.date:
    """`day` and `days` more, stopping at the last date Python knows (a period near year 9999 never fails)."""
    try:
        return day + datetime.timedelta(days=days)
    except OverflowError:
        return datetime.date.max


def tax_year_start(day: datetime.date) -> datetime.date:
    start = datetime.date(day.year, 4, 6)
    if day >= start:
        return start
    return datetime.date(day.year - 1, 4, 6) if day.year > datetime.MINYEAR else datetime.date.min


def earnings_period(kind: str, day: datetime.date) -> Period:
    """The period of this kind that holds `day`.

    Weeks run Monday to Sunday; months are calendar months; the tax year runs 6 April to 5 April.
    Four-week periods are counted from 6 April each tax year: thirteen of them, the thirteenth
    running on to 5 April (29 days, or 30 when the year holds 29 February).
    """
    if kind == EarningsPeriod.WEEK:
        start = day - datetime.timedelta(days=day.weekday())  # 1 January of year 1 was a Monday
        return Period(kind, start, _plus(start, 6))
    if kind == EarningsPeriod.MONTH:
        last = calendar.monthrange(day.year, day.month)[1]
        return Period(kind, day.replace(day=1), day.replace(day=last))
    year_start = tax_year_start(day)
    year_end = datetime.date(year_start.year + 1, 4, 5) if year_start.year < datetime.MAXYEAR else datetime.date.max
    if kind == EarningsPeriod.YEAR:
        return Period(kind, year_start, year_end)
    if kind == EarningsPeriod.FOUR_WEEKS:
        index = min((day - year_start).days // 28, 12)
        start = year_start + datetime.timedelta(days=28 * index)
        end = year_end if index == 12 else min(_plus(start, 27), year_end)
        return Period(kind, start, end)
    raise ValueError(f"Unknown earnings period {kind!r}")
