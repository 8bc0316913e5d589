"""Adding a peer support worker and changing their details: who may, what is refused, what follows."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory
from tests.support.roles import answers
from workforce.models import PeerSupportWorker, PeerSupportWorkerStatus, RoleHistory
from workforce.tests.factories import (
    PathwayRoleFactory,
    PeerSupportWorkerFactory,
    RoleHistoryFactory,
    TeamFactory,
    TrainingCourseFactory,
    TrainingRecordFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
ADD = reverse("workforce:add_person")


def edit(worker) -> str:
    return reverse("workforce:edit_person", args=[worker.pk])


def date_parts(name: str, day: datetime.date | None) -> dict:
    if day is None:
        return {f"{name}_day": "", f"{name}_month": "", f"{name}_year": ""}
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def form_data(worker: PeerSupportWorker, **changes) -> dict:
    """What the change page posts for `worker`, with `changes` on top."""
    values = {
        "full_name": worker.full_name,
        "email": worker.email,
        "team": worker.team_id,
        "contracted_hours": worker.contracted_hours,
        "start_date": worker.start_date,
        "end_date": worker.end_date,
        "status": worker.status,
        "allowance_hours": "" if worker.allowance_hours is None else worker.allowance_hours,
        "line_manager": worker.line_manager_id or "",
        "supervisor": worker.supervisor_id or "",
        **changes,
    }
    data = {}
    for name, value in values.items():
        if name.endswith("_date"):
            data.update(date_parts(name, value))
        else:
            data[name] = value
    return data


def new_person_data(team, role, **changes) -> dict:
    data = {
        "full_name": "Priya Shah",
        "email": "priya.shah@example.org",
        "team": team.pk,
        "pathway_role": role.pk,
        "contracted_hours": "30",
        **date_parts("start_date", datetime.date(2025, 9, 1)),
        **date_parts("end_date", None),
        "status": PeerSupportWorkerStatus.ACTIVE,
        "allowance_hours": "",
        "line_manager": "",
        "supervisor": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def worker():
    person = PeerSupportWorkerFactory(start_date=datetime.date(2021, 4, 1), contracted_hours=Decimal("37.5"))
    RoleHistoryFactory(peer_support_worker=person)
    return person


# --- Who may --------------------------------------------------------------------------------


# Admins change records in the admin, where every change is logged too.
@pytest.mark.parametrize(("role", "status"), answers(Role.PEER_SUPPORT_LEAD))
def test_only_the_peer_support_lead_adds_and_changes_people(client, login_as, worker, role, status):
    login_as(role)

    assert client.get(ADD).status_code == status
    assert client.get(edit(worker)).status_code == status


def test_a_team_lead_cannot_change_their_own_teams_people(client, login_as, worker):
    lead = login_as(Role.TEAM_LEAD)
    worker.team.leads.add(lead)

    response = client.post(edit(worker), form_data(worker, contracted_hours="20"))

    assert response.status_code == 403
    worker.refresh_from_db()
    assert worker.contracted_hours == Decimal("37.5")


def test_a_peer_support_worker_cannot_change_their_own_allowance(client, login_as):
    user = login_as(Role.PEER_SUPPORT_WORKER)
    own = PeerSupportWorkerFactory(user=user)

    response = client.post(edit(own), form_data(own, allowance_hours="20"))

    assert response.status_code == 403
    own.refresh_from_db()
    assert own.allowance_hours is None


def test_only_the_peer_support_lead_sees_the_links(client, login_as, worker):
    lead = login_as(Role.TEAM_LEAD)
    worker.team.leads.add(lead)
    assert "Change their details" not in client.get(reverse("workforce:person", args=[worker.pk])).text
    assert "Add a peer support worker" not in client.get(reverse("workforce:people")).text

    login_as(Role.PEER_SUPPORT_LEAD)
    assert "Change their details" in client.get(reverse("workforce:person", args=[worker.pk])).text
    assert "Add a peer support worker" in client.get(reverse("workforce:people")).text


# --- Adding ---------------------------------------------------------------------------------


def test_the_lead_adds_a_person_who_starts_on_the_pathway(client, login_as):
    lead = login_as(Role.PEER_SUPPORT_LEAD)
    team, role = TeamFactory(), PathwayRoleFactory()
    manager = UserFactory(roles=[Role.TEAM_LEAD], full_name="Olivia Grant")

    response = client.post(ADD, new_person_data(team, role, allowance_hours="2", line_manager=manager.pk))

    person = PeerSupportWorker.objects.get(email="priya.shah@example.org")
    assert response.status_code == 302
    assert response.url == reverse("workforce:person", args=[person.pk])
    assert (person.team, person.pathway_role, person.contracted_hours) == (team, role, Decimal("30"))
    assert (person.allowance_hours, person.line_manager) == (Decimal("2"), manager)
    assert list(RoleHistory.objects.filter(peer_support_worker=person).values_list("started_on", "ended_on")) == [
        (datetime.date(2025, 9, 1), None)
    ]
    assert person.history.get().history_user == lead
    page = client.get(response.url).text
    assert "Priya Shah added." in page
    assert manager.full_name in page


def test_an_empty_form_says_what_is_missing(client, login_as):
    login_as(Role.PEER_SUPPORT_LEAD)

    page = client.post(ADD, {}).text

    for message in (
        "Enter their full name",
        "Choose their team",
        "Choose their role on the career pathway",
        "Enter their contracted hours a week",
        "Enter their start date",
        "Choose their status",
    ):
        assert message in page
    assert "nhsuk-error-summary" in page
    assert not PeerSupportWorker.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({**date_parts("end_date", datetime.date(2025, 8, 1))}, "The end date must be on or after the start date"),
        ({"contracted_hours": "0"}, "Contracted hours must be more than 0 and at most 37.5 a week"),
        ({"contracted_hours": "40"}, "Contracted hours must be more than 0 and at most 37.5 a week"),
        ({"contracted_hours": "twenty"}, "Enter contracted hours as a number, like 22.5"),
        ({"contracted_hours": "7.5", "allowance_hours": "40"}, "cannot be more than their contracted hours in a month"),
        ({"allowance_hours": "-1"}, "The allowance cannot be less than 0 hours"),
        ({"status": PeerSupportWorkerStatus.LEFT}, "Enter the date they left"),
        ({"email": "not an email"}, "Enter an email address in the correct format"),
        ({**date_parts("start_date", None), "start_date_day": "31", "start_date_month": "2"}, "must be a real date"),
    ],
)
def test_bad_details_are_refused_with_a_clear_message_and_kept_on_the_form(client, login_as, changes, message):
    login_as(Role.PEER_SUPPORT_LEAD)
    team, role = TeamFactory(), PathwayRoleFactory()

    response = client.post(ADD, new_person_data(team, role, **changes))

    assert response.status_code == 200
    assert message in response.text
    assert 'value="Priya Shah"' in response.text
    assert not PeerSupportWorker.objects.exists()


def test_an_email_already_used_by_another_peer_support_worker_is_refused(client, login_as, worker):
    login_as(Role.PEER_SUPPORT_LEAD)

    response = client.post(ADD, new_person_data(TeamFactory(), PathwayRoleFactory(), email=worker.email.upper()))

    assert f"Another peer support worker already has the email {worker.email.upper()}" in response.text
    assert PeerSupportWorker.objects.count() == 1


def test_an_inactive_team_is_not_offered_to_a_new_person(client, login_as):
    login_as(Role.PEER_SUPPORT_LEAD)
    closed = TeamFactory(is_active=False)

    response = client.post(ADD, new_person_data(closed, PathwayRoleFactory()))

    assert "Select a team that is open from the list" in response.text
    assert not PeerSupportWorker.objects.exists()


# --- Changing -------------------------------------------------------------------------------


def test_the_lead_changes_the_allowance_and_the_change_is_in_the_history(client, login_as, worker):
    lead = login_as(Role.PEER_SUPPORT_LEAD)

    response = client.post(edit(worker), form_data(worker, allowance_hours="0"))

    assert response.status_code == 302
    worker.refresh_from_db()
    assert worker.allowance_hours == Decimal("0")
    latest = worker.history.latest()
    assert latest.history_user == lead
    assert latest.allowance_hours == Decimal("0")
    page = client.get(response.url).text
    assert "0 hours a month" in page
    assert "monthly involvement allowance (hours)" in page  # named in "Changes to this record"


def test_recording_that_someone_left_ends_their_current_role(client, login_as, worker):
    login_as(Role.PEER_SUPPORT_LEAD)
    left_on = TODAY - datetime.timedelta(days=3)

    response = client.post(edit(worker), form_data(worker, end_date=left_on, status=PeerSupportWorkerStatus.LEFT))

    assert response.status_code == 302
    worker.refresh_from_db()
    assert (worker.end_date, worker.status) == (left_on, PeerSupportWorkerStatus.LEFT)
    assert worker.role_history.get().ended_on == left_on


def test_an_end_date_that_has_passed_needs_the_status_left(client, login_as, worker):
    login_as(Role.PEER_SUPPORT_LEAD)

    response = client.post(edit(worker), form_data(worker, end_date=TODAY - datetime.timedelta(days=1)))

    assert "Their end date has passed: choose" in response.text
    worker.refresh_from_db()
    assert worker.end_date is None


def test_a_later_start_date_moves_the_first_role_period_with_it(client, login_as, worker):
    login_as(Role.PEER_SUPPORT_LEAD)

    client.post(edit(worker), form_data(worker, start_date=datetime.date(2021, 6, 1)))

    assert worker.role_history.get().started_on == datetime.date(2021, 6, 1)


def test_a_start_date_after_a_later_roles_start_is_refused(client, login_as, worker):
    login_as(Role.PEER_SUPPORT_LEAD)
    senior = PathwayRoleFactory(name="Senior peer support worker", band="4")
    first = worker.role_history.get()
    first.ended_on = datetime.date(2023, 3, 31)
    first.save()
    RoleHistoryFactory(peer_support_worker=worker, pathway_role=senior, started_on=datetime.date(2023, 4, 1))

    response = client.post(edit(worker), form_data(worker, start_date=datetime.date(2024, 1, 1)))

    assert "The start date must be on or before 31 March 2023" in response.text
    worker.refresh_from_db()
    assert worker.start_date == datetime.date(2021, 4, 1)


def test_an_end_date_before_the_current_role_began_is_refused(client, login_as, worker):
    login_as(Role.PEER_SUPPORT_LEAD)
    first = worker.role_history.get()
    first.ended_on = datetime.date(2023, 3, 31)
    first.save()
    senior = PathwayRoleFactory(name="Senior peer support worker", band="4")
    RoleHistoryFactory(peer_support_worker=worker, pathway_role=senior, started_on=datetime.date(2023, 4, 1))

    response = client.post(
        edit(worker), form_data(worker, end_date=datetime.date(2022, 1, 1), status=PeerSupportWorkerStatus.LEFT)
    )

    assert "The end date must be on or after 1 April 2023, when they started as Senior peer support worker" in (
        response.text
    )
    worker.refresh_from_db()
    assert worker.end_date is None


def test_a_person_stays_in_a_team_that_has_since_closed(client, login_as, worker):
    login_as(Role.PEER_SUPPORT_LEAD)
    worker.team.is_active = False
    worker.team.save()

    response = client.post(edit(worker), form_data(worker, contracted_hours="30"))

    assert response.status_code == 302
    worker.refresh_from_db()
    assert worker.contracted_hours == Decimal("30")


def test_a_missing_person_is_not_found(client, login_as):
    login_as(Role.PEER_SUPPORT_LEAD)

    assert client.get(reverse("workforce:edit_person", args=[999999])).status_code == 404


# --- Home page ------------------------------------------------------------------------------


def test_a_peer_support_workers_home_shows_their_development(client, login_as):
    user = login_as(Role.PEER_SUPPORT_WORKER)
    role = PathwayRoleFactory()
    TrainingCourseFactory(name="Basic life support", mandatory_for=[role])
    PeerSupportWorkerFactory(user=user, pathway_role=role, start_date=datetime.date(2020, 1, 1))

    page = client.get(reverse("home")).text

    assert "Your development" in page
    assert "Basic life support: missing" in page
    assert "Supervision overdue" in page


def test_the_leads_home_counts_who_needs_attention_and_links_to_them(client, login_as):
    lead = login_as(Role.TEAM_LEAD)
    team = TeamFactory(leads=[lead])
    role = PathwayRoleFactory()
    course = TrainingCourseFactory(mandatory_for=[role])
    PeerSupportWorkerFactory(team=team, pathway_role=role, start_date=datetime.date(2020, 1, 1))  # never supervised
    for _ in range(2):
        expired = PeerSupportWorkerFactory(team=team, pathway_role=role, start_date=datetime.date(2020, 1, 1))
        TrainingRecordFactory(peer_support_worker=expired, course=course, expires_on=TODAY - datetime.timedelta(days=1))
    PeerSupportWorkerFactory(start_date=datetime.date(2020, 1, 1))  # another team's: not counted

    page = client.get(reverse("home")).text

    assert "3 people overdue for supervision" in page
    assert "2 people with expired mandatory training" in page
    assert "1 person missing a mandatory course" in page
    assert f"{reverse('workforce:people')}?supervision=overdue" in page


# --- Own records and line managers ------------------------------------------------------------


def test_a_lead_who_is_also_a_peer_support_worker_cannot_sign_off_their_own_development(client, login_as):
    user = login_as(Role.TEAM_LEAD, Role.PEER_SUPPORT_WORKER)
    own = PeerSupportWorkerFactory(user=user, team=TeamFactory(leads=[user]))
    colleague = PeerSupportWorkerFactory(team=own.team)

    for name in ("add_training", "add_supervision", "sign_off_competence"):
        assert client.get(reverse(f"workforce:{name}", args=[own.pk])).status_code == 403, name
        assert client.get(reverse(f"workforce:{name}", args=[colleague.pk])).status_code == 200, name
    assert "Record training" not in client.get(reverse("workforce:person", args=[own.pk])).text


def test_a_peer_support_lead_who_is_also_a_peer_support_worker_cannot_change_their_own_record(client, login_as):
    user = login_as(Role.PEER_SUPPORT_LEAD, Role.PEER_SUPPORT_WORKER)
    own = PeerSupportWorkerFactory(user=user)

    assert client.get(edit(own)).status_code == 403
    assert client.get(reverse("workforce:record_role_change", args=[own.pk])).status_code == 403


def test_a_line_manager_opens_the_profile_their_reminder_links_to_and_records_supervision(client, login_as):
    from notifications.models import Notification
    from workforce.services.reminders import supervision_overdue_reminders

    manager = login_as(Role.PEER_SUPPORT_WORKER)  # a senior peer support worker who line manages
    worker = PeerSupportWorkerFactory(start_date=datetime.date(2020, 1, 1), line_manager=manager)
    stranger = PeerSupportWorkerFactory()
    supervision_overdue_reminders(today=TODAY)
    reminder = Notification.objects.get(recipient=manager)

    assert client.get(reminder.link).status_code == 200
    response = client.post(
        reverse("workforce:add_supervision", args=[worker.pk]),
        {"kind": "line_management", "given_by_me": "on", "duration_minutes": "60", **date_parts("date", TODAY)},
    )
    assert response.status_code == 302
    assert worker.supervision_sessions.get().supervisor == manager
    assert client.get(reverse("workforce:person", args=[stranger.pk])).status_code == 403
    assert client.get(reverse("workforce:people")).status_code == 403
