"""Bank holidays in England, as gov.uk/bank-holidays publishes them (with substitute days)."""

import datetime

import pytest

from peersupport.ui.dates import bank_holiday

D = datetime.date
# gov.uk's list for England and Wales, weekdays only, checked by hand.
GOV_UK = {
    D(2026, 1, 1): "New Year's Day",
    D(2026, 4, 3): "Good Friday",
    D(2026, 4, 6): "Easter Monday",
    D(2026, 5, 4): "Early May bank holiday",
    D(2026, 5, 25): "Spring bank holiday",
    D(2026, 8, 31): "Summer bank holiday",
    D(2026, 12, 25): "Christmas Day",
    D(2026, 12, 28): "Boxing Day (substitute day)",
    D(2027, 1, 1): "New Year's Day",
    D(2027, 3, 26): "Good Friday",
    D(2027, 3, 29): "Easter Monday",
    D(2027, 5, 3): "Early May bank holiday",
    D(2027, 5, 31): "Spring bank holiday",
    D(2027, 8, 30): "Summer bank holiday",
    D(2027, 12, 27): "Christmas Day (substitute day)",
    D(2027, 12, 28): "Boxing Day (substitute day)",
    D(2028, 1, 3): "New Year's Day (substitute day)",
}


@pytest.mark.parametrize("day", sorted(GOV_UK))
def test_every_bank_holiday_on_gov_uk_is_one(day):
    assert bank_holiday(day)
    if "substitute" in GOV_UK[day]:
        assert bank_holiday(day).endswith("(substitute day)")


def test_other_weekdays_are_not_bank_holidays():
    day, year_end = D(2026, 1, 1), D(2028, 1, 31)
    while day <= year_end:
        if day.weekday() < 5:
            assert bool(bank_holiday(day)) == (day in GOV_UK), day
        day += datetime.timedelta(days=1)
    assert bank_holiday(None) == ""
