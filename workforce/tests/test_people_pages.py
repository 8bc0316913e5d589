"""The people list, its CSV, a person's profile and the forms that record training and supervision."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from peersupport.accounts.roles import Role
from workforce.models import PathwayRole, PeerSupportWorker, PeerSupportWorkerStatus, SupervisionSession, TrainingRecord
from workforce.tests.bulk import bulk_workforce
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

TODAY = timezone.localdate()
PEOPLE = reverse("workforce:people")


def profile(worker) -> str:
    return reverse("workforce:person", args=[worker.pk])


def add_training(worker) -> str:
    return reverse("workforce:add_training", args=[worker.pk])


def add_supervision(worker) -> str:
    return reverse("workforce:add_supervision", args=[worker.pk])


def date_parts(name: str, day: datetime.date) -> dict:
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


# --- Who sees what ------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.PEER_SUPPORT_LEAD, Role.ADMIN])
def test_the_peer_support_lead_and_admins_see_everyone(client, login_as, role):
    login_as(role)
    workers = PeerSupportWorkerFactory.create_batch(3)

    response = client.get(PEOPLE)

    assert response.status_code == 200
    assert {row["worker"] for row in response.context["rows"]} == set(workers)
    assert client.get(profile(workers[0])).status_code == 200


def test_a_team_lead_sees_only_their_teams_people(client, login_as):
    lead = login_as(Role.TEAM_LEAD)
    own = PeerSupportWorkerFactory(team=TeamFactory(leads=[lead]))
    other = PeerSupportWorkerFactory()

    response = client.get(PEOPLE)

    assert [row["worker"] for row in response.context["rows"]] == [own]
    assert client.get(profile(own)).status_code == 200
    assert client.get(profile(other)).status_code == 403
    assert other.full_name not in client.get(PEOPLE + "?format=csv").content.decode()


def test_a_peer_support_worker_sees_their_own_profile_and_nobody_elses(client, login_as):
    user = login_as(Role.PEER_SUPPORT_WORKER)
    own = PeerSupportWorkerFactory(user=user)
    colleague = PeerSupportWorkerFactory(team=own.team)

    assert client.get(profile(own)).status_code == 200
    assert client.get(profile(colleague)).status_code == 403
    assert client.get(PEOPLE).status_code == 403
    assert client.get(PEOPLE + "?format=csv").status_code == 403
    assert client.get(add_training(own)).status_code == 403
    assert client.get(add_supervision(own)).status_code == 403


@pytest.mark.parametrize("role", [Role.REQUESTER, Role.NETWORK_COORDINATOR, Role.EXPERT_BY_EXPERIENCE])
def test_other_roles_see_no_people(client, login_as, role):
    login_as(role)
    worker = PeerSupportWorkerFactory()

    for url in (PEOPLE, PEOPLE + "?format=csv", profile(worker), add_training(worker), add_supervision(worker)):
        assert client.get(url).status_code == 403, url


def test_a_missing_person_is_not_found(client, login_as):
    login_as(Role.PEER_SUPPORT_LEAD)

    assert client.get(reverse("workforce:person", args=[999999])).status_code == 404


@pytest.mark.parametrize(("role", "own_team", "allowed"), [
    (Role.PEER_SUPPORT_LEAD, False, True),
    (Role.TEAM_LEAD, True, True),
    (Role.TEAM_LEAD, False, False),
    (Role.ADMIN, False, False),
])  # fmt: skip
def test_who_may_record_training_and_supervision(client, login_as, role, own_team, allowed):
    person = login_as(role)
    worker = PeerSupportWorkerFactory(team=TeamFactory(leads=[person] if own_team else []))

    for url in (add_training(worker), add_supervision(worker)):
        assert client.get(url).status_code == (200 if allowed else 403), url


# --- The list -----------------------------------------------------------------------------


def test_the_list_filters_by_team_role_and_status(client, login_as):
    login_as(Role.PEER_SUPPORT_LEAD)
    team = TeamFactory()
    senior = PathwayRoleFactory(name="Senior peer support worker", band="4")
    wanted = PeerSupportWorkerFactory(team=team, pathway_role=senior, full_name="Wanted")
    PeerSupportWorkerFactory(team=team, full_name="Other role")
    PeerSupportWorkerFactory(team=team, pathway_role=senior, status=PeerSupportWorkerStatus.LEFT, full_name="Left")
    PeerSupportWorkerFactory(pathway_role=senior, full_name="Other team")

    response = client.get(PEOPLE, {"team": team.pk, "pathway_role": senior.pk, "status": "active"})

    assert [row["worker"] for row in response.context["rows"]] == [wanted]
    response = client.get(PEOPLE, {"service": team.service_id})
    assert {row["worker"].full_name for row in response.context["rows"]} == {"Wanted", "Other role", "Left"}


@pytest.mark.parametrize("name", ["team", "service", "pathway_role"])
# "²" is a digit to str.isdigit(), not to int(); the long number is too large for the database.
@pytest.mark.parametrize("value", ["²", "99999999999999999999999"])
def test_a_filter_of_a_digit_that_is_not_a_number_is_ignored(client, login_as, name, value):
    login_as(Role.PEER_SUPPORT_LEAD)
    workers = PeerSupportWorkerFactory.create_batch(2)

    response = client.get(PEOPLE, {name: value})

    assert response.status_code == 200
    assert {row["worker"] for row in response.context["rows"]} == set(workers)


def test_the_list_pages_by_25(client, login_as):
    login_as(Role.PEER_SUPPORT_LEAD)
    PeerSupportWorkerFactory.create_batch(27)

    first = client.get(PEOPLE)
    second = client.get(PEOPLE, {"page": 2})

    assert len(first.context["rows"]) == 25
    assert len(second.context["rows"]) == 2


def test_the_list_sorts_by_longest_without_supervision(client, login_as):
    login_as(Role.PEER_SUPPORT_LEAD)
    recent = PeerSupportWorkerFactory(full_name="A recent")
    SupervisionSessionFactory(peer_support_worker=recent, date=TODAY)
    long_ago = PeerSupportWorkerFactory(full_name="B long ago")
    SupervisionSessionFactory(peer_support_worker=long_ago, date=TODAY - datetime.timedelta(days=90))
    never = PeerSupportWorkerFactory(full_name="C never")

    response = client.get(PEOPLE, {"sort": "supervision"})

    assert [row["worker"] for row in response.context["rows"]] == [never, long_ago, recent]


def test_the_csv_holds_the_filtered_list(client, login_as):
    login_as(Role.PEER_SUPPORT_LEAD)
    role = PathwayRoleFactory()
    course = TrainingCourseFactory(mandatory_for=[role])
    late = PeerSupportWorkerFactory(full_name="Ada Late", pathway_role=role, email="ada@example.org")
    TrainingRecordFactory(peer_support_worker=late, course=course, expires_on=TODAY - datetime.timedelta(days=1))
    SupervisionSessionFactory(peer_support_worker=late, date=datetime.date(2020, 1, 6))
    PeerSupportWorkerFactory(full_name="=HYPERLINK(evil)", pathway_role=role)
    fine = PeerSupportWorkerFactory(full_name="Fine", pathway_role=role)
    TrainingRecordFactory(peer_support_worker=fine, course=course)

    response = client.get(PEOPLE, {"training": "expired", "format": "csv"})

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 1
    assert rows[0]["Name"] == "Ada Late"
    assert rows[0]["Email"] == "ada@example.org"
    assert rows[0]["Training"] == "Expired"
    assert rows[0]["Last supervision"] == "2020-01-06"
    assert rows[0]["Supervision overdue"] == "Yes"
    everyone = client.get(PEOPLE, {"format": "csv"}).content.decode()
    assert "'=HYPERLINK(evil)" in everyone


# --- The profile --------------------------------------------------------------------------


def test_the_profile_shows_training_supervision_allowance_and_history(client, login_as):
    login_as(Role.PEER_SUPPORT_LEAD)
    role = PathwayRoleFactory()
    course = TrainingCourseFactory(name="Basic life support", mandatory_for=[role])
    TrainingCourseFactory(name="Information governance", mandatory_for=[role])
    worker = PeerSupportWorkerFactory(pathway_role=role, allowance_hours=6)
    TrainingRecordFactory(peer_support_worker=worker, course=course, expires_on=TODAY - datetime.timedelta(days=2))
    SupervisionSessionFactory(peer_support_worker=worker, date=TODAY - datetime.timedelta(days=60))
    worker.status = PeerSupportWorkerStatus.ON_LEAVE
    worker.save()
    worker.status = PeerSupportWorkerStatus.ACTIVE
    worker.save()

    page = client.get(profile(worker)).content.decode()

    assert "Basic life support" in page and "Expired" in page
    assert "Information governance" in page and "Missing" in page
    assert "Supervision is overdue" in page
    assert "0 of 6 hours approved" in page
    assert "Changes to this record" in page and "(status)" in page
    assert "Record training" in page


def test_a_peer_support_worker_reaches_their_profile_from_home(client, login_as):
    user = login_as(Role.PEER_SUPPORT_WORKER)
    worker = PeerSupportWorkerFactory(user=user)

    page = client.get(reverse("home")).content.decode()
    own = client.get(profile(worker)).content.decode()

    assert f'href="{profile(worker)}">Your profile' in page
    assert "Your profile" in own and "Record training" not in own


# --- Recording ----------------------------------------------------------------------------


def test_the_team_lead_records_training_and_the_expiry_follows_the_course(client, login_as):
    lead = login_as(Role.TEAM_LEAD)
    worker = PeerSupportWorkerFactory(team=TeamFactory(leads=[lead]))
    course = TrainingCourseFactory(renewal_months=12)
    completed = TODAY - datetime.timedelta(days=10)

    response = client.post(add_training(worker), {"course": course.pk, **date_parts("completed_on", completed)})

    assert response.status_code == 302
    record = TrainingRecord.objects.get(peer_support_worker=worker)
    assert (record.completed_on, record.recorded_by) == (completed, lead)
    assert record.expires_on.year == completed.year + 1


def test_training_in_the_future_is_refused_with_a_clear_message(client, login_as):
    login_as(Role.PEER_SUPPORT_LEAD)
    worker = PeerSupportWorkerFactory()
    tomorrow = TODAY + datetime.timedelta(days=1)

    response = client.post(
        add_training(worker), {"course": TrainingCourseFactory().pk, **date_parts("completed_on", tomorrow)}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "nhsuk-error-summary" in page
    assert 'href="#id_completed_on_day">The date completed must be today or in the past' in page
    assert not TrainingRecord.objects.exists()


def test_training_done_before_they_started_is_recorded(client, login_as):
    """A course from a previous post still counts, so it may be dated before their start date."""
    login_as(Role.PEER_SUPPORT_LEAD)
    worker = PeerSupportWorkerFactory(start_date=datetime.date(2024, 4, 1))
    course = TrainingCourseFactory(renewal_months=None)
    before = datetime.date(2023, 11, 20)

    response = client.post(add_training(worker), {"course": course.pk, **date_parts("completed_on", before)})

    assert response.status_code == 302
    assert TrainingRecord.objects.get(peer_support_worker=worker).completed_on == before


def test_an_empty_training_form_says_what_is_missing(client, login_as):
    login_as(Role.PEER_SUPPORT_LEAD)

    page = client.post(add_training(PeerSupportWorkerFactory()), {}).content.decode()

    assert "Choose the course they completed" in page
    assert "Enter the date they completed the course" in page


def test_the_lead_records_supervision_they_gave(client, login_as):
    lead = login_as(Role.PEER_SUPPORT_LEAD, full_name="Priya Shah")
    worker = PeerSupportWorkerFactory()

    response = client.post(
        add_supervision(worker),
        {**date_parts("date", TODAY), "kind": "peer_supervision", "given_by_me": "on", "duration_minutes": "60"},
    )

    assert response.status_code == 302
    session = SupervisionSession.objects.get(peer_support_worker=worker)
    assert (session.supervisor, session.supervisor_name, session.duration_minutes) == (lead, "Priya Shah", 60)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"duration_minutes": "10"}, "A supervision lasts at least 15 minutes"),
        ({"duration_minutes": "481"}, "A supervision lasts at most 480 minutes (8 hours)"),
        ({"duration_minutes": "an hour"}, "Enter the length in whole minutes, for example 60"),
        (date_parts("date", TODAY + datetime.timedelta(days=1)), "The date of the supervision must be today or in"),
        ({"supervisor_name": ""}, "Enter the supervisor&#x27;s name, or tick"),
        ({"kind": ""}, "Choose the kind of supervision"),
    ],
)
def test_supervision_is_checked_with_clear_messages(client, login_as, changes, message):
    login_as(Role.PEER_SUPPORT_LEAD)
    worker = PeerSupportWorkerFactory()
    data = {**date_parts("date", TODAY), "kind": "group", "supervisor_name": "Olivia Grant", "duration_minutes": "60"}

    response = client.post(add_supervision(worker), {**data, **changes})

    page = response.content.decode()
    assert response.status_code == 200
    assert "nhsuk-error-summary" in page
    assert message in page
    assert not SupervisionSession.objects.exists()


@pytest.mark.parametrize(
    ("worker_dates", "day", "message"),
    [
        (
            {"start_date": datetime.date(2024, 4, 1)},
            datetime.date(2000, 1, 1),
            "The date of the supervision must be on or after their start date, 1 April 2024",
        ),
        (
            {"start_date": datetime.date(2024, 4, 1), "end_date": datetime.date(2025, 1, 31), "status": "left"},
            datetime.date(2025, 2, 3),
            "The date of the supervision must be on or before their end date, 31 January 2025",
        ),
    ],
    ids=["before they started", "after they left"],
)
def test_supervision_outside_their_employment_is_refused_on_the_form(client, login_as, worker_dates, day, message):
    login_as(Role.PEER_SUPPORT_LEAD)
    worker = PeerSupportWorkerFactory(**worker_dates)
    data = {**date_parts("date", day), "kind": "group", "supervisor_name": "Olivia Grant", "duration_minutes": "60"}

    response = client.post(add_supervision(worker), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert f'href="#id_date_day">{message}' in page
    assert not SupervisionSession.objects.exists()


def test_supervision_on_their_first_and_last_days_is_recorded(client, login_as):
    login_as(Role.PEER_SUPPORT_LEAD)
    worker = PeerSupportWorkerFactory(
        start_date=datetime.date(2024, 4, 1), end_date=datetime.date(2025, 1, 31), status=PeerSupportWorkerStatus.LEFT
    )
    data = {"kind": "group", "supervisor_name": "Olivia Grant", "duration_minutes": "60"}

    for day in (worker.start_date, worker.end_date):
        assert client.post(add_supervision(worker), {**data, **date_parts("date", day)}).status_code == 302

    assert sorted(worker.supervision_sessions.values_list("date", flat=True)) == [worker.start_date, worker.end_date]


# --- Queries ------------------------------------------------------------------------------


def count_queries(client, url) -> int:
    client.get(url)  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def spread_workforce(count: int, *, teams, roles, courses) -> None:
    """`count` people over `teams` and `roles`; a third with expired training and overdue supervision."""
    lapsed = count // 3
    bulk_workforce(count - lapsed, teams=teams, roles=roles, courses=courses)
    bulk_workforce(lapsed, teams=teams, roles=roles, courses=courses, lapsed=True)


def mandatory_courses_for_every_role() -> tuple[list, list]:
    """The pathway's four roles, each with two mandatory courses of its own; and those courses."""
    roles = list(PathwayRole.objects.order_by("order"))
    courses = [course for role in roles for course in TrainingCourseFactory.create_batch(2, mandatory_for=[role])]
    return roles, courses


