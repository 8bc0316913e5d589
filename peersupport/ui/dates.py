"""Bank holidays in England, for the request form's question and the demo's dates.

From the `holidays` package (kept up to date with gov.uk's announcements, including substitute
days and one-off holidays), so no list is typed or kept by hand here.
"""

import datetime
from functools import cache

import holidays


@cache
def _england() -> holidays.HolidayBase:
    return holidays.country_holidays("GB", subdiv="ENG")


def bank_holiday(day: datetime.date | None) -> str:
    """The bank holiday in England on that day ("Boxing Day (substitute day)"), or "" when it is not one."""
    if not day:
        return ""
    name = _england().get(day) or ""
    return name.replace("(observed)", "(substitute day)")
