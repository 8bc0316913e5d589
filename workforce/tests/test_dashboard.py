"""The workforce dashboard: its figures worked out by hand, who may see it, and its query count."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from involvement.models import InvolvementRequest, Route, Status
from involvement.tests.factories import InvolvementRequestFactory
from peersupport.accounts.roles import Role
from workforce.models import FundedPost, GrowthTarget, PeerSupportWorker, ServiceCategory
from workforce.selectors.dashboard import (
    establishment,
    headcount_history,
    involvement_hours,
    last_twelve_months,
    staffing_now,
    upcoming_targets,
)
from workforce.tests.factories import (
    PathwayRoleFactory,
    PeerSupportWorkerFactory,
    ServiceFactory,
    TeamFactory,
    TrainingCourseFactory,
)

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("workforce:dashboard")
D = datetime.date


def team_in(category: str):
    return TeamFactory(service=ServiceFactory(name=f"{category} service", category=category))


def psw(team, start, end=None, hours="37.5", **fields):
    return PeerSupportWorkerFactory(
        team=team, start_date=start, end_date=end, contracted_hours=Decimal(hours), **fields
    )


# --- Headcount and WTE history ------------------------------------------------------------


@pytest.fixture
def five_people():
    """Counted on 31 March 2017, 2018, 2019 and on 15 June 2020 ("today").

    A  community  from 1 May 2016                  37.5 h (1.0 WTE)
    B  acute      31 Mar 2017 to 31 Jan 2019       30 h   (0.8)
    C  community  from 1 Apr 2017                  15 h   (0.4)
    D  crisis     1 Jun 2018 to 31 Mar 2020        22.5 h (0.6)
    E  acute      from 1 Apr 2020                  37.5 h (1.0)
    F  acute      from 1 Jan 2021 (not started yet, left out)
    """
    community, acute, crisis = (team_in(c) for c in ("community", "acute", "crisis"))
    psw(community, D(2016, 5, 1))
    psw(acute, D(2017, 3, 31), D(2019, 1, 31), hours="30")
    psw(community, D(2017, 4, 1), hours="15")
    psw(crisis, D(2018, 6, 1), D(2020, 3, 31), hours="22.5")
    psw(acute, D(2020, 4, 1))
    psw(acute, D(2021, 1, 1))


def test_headcount_history_matches_the_figures_worked_out_by_hand(five_people):
    history = headcount_history(today=D(2020, 6, 15))

    table = [
        (y.year, y.day, y.headcount, y.whole_time_equivalent, y.starters, y.leavers, y.turnover_percent)
        for y in history
    ]
    assert table == [
        # 2017: A and B in post (B started on the count day); both started in the year to it.
        (2017, D(2017, 3, 31), 2, Decimal("1.80"), 2, 0, Decimal("0.0")),
        # 2018: C joins.
        (2018, D(2018, 3, 31), 3, Decimal("2.20"), 1, 0, Decimal("0.0")),
        # 2019: D joins, B leaves; 1 leaver over an average headcount of 3.
        (2019, D(2019, 3, 31), 3, Decimal("2.00"), 1, 1, Decimal("33.3")),
        # 2020 (today): E joins, D leaves on 31 March 2020, so is out of post by then.
        (2020, D(2020, 6, 15), 3, Decimal("2.40"), 1, 1, Decimal("33.3")),
    ]


def test_headcount_history_splits_by_service_category(five_people):
    history = {year.year: year for year in headcount_history(today=D(2020, 6, 15))}

    def split(year):
        return {
            category: (staffing.headcount, staffing.whole_time_equivalent)
            for category, staffing in history[year].by_category.items()
            if staffing.headcount
        }

    assert split(2019) == {
        ServiceCategory.COMMUNITY: (2, Decimal("1.40")),
        ServiceCategory.CRISIS: (1, Decimal("0.60")),
    }
    assert split(2020) == {
        ServiceCategory.COMMUNITY: (2, Decimal("1.40")),
        ServiceCategory.ACUTE: (1, Decimal("1.00")),
    }


def test_whole_time_equivalent_is_contracted_hours_over_37_and_a_half():
    assert PeerSupportWorkerFactory(contracted_hours=Decimal("22.5")).whole_time_equivalent == Decimal("0.60")


def test_staffing_now_agrees_with_the_last_year_of_the_history(five_people):
    today = D(2020, 6, 15)
    now = staffing_now(today=today)

    assert (now.headcount, now.whole_time_equivalent) == (3, Decimal("2.40"))
    assert headcount_history(today=today)[-1].staffing == now


# --- Establishment and targets ------------------------------------------------------------


def test_vacancy_is_funded_wte_in_force_less_wte_in_post_never_below_nought():
    today = D(2025, 6, 1)
    short, over, empty, unfunded = TeamFactory(), TeamFactory(), TeamFactory(), TeamFactory()
    FundedPost.objects.create(team=short, whole_time_equivalent=Decimal("2.00"), funded_from=D(2020, 4, 1))
    FundedPost.objects.create(
        team=short, whole_time_equivalent=Decimal("1.00"), funded_from=D(2020, 4, 1), funded_until=D(2025, 3, 31)
    )  # ended
    FundedPost.objects.create(team=short, whole_time_equivalent=Decimal("1.00"), funded_from=D(2025, 7, 1))  # not yet
    psw(short, D(2021, 1, 1), hours="30")
    FundedPost.objects.create(team=over, whole_time_equivalent=Decimal("0.50"), funded_from=D(2020, 4, 1))
    psw(over, D(2021, 1, 1))
    FundedPost.objects.create(team=empty, whole_time_equivalent=Decimal("1.50"), funded_from=D(2020, 4, 1))
    psw(empty, D(2021, 1, 1), D(2024, 12, 31))

    rows = {row.team: (row.funded, row.in_post, row.vacancy) for row in establishment(today=today)}

    assert rows == {
        short: (Decimal("2.00"), Decimal("0.80"), Decimal("1.20")),
        over: (Decimal("0.50"), Decimal("1.00"), Decimal("0")),
        empty: (Decimal("1.50"), Decimal("0.00"), Decimal("1.50")),
    }
    assert unfunded not in rows


def test_a_funded_post_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError):
        FundedPost.objects.create(
            team=TeamFactory(), whole_time_equivalent=1, funded_from=D(2025, 4, 1), funded_until=D(2025, 3, 1)
        )


def test_progress_shows_targets_still_ahead_against_now(five_people):
    GrowthTarget.objects.create(target_date=D(2020, 3, 31), headcount=2, whole_time_equivalent=2)
    GrowthTarget.objects.create(target_date=D(2021, 3, 31), headcount=6, whole_time_equivalent=Decimal("5"))
    today = D(2020, 6, 15)

    (progress,) = upcoming_targets(now=staffing_now(today=today), today=today)

    assert progress.target.target_date == D(2021, 3, 31)
    assert (progress.headcount_to_go, progress.wte_to_go, progress.headcount_percent) == (3, Decimal("2.60"), 50)


# --- Involvement hours --------------------------------------------------------------------


def test_involvement_hours_add_up_approved_hours_against_allowances_of_people_in_post():
    today = timezone.localdate()
    this_month = today.replace(day=1)
    team = TeamFactory()
    worker = psw(team, D(2020, 1, 1), allowance_hours=Decimal("6"))
    psw(team, D(2020, 1, 1), allowance_hours=None)  # the default of 4
    psw(team, D(2020, 1, 1), D(2020, 6, 30), allowance_hours=Decimal("10"))  # left long ago
    booked = InvolvementRequestFactory(route=Route.PSW, peer_support_worker=worker, activity_date=this_month)
    declined = InvolvementRequestFactory(route=Route.PSW, peer_support_worker=worker, activity_date=this_month)
    InvolvementRequest.objects.filter(pk=booked.pk).update(psw_approved_at=timezone.now(), status=Status.APPROVED)
    InvolvementRequest.objects.filter(pk=declined.pk).update(psw_approved_at=timezone.now(), status=Status.DECLINED)
    InvolvementRequestFactory(route=Route.PSW, peer_support_worker=worker, activity_date=this_month)  # not approved

    months = involvement_hours(today=today)

    assert [row.month for row in months] == last_twelve_months(today)
    assert len(months) == 12
    assert (months[-1].month, months[-1].booked, months[-1].allowance) == (this_month, Decimal("2.0"), Decimal("10"))
    assert months[-1].percent_used == 20
    assert all(row.booked == 0 for row in months[:-1])


def test_the_last_twelve_months_cross_the_year():
    months = last_twelve_months(D(2025, 2, 10))
    assert (months[0], months[-1]) == (D(2024, 3, 1), D(2025, 2, 1))


# --- The page -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.PEER_SUPPORT_LEAD, Role.ADMIN])
def test_the_peer_support_lead_and_admins_see_the_dashboard(client, login_as, role):
    login_as(role)
    assert client.get(DASHBOARD).status_code == 200
    assert DASHBOARD in client.get(reverse("workforce:index")).content.decode()


@pytest.mark.parametrize(
    "role",
    [
        Role.TEAM_LEAD,
        Role.PEER_SUPPORT_WORKER,
        Role.REQUESTER,
        Role.NETWORK_COORDINATOR,
        Role.EXPERT_BY_EXPERIENCE,
    ],
)
def test_everyone_else_is_refused_the_dashboard(client, login_as, role):
    login_as(role)
    assert client.get(DASHBOARD).status_code == 403


def test_a_team_lead_gets_no_link_to_the_dashboard(client, login_as):
    login_as(Role.TEAM_LEAD)
    assert DASHBOARD not in client.get(reverse("workforce:index")).content.decode()


def test_the_chart_has_a_text_alternative_and_its_table(client, login_as, five_people):
    login_as(Role.PEER_SUPPORT_LEAD)

    page = client.get(DASHBOARD).content.decode()

    assert 'role="img"' in page
    assert 'aria-labelledby="history-chart-title history-chart-desc"' in page
    assert '<title id="history-chart-title">' in page
    assert "2019: headcount 3, WTE 2.00;" in page
    assert "Headcount, WTE, starters, leavers and turnover by year" in page
    assert "<script" not in page.split('<main class="nhsuk-main-wrapper"')[1]


def test_the_peer_support_leads_home_shows_the_workforce_panel(client, login_as, five_people):
    login_as(Role.PEER_SUPPORT_LEAD)
    assert "See the workforce dashboard" in client.get(reverse("home")).content.decode()


def _bulk_people(count: int, *, role, teams) -> None:
    PeerSupportWorker.objects.bulk_create(
        PeerSupportWorker(
            full_name=f"Person {index}",
            team=teams[index % len(teams)],
            pathway_role=role,
            start_date=D(2017 + index % 8, 1 + index % 12, 1),
            end_date=D(2025, 1, 31) if index % 9 == 0 else None,
            contracted_hours=Decimal("30"),
        )
        for index in range(count)
    )


def test_the_dashboard_makes_the_same_queries_for_10_people_as_for_300(client, login_as, django_assert_num_queries):
    login_as(Role.PEER_SUPPORT_LEAD)
    role = PathwayRoleFactory()
    TrainingCourseFactory.create_batch(2, mandatory_for=[role])
    teams = [team_in(category) for category in ServiceCategory.values]
    for team in teams:
        FundedPost.objects.create(team=team, whole_time_equivalent=Decimal("3.00"), funded_from=D(2017, 4, 1))
    GrowthTarget.objects.create(target_date=D(2099, 3, 31), headcount=500, whole_time_equivalent=400)
    _bulk_people(10, role=role, teams=teams)
    client.get(DASHBOARD)  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as with_10:
        assert client.get(DASHBOARD).status_code == 200

    PeerSupportWorker.objects.all().delete()
    _bulk_people(300, role=role, teams=teams)

    with django_assert_num_queries(len(with_10)):
        response = client.get(DASHBOARD)
    assert response.context["now"].headcount > 200