def teams_and_roles_listed(response) -> tuple[int, int]:
    workers = [row["worker"] for row in response.context["rows"]]
    return len({worker.team_id for worker in workers}), len({worker.pathway_role_id for worker in workers})


@pytest.mark.parametrize("query", ["", "?training=expired&supervision=overdue", "?format=csv", "?format=xlsx"])
def test_the_list_makes_the_same_queries_for_10_people_as_for_300(client, login_as, django_assert_num_queries, query):
    """300 people are in more teams, services and roles than 10: a query per any of them would show."""
    login_as(Role.PEER_SUPPORT_LEAD)
    roles, courses = mandatory_courses_for_every_role()
    teams = [TeamFactory(service=service) for service in ServiceFactory.create_batch(3) for _ in range(2)]
    spread_workforce(10, teams=teams[::2], roles=roles[:2], courses=courses)  # 3 teams in 3 services, 2 roles
    with_10 = count_queries(client, PEOPLE + query)
    page = not query.startswith("?format")
    if page:
        assert teams_and_roles_listed(client.get(PEOPLE + query)) == (3, 2)

    spread_workforce(290, teams=teams, roles=roles, courses=courses)  # 6 teams, 4 roles

    with django_assert_num_queries(with_10):
        response = client.get(PEOPLE + query)
    if page:
        assert teams_and_roles_listed(response) == (6, 4)


