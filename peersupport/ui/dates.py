"""Bank holidays in England, 2025 to 2028 (gov.uk/bank-holidays), for warnings and the demo's dates.

A fixed list, kept by hand: add the next years' dates as gov.uk publishes them.
"""

import datetime

_D = datetime.date

ENGLAND_BANK_HOLIDAYS: dict[datetime.date, str] = {
    _D(2025, 1, 1): "New Year's Day",
    _D(2025, 4, 18): "Good Friday",
    _D(2025, 4, 21): "Easter Monday",
    _D(2025, 5, 5): "Early May bank holiday",
    _D(2025, 5, 26): "Spring bank holiday",
    _D(2025, 8, 25): "Summer bank holiday",
    _D(2025, 12, 25): "Christmas Day",
    _D(2025, 12, 26): "Boxing Day",
    _D(2026, 1, 1): "New Year's Day",
    _D(2026, 4, 3): "Good Friday",
    _D(2026, 4, 6): "Easter Monday",
    _D(2026, 5, 4): "Early May bank holiday",
    _D(2026, 5, 25): "Spring bank holiday",
    _D(2026, 8, 31): "Summer bank holiday",
    _D(2026, 12, 25): "Christmas Day",
    _D(2026, 12, 28): "Boxing Day (substitute day)",
    _D(2027, 1, 1): "New Year's Day",
    _D(2027, 3, 26): "Good Friday",
    _D(2027, 3, 29): "Easter Monday",
    _D(2027, 5, 3): "Early May bank holiday",
    _D(2027, 5, 31): "Spring bank holiday",
    _D(2027, 8, 30): "Summer bank holiday",
    _D(2027, 12, 27): "Christmas Day (substitute day)",
    _D(2027, 12, 28): "Boxing Day (substitute day)",
    _D(2028, 1, 3): "New Year's Day (substitute day)",
    _D(2028, 4, 14): "Good Friday",
    _D(2028, 4, 17): "Easter Monday",
    _D(2028, 5, 1): "Early May bank holiday",
    _D(2028, 5, 29): "Spring bank holiday",
    _D(2028, 8, 28): "Summer bank holiday",
    _D(2028, 12, 25): "Christmas Day",
    _D(2028, 12, 26): "Boxing Day",
}


def bank_holiday(day: datetime.date | None) -> str:
    """The bank holiday in England on that day, or "" when it is not one."""
    return ENGLAND_BANK_HOLIDAYS.get(day, "") if day else ""
