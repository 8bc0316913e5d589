"""The rate card's arithmetic (together_network/selectors/fees.py): pure functions, Decimal throughout.

Which lines pay an activity on its date, quarter-hour rounding, half day against day at
exactly 4 hours, standard against enhanced, the "any activity" lines standing in for a type
with none of its own, pence rounded half up, and no fee for volunteers.
"""

import datetime
from decimal import Decimal

import pytest

from involvement.models import ActivityType
from together_network.models import PaymentPreference, Rate
from together_network.selectors import fees

APRIL_2025 = datetime.date(2025, 4, 1)
APRIL_2026 = datetime.date(2026, 4, 1)
INTERVIEW = ActivityType(pk=7, name="Interview panel")
FOCUS_GROUP = ActivityType(pk=8, name="Focus group")


def line(amount: str, *, unit="hour", level="standard", kind=None, since=APRIL_2026, until=None) -> Rate:
    return Rate(
        activity_type=kind, level=level, unit=unit, amount=Decimal(amount), effective_from=since, effective_until=until
    )


def fee(minutes: int, *rates: Rate, kind=None, level="standard", on=datetime.date(2026, 6, 1)) -> fees.Fee:
    lines = fees.lines_for(rates, activity_type_id=kind.pk if kind else None, level=level, on=on)
    return fees.fee_for(minutes=minutes, lines=lines)


def assert_money(value, expected: str) -> None:
    assert isinstance(value, Decimal)
    assert value == Decimal(expected)
    assert value.as_tuple().exponent == -2  # pounds and pence, always two places


# --- Hourly: quarter hours, rounded up ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "hours", "amount"),
    [
        (1, "0.25", "6.25"),
        (15, "0.25", "6.25"),
        (16, "0.5", "12.50"),
        (60, "1", "25.00"),
        (61, "1.25", "31.25"),
        (120, "2", "50.00"),
        (135, "2.25", "56.25"),
        (136, "2.5", "62.50"),
        (479, "8", "200.00"),
    ],
)
def test_hours_are_the_actual_minutes_rounded_up_to_the_quarter_hour(minutes, hours, amount):
    assert fees.paid_hours(minutes) == Decimal(hours)
    assert isinstance(fees.paid_hours(minutes), Decimal)

    worked_out = fee(minutes, line("25.00"))

    assert_money(worked_out.amount, amount)


def test_the_basis_says_hours_rate_level_and_the_date_the_rate_started():
    worked_out = fee(135, line("25.00"))

    assert worked_out.basis == "2.25 hours at £25.00 an hour (standard rate from 1 April 2026)"


def test_one_hour_is_singular_and_a_type_s_own_line_is_named():
    worked_out = fee(60, line("30.00", kind=INTERVIEW), kind=INTERVIEW)

    assert worked_out.basis == "1 hour at £30.00 an hour (standard Interview panel rate from 1 April 2026)"


def test_pence_are_rounded_half_up():
    # 2.25 hours at £25.55 is £57.4875: £57.49. At £10.02, 0.25 hours is £2.505: £2.51 (half up, not to even).
    assert_money(fee(135, line("25.55")).amount, "57.49")
    assert_money(fee(15, line("10.02")).amount, "2.51")
    assert_money(fee(45, line("10.02")).amount, "7.52")  # 7.515


def test_an_hourly_line_wins_over_half_day_and_day_lines():
    worked_out = fee(300, line("20.00"), line("70.00", unit="half_day"), line("130.00", unit="day"))

    assert_money(worked_out.amount, "100.00")
    assert worked_out.rate.unit == "hour"


# --- Half days and days --------------------------------------------------------------------------


def day_rates(**overrides):
    return [line("60.00", unit="half_day", **overrides), line("110.00", unit="day", **overrides)]


@pytest.mark.parametrize(
    ("minutes", "amount", "unit"),
    [(1, "60.00", "half_day"), (239, "60.00", "half_day"), (240, "60.00", "half_day"), (241, "110.00", "day")],
)
def test_up_to_exactly_4_hours_is_a_half_day_and_a_minute_more_is_a_day(minutes, amount, unit):
    worked_out = fee(minutes, *day_rates())

    assert_money(worked_out.amount, amount)
    assert worked_out.rate.unit == unit


def test_half_day_and_day_bases_say_so():
    assert fee(240, *day_rates()).basis == "Half day (up to 4 hours) at £60.00 (standard rate from 1 April 2026)"
    assert fee(241, *day_rates()).basis == "Day (over 4 hours) at £110.00 (standard rate from 1 April 2026)"