def test_a_team_leads_list_makes_the_same_queries_for_10_people_as_for_300(client, login_as, django_assert_num_queries):
    lead = login_as(Role.TEAM_LEAD)
    roles, courses = mandatory_courses_for_every_role()
    led = [TeamFactory(leads=[lead]), TeamFactory(leads=[lead])]  # in two services
    spread_workforce(10, teams=led, roles=roles[:2], courses=courses)
    with_10 = count_queries(client, PEOPLE)
    assert teams_and_roles_listed(client.get(PEOPLE)) == (2, 2)

    led += [TeamFactory(leads=[lead], service=led[0].service), TeamFactory(leads=[lead])]
    not_led = TeamFactory()
    spread_workforce(290, teams=[*led, not_led], roles=roles, courses=courses)

    with django_assert_num_queries(with_10):
        response = client.get(PEOPLE)
    assert teams_and_roles_listed(response) == (4, 4)
    assert response.context["page"].paginator.count == PeerSupportWorker.objects.exclude(team=not_led).count()


def test_the_profile_makes_the_same_queries_for_10_records_as_for_60(client, login_as, django_assert_num_queries):
    lead = login_as(Role.TEAM_LEAD)
    role = PathwayRoleFactory()
    worker = PeerSupportWorkerFactory(pathway_role=role, team=TeamFactory(leads=[lead]))

    def grow(count):
        for _ in range(count):
            TrainingRecordFactory(peer_support_worker=worker, course=TrainingCourseFactory(mandatory_for=[role]))
            SupervisionSessionFactory(peer_support_worker=worker)
            worker.contracted_hours += 1
            worker.save()

    grow(10)
    with_10 = count_queries(client, profile(worker))

    grow(50)

    with django_assert_num_queries(with_10):
        client.get(profile(worker))
