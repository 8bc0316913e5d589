"""Benefit thresholds: earnings per period, and the warning before an offer would pass the limit agreed.

Earnings are the fees of claims not turned down, on the activity's date; expenses never count.
Weeks run Monday to Sunday, four-week periods from 6 April, months by the calendar, the tax
year from 6 April to 5 April.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from involvement.tests.factories import approved_request
from notifications.models import Notification
from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory
from together_network.models import EarningsPeriod, InvitationStatus, PaymentPreference
from together_network.selectors import payments as selectors
from together_network.services import expenses, invitations
from together_network.services import payments as services
from together_network.tests.factories import ExpertByExperienceFactory, RateFactory
from together_network.tests.payments_support import claim_for, coordinator

D = datetime.date


# --- Periods ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "day", "start", "end"),
    [
        (EarningsPeriod.WEEK, D(2026, 12, 2), D(2026, 11, 30), D(2026, 12, 6)),  # a Wednesday
        (EarningsPeriod.WEEK, D(2026, 11, 30), D(2026, 11, 30), D(2026, 12, 6)),  # Monday starts it
        (EarningsPeriod.WEEK, D(2026, 12, 6), D(2026, 11, 30), D(2026, 12, 6)),  # Sunday ends it
        (EarningsPeriod.WEEK, D(2027, 1, 1), D(2026, 12, 28), D(2027, 1, 3)),  # across the new year
        (EarningsPeriod.MONTH, D(2026, 2, 14), D(2026, 2, 1), D(2026, 2, 28)),
        (EarningsPeriod.MONTH, D(2028, 2, 29), D(2028, 2, 1), D(2028, 2, 29)),
        (EarningsPeriod.MONTH, D(2026, 12, 31), D(2026, 12, 1), D(2026, 12, 31)),
        (EarningsPeriod.YEAR, D(2026, 4, 6), D(2026, 4, 6), D(2027, 4, 5)),
        (EarningsPeriod.YEAR, D(2026, 4, 5), D(2025, 4, 6), D(2026, 4, 5)),
        (EarningsPeriod.YEAR, D(2027, 1, 15), D(2026, 4, 6), D(2027, 4, 5)),
        (EarningsPeriod.FOUR_WEEKS, D(2026, 4, 6), D(2026, 4, 6), D(2026, 5, 3)),
        (EarningsPeriod.FOUR_WEEKS, D(2026, 5, 3), D(2026, 4, 6), D(2026, 5, 3)),
        (EarningsPeriod.FOUR_WEEKS, D(2026, 5, 4), D(2026, 5, 4), D(2026, 5, 31)),
        (EarningsPeriod.FOUR_WEEKS, D(2026, 12, 1), D(2026, 11, 16), D(2026, 12, 13)),
        # The thirteenth period runs on to 5 April: 29 days, or 30 with a 29 February.
        (EarningsPeriod.FOUR_WEEKS, D(2027, 4, 5), D(2027, 3, 8), D(2027, 4, 5)),
        (EarningsPeriod.FOUR_WEEKS, D(2028, 4, 5), D(2028, 3, 7), D(2028, 4, 5)),
        (EarningsPeriod.FOUR_WEEKS, D(2026, 4, 5), D(2026, 3, 8), D(2026, 4, 5)),
    ],
)
def test_each_kind_of_period_holding_a_day(kind, day, start, end):
    period = selectors.earnings_period(kind, day)

    assert (period.start, period.end) == (start, end)
    assert period.start <= day <= period.end


def test_four_week_periods_cover_the_tax_year_without_gaps():
    day, periods = D(2027, 4, 6), []
    start = D(2026, 4, 6)
    current = start
    while current < day:
        period = selectors.earnings_period(EarningsPeriod.FOUR_WEEKS, current)
        periods.append(period)
        current = period.end + datetime.timedelta(days=1)

    assert len(periods) == 13
    assert all(period.end - period.start == datetime.timedelta(days=27) for period in periods[:12])
    assert periods[-1].end == D(2027, 4, 5)


# --- Earnings in a period ---------------------------------------------------------------------------


def limited(kind=EarningsPeriod.MONTH, limit="100.00", **fields):
    return ExpertByExperienceFactory(earnings_limit=Decimal(limit), earnings_limit_period=kind, **fields)


@pytest.mark.django_db
def test_earnings_are_fees_of_claims_not_turned_down_in_the_period_and_never_expenses():
    RateFactory(effective_from=D(2025, 4, 1))
    expert = limited(EarningsPeriod.MONTH)
    counted = claim_for(expert, minutes=120, on=D(2026, 10, 5))  # £50.00
    expenses.expense_add(claim=counted, kind="travel", description="Train", amount=Decimal("30.00"), by=coordinator())
    approved = claim_for(expert, minutes=60, on=D(2026, 10, 31))  # £25.00
    services.claims_approve(claims=[approved], by=coordinator())
    turned_down = claim_for(expert, minutes=60, on=D(2026, 10, 20))
    services.claim_reject(claim=turned_down, reason="Duplicate", by=coordinator())
    claim_for(expert, minutes=60, on=D(2026, 11, 1))  # next month

    earned = selectors.earnings_in_period(expert, D(2026, 10, 15))

    assert earned == Decimal("75.00")
    assert isinstance(earned, Decimal)


@pytest.mark.django_db
def test_earnings_follow_the_person_s_own_kind_of_period():
    RateFactory(effective_from=D(2025, 4, 1))
    weekly = limited(EarningsPeriod.WEEK)
    claim_for(weekly, minutes=60, on=D(2026, 11, 1))  # Sunday: the week before
    claim_for(weekly, minutes=60, on=D(2026, 11, 2))  # Monday
    claim_for(weekly, minutes=120, on=D(2026, 11, 8))  # Sunday

    assert selectors.earnings_in_period(weekly, D(2026, 11, 4)) == Decimal("75.00")


# --- The warning on an offer -----------------------------------------------------------------------------


def offer(on: datetime.date, minutes: int = 120, **fields):
    """A paid, open request for `minutes` on `on`, at £25.00 an hour."""
    return approved_request(activity_date=on, duration_minutes=minutes, **fields)


def outlook(expert, request):
    return selectors.earnings_outlooks(experts=[expert], request=request).get(expert.pk)


@pytest.fixture
def in_a_period(db):
    """A paid person with £50.00 claimed on the first day of this period of theirs (today's period)."""
    RateFactory(effective_from=D(2020, 4, 6))

    def make(kind: str, limit: str):
        expert = limited(kind, limit)
        period = selectors.earnings_period(kind, datetime.date.today())
        claim_for(expert, minutes=120, on=period.start)  # £50.00
        return expert, period

    return make


@pytest.mark.parametrize("kind", EarningsPeriod.values)
@pytest.mark.parametrize(
    ("limit", "warned"),
    [("100.01", False), ("100.00", False), ("99.99", True)],
    ids=["just under", "exactly at", "over"],
)
def test_an_offer_that_would_pass_the_limit_is_warned_of_for_each_kind_of_period(in_a_period, kind, limit, warned):
    expert, period = in_a_period(kind, limit)
    request = offer(period.end, minutes=120)  # £50.00: £100.00 in the period with what they have earned

    found = outlook(expert, request)

    assert (found is not None) == warned
    if warned:
        assert found.total == Decimal("100.00")
        assert found.for_expert == (
            f"Taking this place may take your earnings over the limit you agreed (£{limit} "
            f"{selectors.PER[EarningsPeriod(kind)]})."
        )


@pytest.mark.django_db
def test_earnings_outside_the_period_do_not_count():
    RateFactory(effective_from=D(2020, 4, 6))
    expert = limited(EarningsPeriod.WEEK, "60.00")
    week = selectors.earnings_period(EarningsPeriod.WEEK, datetime.date.today())
    claim_for(expert, minutes=120, on=week.start - datetime.timedelta(days=1))  # the Sunday before

    assert outlook(expert, offer(week.end, minutes=120)) is None


@pytest.mark.django_db
def test_places_already_held_in_the_period_count_as_estimated():
    RateFactory(effective_from=D(2020, 4, 6))
    expert = limited(EarningsPeriod.MONTH, "90.00")
    ahead = datetime.date.today() + datetime.timedelta(days=35)
    month = selectors.earnings_period(EarningsPeriod.MONTH, ahead)
    held = offer(month.start, minutes=120, places_needed=1)
    sent = invitations.invitations_send(request_id=held.pk, expert_ids=[expert.pk], by=coordinator())
    invitations.invitation_accept(invitation_id=sent[0].pk)

    found = outlook(expert, offer(month.end, minutes=120))

    assert (found.earned, found.booked, found.offer) == (Decimal("0.00"), Decimal("50.00"), Decimal("50.00"))
    assert "£0.00 claimed and about £50.00 booked" in found.for_coordinator


@pytest.mark.django_db
@pytest.mark.parametrize("preference", [PaymentPreference.VOLUNTARY, PaymentPreference.UNPAID_BENEFITS])
def test_people_not_paid_are_never_warned(preference):
    RateFactory(effective_from=D(2020, 4, 6))
    expert = limited(EarningsPeriod.WEEK, "1.00", payment_preference=preference)

    assert outlook(expert, offer(datetime.date.today() + datetime.timedelta(days=20))) is None


@pytest.mark.django_db
def test_a_voluntary_activity_or_no_limit_is_never_warned():
    RateFactory(effective_from=D(2020, 4, 6))
    day = datetime.date.today() + datetime.timedelta(days=20)

    assert outlook(limited(EarningsPeriod.WEEK, "1.00"), offer(day, payment="voluntary")) is None
    assert outlook(ExpertByExperienceFactory(), offer(day)) is None


# --- Where the warning shows: the match page, the invitation email, the answer page, the portal -----------------


@pytest.fixture
def over_limit_offer(db):
    """An open, paid request for 2 hours (£50.00) ahead, and Lena, whose £40.00 weekly limit it would pass."""
    RateFactory(effective_from=D(2020, 4, 6))
    request = offer(datetime.date.today() + datetime.timedelta(days=21), minutes=120)
    lena = limited(EarningsPeriod.WEEK, "40.00", full_name="Lena Limit", email="lena@example.org")
    return request, lena


def test_the_match_page_warns_next_to_the_person(client, login_as, over_limit_offer):
    request, lena = over_limit_offer
    ExpertByExperienceFactory(full_name="Una Unlimited")
    login_as(Role.NETWORK_COORDINATOR)

    response = client.get(reverse("together_network:match", args=[request.pk]))

    rows = {row["expert"].full_name: row for row in response.context["rows"]}
    assert rows["Una Unlimited"]["earnings"] is None
    assert rows["Lena Limit"]["earnings"].offer == Decimal("50.00")
    page = response.content.decode()
    assert page.count("May pass earnings limit") == 1
    assert "may take them over the limit they agreed (£40.00 in a week)" in page


def test_the_match_page_counts_earnings_in_the_same_queries_for_10_or_200_limited_people(
    client, login_as, over_limit_offer, django_assert_num_queries
):
    request, _lena = over_limit_offer
    login_as(Role.NETWORK_COORDINATOR)
    url = reverse("together_network:match", args=[request.pk])

    def more_limited(count):
        for _ in range(count):
            limited(EarningsPeriod.MONTH, "45.00")

    more_limited(9)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    more_limited(190)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert sum(1 for row in response.context["rows"] if row["earnings"]) == 25


def test_the_invitation_email_warns_the_person(over_limit_offer):
    request, lena = over_limit_offer

    invitations.invitations_send(request_id=request.pk, expert_ids=[lena.pk], by=coordinator())

    email = Notification.objects.get(event="invited", recipient_email="lena@example.org")
    assert "Taking this place may take your earnings over the limit you agreed (£40.00 in a week)." in email.body_text


def test_the_answer_page_and_the_portal_warn_before_accepting(client, over_limit_offer):
    request, lena = over_limit_offer
    lena.user = UserFactory(roles=[Role.EXPERT_BY_EXPERIENCE])
    lena.save()
    (sent,) = invitations.invitations_send(request_id=request.pk, expert_ids=[lena.pk], by=coordinator())

    answer_page = client.get(invitations.answer_link(sent, "accept")).content.decode()
    client.force_login(lena.user)
    portal = client.get(reverse("together_network:portal")).content.decode()
    confirm = client.get(reverse("together_network:accept", args=[sent.pk]))
    sent.refresh_from_db()
    assert sent.status == InvitationStatus.INVITED

    for page in (answer_page, portal, confirm.content.decode()):
        assert "Taking this place may take your earnings over the limit you agreed (£40.00 in a week)." in page
    assert "earnings over the limit" not in client.get(invitations.answer_link(sent, "decline")).content.decode()
