"""Activities with several sessions: each session is paid at the rate of its own day, and earns in its own period.

The time recorded is the total; it is shared across the sessions in proportion to their planned
length, and each share is priced on its own (half day or day per session; hours rounded up to the
quarter hour per session). Earnings count each session's part of the fee in the period of its day
(docs/adr/0015).
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from involvement.models import FurtherSession
from involvement.tests.factories import approved_request
from peersupport.accounts.roles import Role
from together_network.models import EarningsPeriod, PaymentClaim, Rate
from together_network.selectors import fees
from together_network.selectors import payments as selectors
from together_network.services import invitations
from together_network.services import payments as services
from together_network.tests.factories import ExpertByExperienceFactory, RateFactory
from together_network.tests.payments_support import (
    activity_with_places,
    assert_constant_queries,
    bulk_claims,
    coordinator,
    days_ago,
    record,
)

D = datetime.date
SINCE_2020, SINCE_2025 = D(2020, 4, 1), D(2025, 4, 1)
EARNINGS = reverse("together_network:earnings")


def with_sessions(request, *sessions: tuple[datetime.date, int]):
    """Add further sessions (date, planned minutes) to a request, as the requester would have on its form."""
    for day, minutes in sessions:
        FurtherSession.objects.create(request=request, date=day, start_time=datetime.time(10), duration_minutes=minutes)
    return request


def several_sessions(expert, first: tuple[datetime.date, int], *further: tuple[datetime.date, int], **fields):
    day, minutes = first
    return with_sessions(activity_with_places(expert, on=day, duration_minutes=minutes, **fields), *further)


def new_hourly_rate(amount: str, since: datetime.date):
    """A coordinator adds an hourly rate for any activity; the one it replaces ends the day before."""
    by = coordinator()
    return services.rate_add(
        activity_type=None, level="standard", unit="hour", amount=Decimal(amount), effective_from=since, by=by
    )


def half_and_whole_days(since=SINCE_2020):
    RateFactory(unit="half_day", amount=Decimal("60.00"), effective_from=since)
    RateFactory(unit="day", amount=Decimal("100.00"), effective_from=since)


# --- The arithmetic (pure) -------------------------------------------------------------------------------


def line(amount: str, *, unit="hour", since=SINCE_2025, until=None) -> Rate:
    return Rate(level="standard", unit=unit, amount=Decimal(amount), effective_from=since, effective_until=until)


def priced(minutes: int, sessions: list[tuple[datetime.date, int]], *rates: Rate) -> fees.Fee:
    return fees.fee_for_sessions(
        minutes=minutes,
        sessions=[fees.Session(day, planned) for day, planned in sessions],
        rates=rates,
        activity_type_id=None,
        level="standard",
    )


@pytest.mark.parametrize(
    ("total", "planned", "shares"),
    [
        (540, [180, 180, 180], [180, 180, 180]),
        (100, [60, 120], [33, 67]),  # a third and two thirds, the spare minute to the larger remainder
        (10, [60, 60, 60], [4, 3, 3]),  # a tie: the earlier session first
        (90, [0, 0], [90, 0]),
    ],
)
def test_the_time_recorded_is_shared_by_planned_length_in_whole_minutes_that_add_up(total, planned, shares):
    assert fees.share_minutes(total, planned) == shares
    assert sum(fees.share_minutes(total, planned)) == total


def test_three_three_hour_sessions_on_three_days_are_three_half_days():
    sessions = [(D(2026, 11, 2), 180), (D(2026, 11, 3), 180), (D(2026, 11, 4), 180)]

    worked_out = priced(540, sessions, line("60.00", unit="half_day"), line("100.00", unit="day"))

    assert worked_out.amount == Decimal("180.00")
    assert worked_out.basis == (
        "3 sessions, 2 to 4 November 2026, each paid on its own day: 3 half days at £60.00 "
        "(standard rate from 1 April 2025)"
    )
    assert worked_out.parts == tuple((day, Decimal("60.00")) for day, _ in sessions)


def test_hours_are_rounded_up_to_the_quarter_hour_in_each_session():
    # 65 minutes in each session: 1.25 hours each, 2.5 hours in all (not 130 minutes as 2.25 hours).
    worked_out = priced(130, [(D(2026, 11, 2), 65), (D(2026, 11, 9), 65)], line("25.00"))

    assert worked_out.amount == Decimal("62.50")
    assert worked_out.basis.endswith("2.5 hours at £25.00 an hour (standard rate from 1 April 2025)")


def test_a_session_after_a_rate_change_is_paid_the_new_rate():
    rates = [line("20.00", until=D(2026, 3, 31)), line("22.00", since=D(2026, 4, 1))]

    worked_out = priced(240, [(D(2026, 3, 31), 120), (D(2026, 4, 1), 120)], *rates)

    assert worked_out.amount == Decimal("84.00")  # 2 hours at £20.00 and 2 hours at £22.00
    assert worked_out.parts == ((D(2026, 3, 31), Decimal("40.00")), (D(2026, 4, 1), Decimal("44.00")))
    assert worked_out.basis == (
        "2 sessions, 31 March to 1 April 2026, each paid on its own day: 2 hours at £20.00 an hour "
        "(standard rate from 1 April 2025); 2 hours at £22.00 an hour (standard rate from 1 April 2026)"
    )
    assert worked_out.rate.amount == Decimal("20.00")  # the first session's line


def test_a_session_with_no_rate_on_its_day_names_that_day():
    with pytest.raises(fees.NoRate) as missing:
        priced(240, [(D(2026, 3, 31), 120), (D(2026, 4, 1), 120)], line("20.00", until=D(2026, 3, 31)))

    assert missing.value.on == D(2026, 4, 1)


def test_a_long_basis_still_fits_on_the_claim():
    rates = [line(f"{20 + n}.00", since=D(2026, 4, n + 1), until=D(2026, 4, n + 1)) for n in range(7)]

    worked_out = priced(7 * 60, [(D(2026, 4, n + 1), 60) for n in range(7)], *rates)

    assert worked_out.amount == Decimal("161.00")
    assert len(worked_out.basis) <= 200


# --- Claims from attendance ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_three_day_activity_is_paid_three_half_days_not_one():
    half_and_whole_days()
    expert = ExpertByExperienceFactory()
    request = several_sessions(expert, (D(2026, 11, 2), 180), (D(2026, 11, 3), 180), (D(2026, 11, 4), 180))

    record(request, {expert: 540})

    claim = PaymentClaim.objects.get(expert=expert)
    assert claim.fee == Decimal("180.00")
    assert "3 half days at £60.00" in claim.fee_basis
    assert claim.activity_date == D(2026, 11, 2)


@pytest.mark.django_db
def test_a_rate_change_between_two_sessions_pays_each_at_its_own_rate():
    RateFactory(amount=Decimal("20.00"), effective_from=D(2025, 4, 1))
    new_hourly_rate("22.00", D(2026, 4, 1))
    expert = ExpertByExperienceFactory()
    request = several_sessions(expert, (D(2026, 3, 31), 120), (D(2026, 4, 1), 120))

    record(request, {expert: 240})

    claim = PaymentClaim.objects.get(expert=expert)
    assert claim.fee == Decimal("84.00")
    assert "£20.00 an hour" in claim.fee_basis and "£22.00 an hour" in claim.fee_basis


@pytest.mark.django_db
def test_attendance_is_refused_when_a_later_session_has_no_rate_naming_its_day():
    RateFactory(amount=Decimal("20.00"), effective_from=D(2025, 4, 1), effective_until=D(2026, 11, 30))
    expert = ExpertByExperienceFactory()
    request = several_sessions(expert, (D(2026, 11, 30), 120), (D(2026, 12, 1), 120))

    with pytest.raises(ValidationError) as refused:
        record(request, {expert: 240})

    assert "on 1 December 2026" in refused.value.messages[0]
    assert not PaymentClaim.objects.exists()


@pytest.mark.django_db
def test_a_rate_cannot_end_before_a_later_session_it_paid():
    RateFactory(effective_from=D(2020, 4, 1))
    expert = ExpertByExperienceFactory()
    record(several_sessions(expert, (D(2026, 11, 30), 60), (D(2026, 12, 1), 60)), {expert: 120})

    with pytest.raises(ValidationError) as refused:
        new_hourly_rate("30.00", D(2026, 12, 1))

    assert "1 December 2026" in refused.value.message_dict["effective_from"][0]


# --- Earnings in the period of each session ----------------------------------------------------------------------


@pytest.fixture
def across_two_months(db):
    """Una, paid with a £100.00 monthly limit, took part in two 3-hour sessions: 30 November and 1 December 2026."""
    half_and_whole_days()
    una = ExpertByExperienceFactory(
        full_name="Una Across", earnings_limit=Decimal("100.00"), earnings_limit_period=EarningsPeriod.MONTH
    )
    record(several_sessions(una, (D(2026, 11, 30), 180), (D(2026, 12, 1), 180)), {una: 360})
    assert PaymentClaim.objects.get(expert=una).fee == Decimal("120.00")
    return una


def test_each_session_earns_in_the_month_of_its_day(across_two_months):
    una = across_two_months

    assert selectors.earnings_in_period(una, D(2026, 11, 15)) == Decimal("60.00")
    assert selectors.earnings_in_period(una, D(2026, 12, 15)) == Decimal("60.00")


def test_the_report_shows_each_month_its_own_session(client, login_as, across_two_months):
    login_as(Role.NETWORK_COORDINATOR)

    def row(month: int, year: int, **query):
        query = {"period": "month", "day_day": 1, "day_month": month, "day_year": year, **query}
        (found,) = [row for row in client.get(EARNINGS, query).context["rows"] if row["expert"] == across_two_months]
        return found

    november, december = row(11, 2026), row(12, 2026)
    assert (november["earned"], november["standing"]) == (Decimal("60.00"), "")  # not £120.00, over the limit
    assert december["earned"] == Decimal("60.00")
    assert row(12, 2026, period="own")["earned"] == Decimal("60.00")
    assert row(12, 2026, period="year")["earned"] == Decimal("120.00")


def test_each_session_earns_in_the_week_of_its_day(client, login_as):
    half_and_whole_days()
    weekly = ExpertByExperienceFactory(earnings_limit=Decimal("50.00"), earnings_limit_period=EarningsPeriod.WEEK)
    # Sunday 22 November ends one week; Monday 23 November starts the next.
    record(several_sessions(weekly, (D(2026, 11, 22), 180), (D(2026, 11, 23), 240)), {weekly: 420})
    login_as(Role.NETWORK_COORDINATOR)

    rows = client.get(EARNINGS, {"period": "own", "day_day": 23, "day_month": 11, "day_year": 2026}).context["rows"]

    (row,) = [row for row in rows if row["expert"] == weekly]
    assert (row["period"].start, row["earned"], row["standing"]) == (D(2026, 11, 23), Decimal("60.00"), "Over")
    assert selectors.earnings_in_period(weekly, D(2026, 11, 22)) == Decimal("60.00")


def test_an_offer_is_warned_of_with_the_session_earned_in_its_month(across_two_months):
    una = across_two_months
    offer = approved_request(activity_date=D(2026, 12, 20), duration_minutes=180)  # a half day: £60.00

    found = selectors.earnings_outlooks(experts=[una], request=offer).get(una.pk)

    assert found is not None
    assert (found.earned, found.offer, found.total) == (Decimal("60.00"), Decimal("60.00"), Decimal("120.00"))


def test_an_offer_with_a_session_in_the_next_month_is_warned_of_for_that_month(db):
    half_and_whole_days()
    expert = ExpertByExperienceFactory(earnings_limit=Decimal("100.00"), earnings_limit_period=EarningsPeriod.MONTH)
    earlier = approved_request(activity_date=D(2027, 1, 12), duration_minutes=300)  # a day: £100.00 in January
    (sent,) = invitations.invitations_send(request_id=earlier.pk, expert_ids=[expert.pk], by=coordinator())
    invitations.invitation_accept(invitation_id=sent.pk)
    offer = with_sessions(approved_request(activity_date=D(2026, 12, 30), duration_minutes=180), (D(2027, 1, 4), 180))

    found = selectors.earnings_outlooks(experts=[expert], request=offer).get(expert.pk)

    assert found is not None
    assert found.period.start == D(2027, 1, 1)
    assert (found.booked, found.offer) == (Decimal("100.00"), Decimal("60.00"))


def test_the_report_sets_right_sessions_across_a_month_s_edge_in_the_same_queries_for_10_or_2000_claims(
    client, login_as, django_assert_num_queries
):
    login_as(Role.NETWORK_COORDINATOR)
    first_day = days_ago(3)  # where bulk_claims puts the activity
    next_month = (first_day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    further = ((next_month, 120),)
    bulk_claims(10, further=further)
    url = f"{EARNINGS}?period=month&day_day=1&day_month={next_month.month}&day_year={next_month.year}"

    response = assert_constant_queries(
        client, url, lambda: bulk_claims(1990, further=further), django_assert_num_queries
    )

    assert response.context["page"].paginator.count == 2000
    assert all(Decimal(0) < row["earned"] < Decimal("50.00") for row in response.context["rows"])