def test_without_a_half_day_line_a_short_activity_is_paid_the_day_rate():
    worked_out = fee(90, line("110.00", unit="day"))

    assert_money(worked_out.amount, "110.00")
    assert "no half-day rate" in worked_out.basis


def test_without_a_day_line_a_long_activity_is_two_half_days():
    worked_out = fee(300, line("60.00", unit="half_day"))

    assert_money(worked_out.amount, "120.00")
    assert worked_out.basis.startswith("Two half days")


# --- Which lines: dates, levels and the "any activity" lines -------------------------------------------


def rate_change():
    """£20.00 an hour to 31 March 2026, then £22.00."""
    return [line("20.00", since=APRIL_2025, until=datetime.date(2026, 3, 31)), line("22.00", since=APRIL_2026)]


@pytest.mark.parametrize(
    ("on", "amount", "since"),
    [
        (datetime.date(2025, 4, 1), "40.00", "1 April 2025"),
        (datetime.date(2026, 3, 31), "40.00", "1 April 2025"),
        (datetime.date(2026, 4, 1), "44.00", "1 April 2026"),
        (datetime.date(2027, 1, 15), "44.00", "1 April 2026"),
    ],
)
def test_the_rate_is_the_one_in_force_on_the_activity_date(on, amount, since):
    worked_out = fee(120, *rate_change(), on=on)

    assert_money(worked_out.amount, amount)
    assert worked_out.basis.endswith(f"(standard rate from {since})")


def test_before_the_first_line_there_is_no_rate():
    with pytest.raises(fees.NoRate):
        fee(120, *rate_change(), on=datetime.date(2025, 3, 31))


def test_enhanced_activities_use_enhanced_lines_and_standard_ones_standard():
    rates = [line("25.00"), line("35.00", level="enhanced")]

    assert_money(fee(60, *rates, level="enhanced").amount, "35.00")
    assert_money(fee(60, *rates, level="standard").amount, "25.00")
    assert "enhanced rate" in fee(60, *rates, level="enhanced").basis


def test_a_standard_line_never_stands_in_for_a_missing_enhanced_one():
    with pytest.raises(fees.NoRate):
        fee(60, line("25.00"), level="enhanced")


def test_a_type_with_lines_of_its_own_uses_only_those():
    rates = [line("25.00"), line("150.00", unit="day", kind=INTERVIEW)]

    worked_out = fee(60, *rates, kind=INTERVIEW)

    assert_money(worked_out.amount, "150.00")  # its own day line, not the any-activity hourly line
    assert worked_out.rate.activity_type == INTERVIEW


def test_a_type_with_no_lines_of_its_own_uses_the_any_activity_lines():
    rates = [line("25.00"), line("150.00", unit="day", kind=INTERVIEW)]

    worked_out = fee(60, *rates, kind=FOCUS_GROUP)

    assert_money(worked_out.amount, "25.00")
    assert worked_out.rate.activity_type is None


def test_a_type_whose_own_line_has_ended_falls_back_to_the_any_activity_lines():
    rates = [line("25.00", since=APRIL_2025), line("40.00", kind=INTERVIEW, since=APRIL_2025, until=APRIL_2026)]

    assert_money(fee(60, *rates, kind=INTERVIEW, on=datetime.date(2026, 1, 1)).amount, "40.00")
    assert_money(fee(60, *rates, kind=INTERVIEW, on=datetime.date(2026, 5, 1)).amount, "25.00")


def test_no_lines_at_all_is_no_rate():
    with pytest.raises(fees.NoRate):
        fee(60)


def test_the_no_rate_message_names_what_is_missing():
    message = fees.no_rate_message(activity_type_name="Focus group", level="enhanced", on=datetime.date(2026, 5, 3))

    assert message.startswith(
        "The rate card has no enhanced rate for Focus group (nor for any activity) on 3 May 2026."
    )


# --- No fee -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("payment", "preference", "reason"),
    [
        ("paid", PaymentPreference.PAID, None),
        ("voluntary", PaymentPreference.PAID, "No fee: this is a voluntary activity"),
        ("paid", PaymentPreference.VOLUNTARY, "No fee: taking part as a volunteer"),
        ("paid", PaymentPreference.UNPAID_BENEFITS, "No fee: unpaid, for benefit reasons"),
    ],
)
def test_volunteers_and_voluntary_activities_get_no_fee(payment, preference, reason):
    assert fees.no_fee_reason(request_payment=payment, payment_preference=preference) == reason
