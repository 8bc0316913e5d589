"""The workforce dashboard: its figures worked out by hand, who may see it, and its query count."""

import datetime
import re
import zoneinfo
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from peersupport.accounts.roles import Role
from tests.support.html import rows_of
from workforce.models import FundedPost, GrowthTarget, PeerSupportWorker, ServiceCategory
from workforce.selectors.dashboard import (
    allowances_by_month,
    by_category,
    by_specialism,
    compliance,
    establishment,
    headcount_history,
    last_twelve_months,
    staffing_now,
    upcoming_targets,
)
from workforce.tests.factories import (
    PathwayRoleFactory,
    PeerSupportWorkerFactory,
    ServiceFactory,
    SupervisionSessionFactory,
    TeamFactory,
    TrainingCourseFactory,
    TrainingRecordFactory,
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
    """Counted on 31 March 2017, 2018, 2019, 2020 and on 15 June 2020 ("today").

    A  community  from 1 May 2016                  37.5 h (1.0 WTE)
    B  acute      31 Mar 2017 to 31 Jan 2019       30 h   (0.8)
    C  community  from 1 Apr 2017                  15 h   (0.4)
    D  crisis     1 Jun 2018 to 31 Mar 2020        22.5 h (0.6; their last day is 31 March 2020)
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
        # 2020: 31 March 2020 is D's last day, so D still counts; nobody joined or left.
        (2020, D(2020, 3, 31), 3, Decimal("2.00"), 0, 0, Decimal("0.0")),
        # Today, the year to date since 31 March 2020: E joins, D has left.
        (2020, D(2020, 6, 15), 3, Decimal("2.40"), 1, 1, Decimal("33.3")),
    ]
    assert [year.label for year in history] == ["2017", "2018", "2019", "2020", "Today"]


def test_on_a_31_march_the_year_is_counted_once():
    history = headcount_history(today=D(2020, 3, 31))

    assert [(year.label, year.day) for year in history][-2:] == [("2019", D(2019, 3, 31)), ("2020", D(2020, 3, 31))]


def test_before_31_march_today_covers_the_year_to_date_and_this_years_count_day_is_not_shown():
    history = headcount_history(today=D(2020, 2, 10))

    assert [(year.label, year.day) for year in history][-2:] == [("2019", D(2019, 3, 31)), ("Today", D(2020, 2, 10))]


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


@pytest.fixture
def specialisms():
    """Counted on 31 March 2017, 2018, 2019, 2020 and on 15 June 2020 ("today").

    P  Perinatal community (community, "Perinatal")     from 1 May 2016              37.5 h (1.0)
    Q  Mother and baby unit (acute, " perinatal")       1 Jun 2018 to 31 Jan 2020    22.5 h (0.6)
    R  Eating disorders (specialist, "Eating disorders") from 1 Jan 2019              30 h   (0.8)
    S  North community (community, no specialism)       from 1 Jan 2017              15 h   (0.4)
    """

    def team(name, category, specialism):
        return TeamFactory(service=ServiceFactory(name=name, category=category, specialism=specialism))

    psw(team("Perinatal community", ServiceCategory.COMMUNITY, "Perinatal"), D(2016, 5, 1))
    psw(team("Mother and baby unit", ServiceCategory.ACUTE, " perinatal"), D(2018, 6, 1), D(2020, 1, 31), hours="22.5")
    psw(team("Eating disorders", ServiceCategory.SPECIALIST, "Eating disorders"), D(2019, 1, 1), hours="30")
    psw(team("North community", ServiceCategory.COMMUNITY, ""), D(2017, 1, 1), hours="15")


def cells(breakdown):
    return [
        [(column, staffing.headcount, staffing.whole_time_equivalent) for column, staffing in row]
        for _year, row in breakdown.rows
    ]


def test_headcount_history_by_specialism_puts_services_without_one_under_no_specialism(specialisms):
    breakdown = by_specialism(headcount_history(today=D(2020, 6, 15)))

    # However it was typed, perinatal is one specialism; the rows add up to the year's headcount.
    assert breakdown.columns == ["Eating disorders", "Perinatal", "No specialism"]
    assert cells(breakdown) == [
        [
            ("Eating disorders", 0, Decimal("0.00")),
            ("Perinatal", 1, Decimal("1.00")),
            ("No specialism", 1, Decimal("0.40")),
        ],
        [
            ("Eating disorders", 0, Decimal("0.00")),
            ("Perinatal", 1, Decimal("1.00")),
            ("No specialism", 1, Decimal("0.40")),
        ],
        [
            ("Eating disorders", 1, Decimal("0.80")),
            ("Perinatal", 2, Decimal("1.60")),
            ("No specialism", 1, Decimal("0.40")),
        ],
        [
            ("Eating disorders", 1, Decimal("0.80")),
            ("Perinatal", 1, Decimal("1.00")),
            ("No specialism", 1, Decimal("0.40")),
        ],
        [
            ("Eating disorders", 1, Decimal("0.80")),
            ("Perinatal", 1, Decimal("1.00")),
            ("No specialism", 1, Decimal("0.40")),
        ],
    ]


def test_headcount_history_by_category_has_every_category_on_every_count_day(specialisms):
    breakdown = by_category(headcount_history(today=D(2020, 6, 15)))

    assert breakdown.columns == ["Acute", "Forensic", "Community", "Crisis", "Rehabilitation", "Specialist"]
    assert [(column, count) for column, count, _wte in cells(breakdown)[2]] == [
        ("Acute", 1),
        ("Forensic", 0),
        ("Community", 2),
        ("Crisis", 0),
        ("Rehabilitation", 0),
        ("Specialist", 1),
    ]


def test_the_dashboard_shows_the_history_by_category_and_by_specialism(client, login_as, specialisms):
    login_as(Role.PEER_SUPPORT_LEAD)

    page = client.get(DASHBOARD).content.decode()

    assert "Headcount (WTE) by service category on each count day" in page
    assert "Headcount (WTE) by specialism on each count day" in page
    rows = rows_of(page)
    # Acute, forensic, community, crisis, rehabilitation, specialist.
    assert "2019 (31 Mar 2019) 1 (0.60) 0 (0.00) 2 (1.40) 0 (0.00) 0 (0.00) 1 (0.80)" in rows
    # Eating disorders, perinatal, no specialism.
    assert "2019 (31 Mar 2019) 1 (0.80) 2 (1.60) 1 (0.40)" in rows


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


# --- Allowances month by month --------------------------------------------------------------


LONDON = zoneinfo.ZoneInfo("Europe/London")


def dated(worker, *day_and_time) -> None:
    """Date the person's latest saved change, as if it had been made then."""
    change = worker.history.latest()
    change.history_date = datetime.datetime(*day_and_time, tzinfo=LONDON)
    change.save()


def test_a_change_in_the_last_minutes_of_a_month_counts_for_that_month(settings):
    settings.PSW_DEFAULT_MONTHLY_ALLOWANCE_HOURS = 4.0
    worker = psw(TeamFactory(), D(2020, 1, 1), allowance_hours=Decimal(6))
    dated(worker, 2024, 1, 10, 12)
    worker.allowance_hours = Decimal(12)
    worker.save()
    dated(worker, 2024, 7, 31, 23, 59)  # British Summer Time: 22:59 UTC

    allowances = allowances_by_month(last_twelve_months(D(2024, 8, 15)))

    assert (allowances[D(2024, 6, 1)], allowances[D(2024, 7, 1)], allowances[D(2024, 8, 1)]) == (6, 12, 12)


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
    """`count` people with their history (one copy each, as if added), and an allowance changed for every fifth."""
    people = bulk_create_with_history(
        [
            PeerSupportWorker(
                full_name=f"Person {index}",
                team=teams[index % len(teams)],
                pathway_role=role,
                start_date=D(2017 + index % 8, 1 + index % 12, 1),
                end_date=D(2025, 1, 31) if index % 9 == 0 else None,
                contracted_hours=Decimal("30"),
            )
            for index in range(count)
        ],
        PeerSupportWorker,
    )
    for person in people[::5]:
        person.allowance_hours = Decimal(2)
        person.save()


def test_the_dashboard_makes_the_same_queries_for_10_people_as_for_300(client, login_as, django_assert_num_queries):
    login_as(Role.PEER_SUPPORT_LEAD)
    role = PathwayRoleFactory()
    TrainingCourseFactory.create_batch(2, mandatory_for=[role])
    teams = [team_in(category) for category in ServiceCategory.values]
    teams[-1].service.specialism = "Perinatal"
    teams[-1].service.save()
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
    assert response.context["by_specialism"].columns == ["Perinatal", "No specialism"]


def test_compliance_is_counted_for_the_trust_each_service_and_each_team(client, login_as):
    """Two services; North and South teams in Community, Ward in Acute. One course is mandatory.

    North: n1 holds it and was supervised last week; n2's expired, never supervised.
    South: s1 holds it, due in 10 days, supervised last week.
    Ward:  w1 never did it, supervised last week; w2 has left (not counted).
    """
    today = timezone.localdate()
    role = PathwayRoleFactory()
    course = TrainingCourseFactory(mandatory_for=[role])
    community = ServiceFactory(name="Community", category=ServiceCategory.COMMUNITY)
    north, south = TeamFactory(name="North", service=community), TeamFactory(name="South", service=community)
    ward = TeamFactory(name="Ward", service=ServiceFactory(name="Acute", category=ServiceCategory.ACUTE))

    def person(team, *, expires=None, supervised=True, **fields):
        worker = psw(team, D(2020, 1, 1), pathway_role=role, **fields)
        if expires is not None:
            TrainingRecordFactory(peer_support_worker=worker, course=course, expires_on=expires)
        if supervised:
            SupervisionSessionFactory(peer_support_worker=worker, date=today - datetime.timedelta(days=7))
        return worker

    person(north, expires=today + datetime.timedelta(days=200))
    person(north, expires=today - datetime.timedelta(days=1), supervised=False)
    person(south, expires=today + datetime.timedelta(days=10))
    person(ward)
    person(ward, end=D(2024, 1, 1), status="left")

    figures = compliance(today=today)

    def row(group):
        return (group.name, group.people, group.training_compliant, dict(group.training), group.supervision_overdue)

    status = {"current": 0, "due": 0, "expired": 0, "missing": 0}
    assert row(figures) == (
        "All peer support workers",
        4,
        2,
        {**status, "current": 1, "due": 1, "expired": 1, "missing": 1},
        1,
    )
    assert (figures.training_percent, figures.supervision_percent) == (50, 75)
    assert [row(group) for group in figures.by_service] == [
        ("Acute", 1, 0, {**status, "missing": 1}, 0),
        ("Community", 3, 2, {**status, "current": 1, "due": 1, "expired": 1}, 1),
    ]
    assert [row(group) for group in figures.by_team] == [
        ("Ward", 1, 0, {**status, "missing": 1}, 0),
        ("North", 2, 1, {**status, "current": 1, "expired": 1}, 1),
        ("South", 1, 1, {**status, "due": 1}, 0),
    ]
    login_as(Role.PEER_SUPPORT_LEAD)
    page = client.get(DASHBOARD).text
    rows = rows_of(page)
    assert "North Community 2 1 (50%) 0 1 0 1 (50% on time)" in rows
    assert "Community 3 2 (67%) 1 1 0 1 (67% on time)" in rows


def test_the_dashboard_has_a_contents_list_linking_to_each_of_its_sections(client, login_as):
    login_as(Role.PEER_SUPPORT_LEAD)

    page = client.get(DASHBOARD).content.decode()

    nav = page[
        page.index('class="nhsuk-contents-list"') : page.index("</nav>", page.index('class="nhsuk-contents-list"'))
    ]
    targets = re.findall(r'href="#([\w-]+)"', nav)
    assert len(targets) == 7
    for target in targets:
        assert f'id="{target}"' in page
