"""Establishment and growth: funded posts against people in post, its history since 2017, growth targets,
who may see and change them, and what the forms refuse."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from peersupport.accounts.roles import Role
from tests.support.html import rows_of
from workforce import services
from workforce.models import FundedPost, GrowthTarget, PeerSupportWorker, ServiceCategory
from workforce.selectors.counting import count_day_label
from workforce.selectors.dashboard import headcount_history
from workforce.selectors.establishment import PostStatus, establishment_overview
from workforce.tests.factories import (
    FundedPostFactory,
    GrowthTargetFactory,
    PathwayRoleFactory,
    PeerSupportWorkerFactory,
    ServiceFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = timezone.localdate()
ESTABLISHMENT = reverse("workforce:establishment")


def team_named(name: str, category: str):
    return TeamFactory(name=name, service=ServiceFactory(name=f"{category.title()} service", category=category))


def psw(team, start, end=None, hours="37.5"):
    return PeerSupportWorkerFactory(team=team, start_date=start, end_date=end, contracted_hours=Decimal(hours))


def post(team, wte, start, until=None, **fields):
    return FundedPostFactory(
        team=team, whole_time_equivalent=Decimal(wte), funded_from=start, funded_until=until, **fields
    )


def row_starting(html: str, start: str) -> str:
    (row,) = [row for row in rows_of(html) if row.startswith(start)]
    return row


# --- Figures worked out by hand -----------------------------------------------------------


@pytest.fixture
def two_teams():
    """Counted on 31 March 2017, 2018, 2019 and 2020, and on 15 June 2020 ("today").

    Posts   North  1.00  from 1 Apr 2016 (recurrent)
            North  0.60  1 Apr 2018 to 31 Mar 2020 (fixed-term: funded on its last day)
            South  2.00  from 1 Apr 2017
            West   0.50  from 1 Jul 2020 (not started by today)
    People  a  North  37.5 h (1.00)  from 1 May 2016
            b  North  22.5 h (0.60)  1 Jun 2018 to 31 Dec 2019
            c  South  30 h   (0.80)  from 1 Mar 2017
            d  South  37.5 h (1.00)  from 7 Jan 2019
            e  North  15 h   (0.40)  from 1 Apr 2020
    """
    north = team_named("North", ServiceCategory.COMMUNITY)
    south = team_named("South", ServiceCategory.ACUTE)
    west = team_named("West", ServiceCategory.CRISIS)
    team_named("East", ServiceCategory.FORENSIC)  # nothing funded, nobody in post: not listed
    post(north, "1.00", D(2016, 4, 1), note="Recurrent")
    post(north, "0.60", D(2018, 4, 1), D(2020, 3, 31), note="Transformation fund")
    post(south, "2.00", D(2017, 4, 1))
    post(west, "0.50", D(2020, 7, 1))
    psw(north, D(2016, 5, 1))
    psw(north, D(2018, 6, 1), D(2019, 12, 31), hours="22.5")
    psw(south, D(2017, 3, 1), hours="30")
    psw(south, D(2019, 1, 7))
    psw(north, D(2020, 4, 1), hours="15")
    return north, south, west


def test_establishment_over_time_matches_the_figures_worked_out_by_hand(two_teams):
    figures = establishment_overview(today=D(2020, 6, 15))

    table = [(r.year, r.day, r.funded, r.in_post, r.vacancy, r.over_establishment) for r in figures["over_time"]]
    assert table == [
        # North's first post only; South has c in post but no funding yet, so is 0.80 over.
        (2017, D(2017, 3, 31), Decimal("1.00"), Decimal("1.80"), Decimal("0.00"), Decimal("0.80")),
        # South's 2.00 starts; c fills 0.80 of it.
        (2018, D(2018, 3, 31), Decimal("3.00"), Decimal("1.80"), Decimal("0.00") + Decimal("1.20"), Decimal("0")),
        # North's fixed-term 0.60 is filled by b; d joins South.
        (2019, D(2019, 3, 31), Decimal("3.60"), Decimal("3.40"), Decimal("0.20"), Decimal("0")),
        # 31 March 2020 is the fixed-term post's last funded day; b has left, so North is 0.60 short
        # and South 0.20.
        (2020, D(2020, 3, 31), Decimal("3.60"), Decimal("2.80"), Decimal("0.80"), Decimal("0")),
        # Today: the fixed-term post has ended and e makes North 0.40 over while South is
        # 0.20 short: one team's extra people do not fill another's vacancy.
        (2020, D(2020, 6, 15), Decimal("3.00"), Decimal("3.20"), Decimal("0.20"), Decimal("0.40")),
    ]


def test_wte_in_post_over_time_agrees_with_the_dashboards_history(two_teams):
    today = D(2020, 6, 15)

    over_time = establishment_overview(today=today)["over_time"]

    assert [row.in_post for row in over_time] == [year.whole_time_equivalent for year in headcount_history(today=today)]


def test_each_team_today_shows_funded_in_post_vacancy_and_over_establishment(two_teams):
    north, south, west = two_teams

    figures = establishment_overview(today=D(2020, 6, 15))

    rows = {
        row.team.name: (row.funded, row.in_post, row.vacancy, row.over_establishment, row.position[0])
        for row in figures["teams"]
    }
    assert rows == {
        "North": (Decimal("1.00"), Decimal("1.40"), Decimal("0"), Decimal("0.40"), "Over establishment"),
        "South": (Decimal("2.00"), Decimal("1.80"), Decimal("0.20"), Decimal("0"), "Vacancy"),
        "West": (Decimal("0.00"), Decimal("0.00"), Decimal("0"), Decimal("0"), "Not funded today"),
    }
    totals = figures["totals"]
    assert (totals.funded, totals.in_post, totals.vacancy, totals.over_establishment) == (
        Decimal("3.00"),
        Decimal("3.20"),
        Decimal("0.20"),
        Decimal("0.40"),
    )
    posts = {
        row.team.name: [(line.post.whole_time_equivalent, line.status) for line in row.posts]
        for row in figures["teams"]
    }
    assert posts == {
        "North": [(Decimal("1.00"), PostStatus.IN_FORCE), (Decimal("0.60"), PostStatus.ENDED)],
        "South": [(Decimal("2.00"), PostStatus.IN_FORCE)],
        "West": [(Decimal("0.50"), PostStatus.STARTS_LATER)],
    }


def test_targets_passed_are_judged_on_their_date_and_targets_ahead_against_today(two_teams):
    GrowthTargetFactory(target_date=D(2019, 3, 31), headcount=4, whole_time_equivalent=Decimal("3.00"))
    GrowthTargetFactory(target_date=D(2020, 3, 31), headcount=5, whole_time_equivalent=Decimal("4.00"))
    GrowthTargetFactory(target_date=D(2021, 3, 31), headcount=6, whole_time_equivalent=Decimal("5.00"))

    targets = establishment_overview(today=D(2020, 6, 15))["targets"]

    assert [(t.target.target_date, t.passed, t.now.headcount, t.now.whole_time_equivalent, t.met) for t in targets] == [
        # a, b, c and d were in post on 31 March 2019.
        (D(2019, 3, 31), True, 4, Decimal("3.40"), True),
        # b had left and e not yet started on 31 March 2020.
        (D(2020, 3, 31), True, 3, Decimal("2.80"), False),
        # Today a, c, d and e: 2 people and 1.80 WTE to go.
        (D(2021, 3, 31), False, 4, Decimal("3.20"), False),
    ]
    assert (targets[-1].headcount_to_go, targets[-1].wte_to_go) == (2, Decimal("1.80"))


# --- The page -----------------------------------------------------------------------------


@pytest.fixture
def today_teams():
    """Short: 2.00 funded, 30 hours in post (1.20 vacant). Over: 0.50 funded, one full-timer (0.50 over)."""
    short, over = team_named("Short", ServiceCategory.COMMUNITY), team_named("Over", ServiceCategory.ACUTE)
    post(short, "2.00", D(2020, 4, 1), pathway_role=PathwayRoleFactory(), note="Core funding")
    post(over, "0.50", D(2020, 4, 1))
    psw(short, D(2021, 1, 1), hours="30")
    psw(over, D(2021, 1, 1))
    return short, over


def test_the_page_shows_each_teams_vacancy_and_over_establishment_plainly(client, login_as, today_teams):
    login_as(Role.PEER_SUPPORT_LEAD)

    page = client.get(ESTABLISHMENT).content.decode()

    assert row_starting(page, "Short Community service") == "Short Community service 2.00 0.80 1.20 0.00 Vacancy"
    assert row_starting(page, "Over Acute service") == "Over Acute service 0.50 1.00 0.00 0.50 Over establishment"
    assert row_starting(page, "All teams") == "All teams 2.50 1.80 1.20 0.50"
    assert "Today 2.50 whole-time equivalent (WTE) is funded and 1.80 WTE is in post" in page


def test_the_page_lists_each_teams_funded_posts(client, login_as, today_teams):
    login_as(Role.PEER_SUPPORT_LEAD)

    page = client.get(ESTABLISHMENT).content.decode()

    assert "2.00 Peer support worker (band 3) 1 Apr 2020 Recurrent Core funding Funded" in " ".join(rows_of(page))
    assert "Core funding" in page


def test_the_chart_of_establishment_over_time_has_a_text_alternative_and_its_table(client, login_as, today_teams):
    login_as(Role.PEER_SUPPORT_LEAD)

    page = client.get(ESTABLISHMENT).content.decode()

    assert 'aria-labelledby="establishment-chart-title establishment-chart-desc"' in page
    today = count_day_label(TODAY.year, TODAY)  # "Today", or the year's own label on a 31 March
    assert f"{today}: funded 2.50, in post 1.80. The same figures are in the table below." in page
    assert row_starting(page, f"{today} ({TODAY:%-d %b %Y})") == f"{today} ({TODAY:%-d %b %Y}) 2.50 1.80 1.20 0.50"
    assert row_starting(page, "2017 (31 Mar 2017)") == "2017 (31 Mar 2017) 0.00 0.00 0.00 0.00"
    assert "<script" not in page.split('<main class="nhsuk-main-wrapper"')[1]


def test_the_page_shows_growth_targets_with_what_is_still_to_go(client, login_as, today_teams):
    login_as(Role.PEER_SUPPORT_LEAD)
    GrowthTargetFactory(target_date=D(TODAY.year + 2, 3, 31), headcount=6, whole_time_equivalent=5, note="Year 2")

    page = client.get(ESTABLISHMENT).content.decode()

    assert f"31 Mar {TODAY.year + 2} Year 2 2 / 6 1.80 / 5.00 4 people and 3.20 WTE to go" in " ".join(rows_of(page))


def test_the_page_makes_the_same_queries_for_10_people_as_for_300(client, login_as, django_assert_num_queries):
    login_as(Role.PEER_SUPPORT_LEAD)
    role = PathwayRoleFactory()

    def workforce(people: int, teams: int, posts_per_team: int, targets: int):
        PeerSupportWorker.objects.all().delete()
        FundedPost.objects.all().delete()
        GrowthTarget.objects.all().delete()
        made = [team_named(f"Team {people}-{n}", ServiceCategory.values[n % 6]) for n in range(teams)]
        FundedPost.objects.bulk_create(
            FundedPost(
                team=team,
                pathway_role=role if n % 2 else None,
                whole_time_equivalent=Decimal("1.50"),
                funded_from=D(2017 + n, 4, 1),
                funded_until=D(2030, 3, 31) if n % 3 == 2 else None,
            )
            for team in made
            for n in range(posts_per_team)
        )
        PeerSupportWorker.objects.bulk_create(
            PeerSupportWorker(
                full_name=f"Person {index}",
                team=made[index % teams],
                pathway_role=role,
                start_date=D(2017 + index % 8, 1 + index % 12, 1),
                end_date=D(2025, 1, 31) if index % 9 == 0 else None,
                contracted_hours=Decimal("30"),
            )
            for index in range(people)
        )
        for n in range(targets):
            GrowthTargetFactory(target_date=D(TODAY.year + 1 + n, 3, 31), headcount=400, whole_time_equivalent=300)

    workforce(10, teams=2, posts_per_team=1, targets=1)
    client.get(ESTABLISHMENT)  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as with_10:
        assert client.get(ESTABLISHMENT).status_code == 200

    workforce(300, teams=12, posts_per_team=4, targets=3)

    with django_assert_num_queries(len(with_10)):
        response = client.get(ESTABLISHMENT)
    assert len(response.context["teams"]) == 12
    assert response.context["now"].headcount > 200


# --- Who may see and change it -----------------------------------------------------------

EVERYONE_ELSE = [
    Role.TEAM_LEAD,
    Role.REQUESTER,
    Role.NETWORK_COORDINATOR,
    Role.PEER_SUPPORT_WORKER,
    Role.EXPERT_BY_EXPERIENCE,
]


def editing_pages() -> list[str]:
    funded = FundedPostFactory()
    target = GrowthTargetFactory()
    return [
        reverse("workforce:funded_post_add"),
        reverse("workforce:funded_post_change", args=[funded.pk]),
        reverse("workforce:funded_post_end", args=[funded.pk]),
        reverse("workforce:growth_target_add"),
        reverse("workforce:growth_target_change", args=[target.pk]),
        reverse("workforce:growth_target_delete", args=[target.pk]),
    ]


def test_the_peer_support_lead_sees_the_page_and_every_editing_page(client, login_as):
    login_as(Role.PEER_SUPPORT_LEAD)
    pages = editing_pages()

    assert client.get(ESTABLISHMENT).status_code == 200
    assert [client.get(url).status_code for url in pages] == [200] * 6
    page = client.get(ESTABLISHMENT).content.decode()
    assert "Add a funded post" in page and "Add a growth target" in page


def test_admins_see_the_page_but_change_it_only_in_django_admin(client, login_as):
    login_as(Role.ADMIN)
    pages = editing_pages()

    page = client.get(ESTABLISHMENT)
    assert page.status_code == 200
    assert "Add a funded post" not in page.content.decode()
    assert reverse("workforce:growth_target_add") not in page.content.decode()
    assert [client.get(url).status_code for url in pages] == [403] * 6
    assert [client.post(url, {}).status_code for url in pages] == [403] * 6
    assert GrowthTarget.objects.count() == 1 and FundedPost.objects.get().funded_until is None


@pytest.mark.parametrize("role", EVERYONE_ELSE)
def test_everyone_else_is_refused_the_page_and_the_editing_pages(client, login_as, role):
    login_as(role)
    pages = editing_pages()

    assert client.get(ESTABLISHMENT).status_code == 403
    assert [client.get(url).status_code for url in pages] == [403] * 6
    assert [client.post(url, {}).status_code for url in pages] == [403] * 6


@pytest.mark.parametrize("role", [Role.PEER_SUPPORT_LEAD, Role.ADMIN])
def test_the_workforce_page_and_the_dashboard_link_to_the_establishment(client, login_as, role):
    login_as(role)

    assert ESTABLISHMENT in client.get(reverse("workforce:index")).content.decode()
    assert ESTABLISHMENT in client.get(reverse("workforce:dashboard")).content.decode()


def test_a_team_lead_gets_no_link_to_the_establishment(client, login_as):
    login_as(Role.TEAM_LEAD)
    assert ESTABLISHMENT not in client.get(reverse("workforce:index")).content.decode()


# --- Funded posts: adding, changing, ending ------------------------------------------------


def post_form(for_team, **changes) -> dict:
    data = {
        "team": for_team.pk,
        "whole_time_equivalent": "1.00",
        "pathway_role": "",
        "funded_from_day": "1",
        "funded_from_month": "4",
        "funded_from_year": "2026",
        "funded_until_day": "",
        "funded_until_month": "",
        "funded_until_year": "",
        "note": "",
    }
    return data | changes


def test_the_peer_support_lead_adds_a_funded_post_and_sees_it_on_the_page(client, login_as):
    login_as(Role.PEER_SUPPORT_LEAD)
    team = team_named("Harbour", ServiceCategory.CRISIS)

    response = client.post(
        reverse("workforce:funded_post_add"),
        post_form(team, whole_time_equivalent="0.6", note="  Mental health investment standard "),
        follow=True,
    )

    assert response.redirect_chain == [(ESTABLISHMENT, 302)]
    page = response.content.decode()
    assert "Funded post added: 0.60 WTE in Harbour from 1 April 2026." in page
    created = FundedPost.objects.get()
    assert (created.team, created.whole_time_equivalent, created.funded_from, created.funded_until, created.note) == (
        team,
        Decimal("0.60"),
        D(2026, 4, 1),
        None,
        "Mental health investment standard",
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"whole_time_equivalent": "0"}, "whole_time_equivalent", "The whole-time equivalent must be more than 0"),
        ({"whole_time_equivalent": "-1"}, "whole_time_equivalent", "The whole-time equivalent must be more than 0"),
        ({"whole_time_equivalent": "10.01"}, "whole_time_equivalent", "The whole-time equivalent must be 10 or less"),
        (
            {"whole_time_equivalent": "0.125"},
            "whole_time_equivalent",
            "Enter the whole-time equivalent to at most 2 decimal places, like 0.75",
        ),
        (
            {"whole_time_equivalent": "one"},
            "whole_time_equivalent",
            "Enter the whole-time equivalent as a number, like 0.6",
        ),
        ({"whole_time_equivalent": ""}, "whole_time_equivalent", "Enter the whole-time equivalent of the post"),
        ({"team": ""}, "team", "Choose the team the post is funded for"),
        (
            {"funded_from_day": "", "funded_from_month": "", "funded_from_year": ""},
            "funded_from",
            "Enter the first day the post is funded",
        ),
        ({"funded_from_day": "31", "funded_from_month": "2"}, "funded_from", "Funded from must be a real date"),
        (
            {"funded_until_day": "31", "funded_until_month": "3", "funded_until_year": "2026"},
            "funded_until",
            "The last day funded must be on or after the day the funding starts, 1 April 2026",
        ),
    ],
)
def test_a_funded_post_the_rules_refuse_is_shown_back_with_the_reason(client, login_as, changes, field, message):
    login_as(Role.PEER_SUPPORT_LEAD)
    team = team_named("Harbour", ServiceCategory.CRISIS)

    response = client.post(reverse("workforce:funded_post_add"), post_form(team, **changes))

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert "<title>Error: " in page
    assert not FundedPost.objects.exists()


def test_every_problem_with_a_funded_post_shows_at_once(client, login_as):
    login_as(Role.PEER_SUPPORT_LEAD)
    team = team_named("Harbour", ServiceCategory.CRISIS)

    response = client.post(
        reverse("workforce:funded_post_add"),
        post_form(
            team,
            whole_time_equivalent="12",
            funded_until_day="1",
            funded_until_month="1",
            funded_until_year="2026",
            note="x" * 201,
        ),
    )

    assert response.context["form"].errors == {
        "whole_time_equivalent": ["The whole-time equivalent must be 10 or less"],
        "funded_until": ["The last day funded must be on or after the day the funding starts, 1 April 2026"],
        "note": ["The note must be 200 characters or fewer"],
    }


def test_a_team_that_has_closed_cannot_get_a_new_post_but_keeps_the_posts_it_has():
    closed = TeamFactory(is_active=False)
    existing = post(closed, "1.00", D(2020, 4, 1))

    with pytest.raises(ValidationError) as refused:
        services.funded_post_add(team=closed, whole_time_equivalent=Decimal(1), funded_from=D(2026, 4, 1))
    assert refused.value.message_dict == {"team": [f"{closed.name} is no longer active: choose an active team"]}

    changed = services.funded_post_update(
        post=existing,
        team=closed,
        whole_time_equivalent=Decimal("0.80"),
        funded_from=D(2020, 4, 1),
        funded_until=None,
        pathway_role=None,
        note="Corrected",
    )
    assert (changed.whole_time_equivalent, changed.note) == (Decimal("0.80"), "Corrected")


def test_the_peer_support_lead_changes_a_funded_post(client, login_as):
    login_as(Role.PEER_SUPPORT_LEAD)
    old_team, new_team = team_named("Harbour", ServiceCategory.CRISIS), team_named("Quay", ServiceCategory.ACUTE)
    funded = post(old_team, "1.00", D(2020, 4, 1))
    url = reverse("workforce:funded_post_change", args=[funded.pk])

    form = client.get(url).content.decode()
    response = client.post(
        url,
        post_form(
            new_team,
            whole_time_equivalent="0.8",
            funded_from_year="2021",
            funded_until_day="31",
            funded_until_month="3",
            funded_until_year="2027",
        ),
    )

    assert 'value="1.00"' in form and "Change a funded post" in form
    assert response.status_code == 302
    funded.refresh_from_db()
    assert (funded.team, funded.whole_time_equivalent, funded.funded_from, funded.funded_until) == (
        new_team,
        Decimal("0.80"),
        D(2021, 4, 1),
        D(2027, 3, 31),
    )


def end_form(day: datetime.date) -> dict:
    return {"funded_until_day": day.day, "funded_until_month": day.month, "funded_until_year": day.year}


def test_the_peer_support_lead_ends_a_posts_funding_and_the_page_shows_it_ended(client, login_as):
    login_as(Role.PEER_SUPPORT_LEAD)
    funded = post(team_named("Harbour", ServiceCategory.CRISIS), "1.00", D(2020, 4, 1))
    yesterday = TODAY - datetime.timedelta(days=1)

    response = client.post(reverse("workforce:funded_post_end", args=[funded.pk]), end_form(yesterday), follow=True)

    page = response.content.decode()
    assert f"ends on {yesterday:%-d %B %Y}" in page
    funded.refresh_from_db()
    assert funded.funded_until == yesterday
    assert row_starting(page, "Harbour Crisis service").endswith("Not funded today")
    assert f"1.00 Not fixed 1 Apr 2020 {yesterday:%-d %b %Y} Ended" in " ".join(rows_of(page))
    assert reverse("workforce:funded_post_end", args=[funded.pk]) not in page  # ended: change it instead


def test_a_post_cannot_end_before_it_starts_nor_be_ended_twice(client, login_as):
    login_as(Role.PEER_SUPPORT_LEAD)
    team = team_named("Harbour", ServiceCategory.CRISIS)
    running = post(team, "1.00", D(2020, 4, 1))
    ended = post(team, "1.00", D(2018, 4, 1), D(2019, 3, 31))

    too_early = client.post(reverse("workforce:funded_post_end", args=[running.pk]), end_form(D(2020, 3, 31)))
    again = client.post(reverse("workforce:funded_post_end", args=[ended.pk]), end_form(D(2020, 3, 31)))
    missing = client.post(reverse("workforce:funded_post_end", args=[running.pk]), {})

    assert too_early.context["form"].errors["funded_until"] == [
        "The last day funded must be on or after the day the funding starts, 1 April 2020"
    ]
    assert again.context["form"].errors["funded_until"] == [
        "The funding of this post already ended on 31 March 2019: change the post"
    ]
    assert missing.context["form"].errors["funded_until"] == ["Enter the last day the post is funded"]
    running.refresh_from_db()
    ended.refresh_from_db()
    assert (running.funded_until, ended.funded_until) == (None, D(2019, 3, 31))


def test_a_missing_post_or_target_is_not_found(client, login_as):
    login_as(Role.PEER_SUPPORT_LEAD)

    assert client.get(reverse("workforce:funded_post_change", args=[999])).status_code == 404
    assert client.get(reverse("workforce:growth_target_delete", args=[999])).status_code == 404


# --- Growth targets ------------------------------------------------------------------------


def target_form(day: datetime.date, **changes) -> dict:
    data = {
        "target_date_day": day.day,
        "target_date_month": day.month,
        "target_date_year": day.year,
        "headcount": "60",
        "whole_time_equivalent": "50",
        "note": "Strategy year 2",
    }
    return data | changes


NEXT_YEAR_END = D(TODAY.year + 1, 3, 31)


def test_the_peer_support_lead_adds_a_growth_target_and_sees_its_progress(client, login_as):
    login_as(Role.PEER_SUPPORT_LEAD)
    psw(TeamFactory(), D(2020, 1, 1))

    response = client.post(reverse("workforce:growth_target_add"), target_form(NEXT_YEAR_END), follow=True)

    page = response.content.decode()
    assert f"Growth target added: 60 people, 50.00 WTE by {NEXT_YEAR_END:%d %b %Y}." in page
    assert f"{NEXT_YEAR_END:%-d %b %Y} Strategy year 2 1 / 60 1.00 / 50.00 59 people and 49.00 WTE to go" in " ".join(
        rows_of(page)
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"target_date_year": TODAY.year - 1}, "target_date", "The target date must be in the future"),
        (
            {"target_date_day": TODAY.day, "target_date_month": TODAY.month, "target_date_year": TODAY.year},
            "target_date",
            "The target date must be in the future",
        ),
        ({"target_date_day": ""}, "target_date", "Target date must be a real date"),
        ({"headcount": "0"}, "headcount", "The headcount must be at least 1"),
        ({"headcount": "10000"}, "headcount", "The headcount must be 9,999 or fewer"),
        ({"headcount": "6.5"}, "headcount", "Enter the headcount as a whole number, like 60"),
        ({"headcount": ""}, "headcount", "Enter the headcount to reach"),
        ({"whole_time_equivalent": "0"}, "whole_time_equivalent", "The whole-time equivalent must be more than 0"),
        (
            {"whole_time_equivalent": "61"},
            "whole_time_equivalent",
            "The whole-time equivalent cannot be more than the headcount: one person is at most 1 WTE",
        ),
        (
            {"whole_time_equivalent": "49.999"},
            "whole_time_equivalent",
            "Enter the whole-time equivalent to at most 2 decimal places, like 0.75",
        ),
    ],
)
def test_a_growth_target_the_rules_refuse_is_shown_back_with_the_reason(client, login_as, changes, field, message):
    login_as(Role.PEER_SUPPORT_LEAD)

    response = client.post(reverse("workforce:growth_target_add"), target_form(NEXT_YEAR_END, **changes))

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert message in response.content.decode()
    assert not GrowthTarget.objects.exists()


def test_two_targets_cannot_share_a_date(client, login_as):
    login_as(Role.PEER_SUPPORT_LEAD)
    GrowthTargetFactory(target_date=NEXT_YEAR_END)
    other = GrowthTargetFactory(target_date=NEXT_YEAR_END + datetime.timedelta(days=365))

    added = client.post(reverse("workforce:growth_target_add"), target_form(NEXT_YEAR_END))
    moved = client.post(reverse("workforce:growth_target_change", args=[other.pk]), target_form(NEXT_YEAR_END))

    message = f"There is already a target for {NEXT_YEAR_END:%-d %B %Y}: change that one instead"
    assert added.context["form"].errors["target_date"] == [message]
    assert moved.context["form"].errors["target_date"] == [message]
    assert GrowthTarget.objects.count() == 2


def test_a_passed_target_can_be_corrected_but_not_moved_into_the_past():
    passed = GrowthTargetFactory(target_date=D(2024, 3, 31), headcount=40, whole_time_equivalent=30)

    corrected = services.growth_target_save(
        target=passed, target_date=D(2024, 3, 31), headcount=42, whole_time_equivalent=Decimal(31), note="Restated"
    )
    assert (corrected.headcount, corrected.note) == (42, "Restated")
    with pytest.raises(ValidationError) as refused:
        services.growth_target_save(
            target=passed, target_date=D(2024, 6, 30), headcount=42, whole_time_equivalent=Decimal(31)
        )
    assert refused.value.message_dict == {"target_date": ["The target date must be in the future"]}


def test_the_peer_support_lead_changes_a_growth_target(client, login_as):
    login_as(Role.PEER_SUPPORT_LEAD)
    target = GrowthTargetFactory(target_date=NEXT_YEAR_END, headcount=50, whole_time_equivalent=40)

    response = client.post(
        reverse("workforce:growth_target_change", args=[target.pk]),
        target_form(NEXT_YEAR_END, headcount="55", whole_time_equivalent="45.5"),
    )

    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.headcount, target.whole_time_equivalent, target.note) == (55, Decimal("45.50"), "Strategy year 2")


def test_deleting_a_growth_target_asks_first_then_removes_it(client, login_as):
    login_as(Role.PEER_SUPPORT_LEAD)
    target = GrowthTargetFactory(target_date=NEXT_YEAR_END)
    url = reverse("workforce:growth_target_delete", args=[target.pk])

    question = client.get(url).content.decode()
    assert f"Delete the growth target for {NEXT_YEAR_END:%-d %B %Y}?" in question
    assert GrowthTarget.objects.exists()

    response = client.post(url, follow=True)

    assert "Growth target deleted" in response.content.decode()
    assert not GrowthTarget.objects.exists()


# --- Every change goes through a service ----------------------------------------------------


@pytest.mark.parametrize(
    ("service", "page", "data"),
    [
        ("funded_post_add", lambda post, target: reverse("workforce:funded_post_add"), "post"),
        ("funded_post_update", lambda post, target: reverse("workforce:funded_post_change", args=[post.pk]), "post"),
        ("funded_post_end", lambda post, target: reverse("workforce:funded_post_end", args=[post.pk]), "end"),
        ("growth_target_save", lambda post, target: reverse("workforce:growth_target_add"), "target"),
        (
            "growth_target_save",
            lambda post, target: reverse("workforce:growth_target_change", args=[target.pk]),
            "target",
        ),
        (
            "growth_target_delete",
            lambda post, target: reverse("workforce:growth_target_delete", args=[target.pk]),
            None,
        ),
    ],
)
def test_each_editing_page_saves_through_its_service(client, login_as, monkeypatch, service, page, data):
    login_as(Role.PEER_SUPPORT_LEAD)
    team = team_named("Harbour", ServiceCategory.CRISIS)
    funded = post(team, "1.00", D(2020, 4, 1))
    target = GrowthTargetFactory(target_date=NEXT_YEAR_END + datetime.timedelta(days=365))
    real = getattr(services, service)
    calls = []

    def spy(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(services, service, spy)
    forms = {
        "post": post_form(team),
        "end": end_form(D(2027, 3, 31)),
        "target": target_form(NEXT_YEAR_END),
        None: {},
    }

    response = client.post(page(funded, target), forms[data])

    assert response.status_code == 302
    assert len(calls) == 1


# --- Django admin keeps the same rules ------------------------------------------------------


def test_django_admin_refuses_what_the_establishment_page_refuses(client, login_as):
    login_as(Role.ADMIN)
    team = TeamFactory()

    post_page = client.post(
        reverse("admin:workforce_fundedpost_add"),
        {
            "team": team.pk,
            "whole_time_equivalent": "12",
            "funded_from": "2026-04-01",
            "funded_until": "2026-03-31",
            "note": "",
        },
    )
    target_page = client.post(
        reverse("admin:workforce_growthtarget_add"),
        {"target_date": "2020-03-31", "headcount": "5", "whole_time_equivalent": "6", "note": ""},
    )

    assert post_page.status_code == 200
    assert post_page.context["adminform"].form.errors["whole_time_equivalent"] == [
        "The whole-time equivalent must be 10 or less"
    ]
    assert "The last day funded must be on or after the day the funding starts" in post_page.content.decode()
    assert target_page.context["adminform"].form.errors == {
        "target_date": ["The target date must be in the future"],
        "whole_time_equivalent": [
            "The whole-time equivalent cannot be more than the headcount: one person is at most 1 WTE"
        ],
    }
    assert not FundedPost.objects.exists() and not GrowthTarget.objects.exists()
