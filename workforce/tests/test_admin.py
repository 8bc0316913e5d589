"""Django admin keeps a peer support worker's record to the same rules as the people pages."""

import datetime
import html
import re

import pytest
from django.urls import reverse

from peersupport.accounts.roles import Role
from workforce.models import PeerSupportWorker, RoleHistory
from workforce.tests.factories import PathwayRoleFactory, PeerSupportWorkerFactory, RoleHistoryFactory, TeamFactory

pytestmark = pytest.mark.django_db

ADD = reverse("admin:workforce_peersupportworker_add")


def change(worker) -> str:
    return reverse("admin:workforce_peersupportworker_change", args=[worker.pk])


def admin_data(worker: PeerSupportWorker, **changes) -> dict:
    """What the admin's change page posts for `worker`, with `changes` on top."""
    data = {
        "user": "",
        "full_name": worker.full_name,
        "email": worker.email,
        "team": worker.team_id,
        "contracted_hours": worker.contracted_hours,
        "start_date": worker.start_date.isoformat(),
        "end_date": "",
        "status": worker.status,
        "line_manager": "",
        "supervisor": "",
        "allowance_hours": "",
    }
    return {**data, **changes}


def test_the_admin_refuses_an_allowance_above_the_contract_with_the_forms_message(client, login_as):
    login_as(Role.ADMIN)
    worker = PeerSupportWorkerFactory(contracted_hours=15)

    response = client.post(change(worker), admin_data(worker, allowance_hours="80"))

    assert response.status_code == 200
    assert (
        "The allowance cannot be more than their contracted hours in a month (65 hours at 15 hours a week)"
        in html.unescape(response.content.decode())
    )
    worker.refresh_from_db()
    assert worker.allowance_hours is None


def test_the_admin_refuses_a_new_person_with_no_contracted_hours(client, login_as):
    login_as(Role.ADMIN)
    team = TeamFactory()
    role = PathwayRoleFactory()
    data = {
        "full_name": "Ada Lovelace",
        "email": "ada@example.org",
        "team": team.pk,
        "pathway_role": role.pk,
        "contracted_hours": "0",
        "start_date": "2024-04-01",
        "status": "active",
    }

    response = client.post(ADD, data)

    assert response.status_code == 200
    assert "Contracted hours must be more than 0 and at most 37.5 a week" in response.content.decode()
    assert not PeerSupportWorker.objects.exists()


def test_the_change_page_shows_the_pathway_role_without_a_way_to_change_it(client, login_as):
    login_as(Role.ADMIN)
    senior = PathwayRoleFactory(name="Senior peer support worker", band="4")
    worker = PeerSupportWorkerFactory(start_date=datetime.date(2024, 4, 1))
    RoleHistoryFactory(peer_support_worker=worker)

    page = client.get(change(worker)).content.decode()
    saved = client.post(change(worker), admin_data(worker, pathway_role=senior.pk))

    assert saved.status_code == 302  # saved, with the role as it was
    assert 'name="pathway_role"' not in page
    assert re.search(r'<div class="readonly"><a [^>]*>Peer support worker \(band 3\)</a></div>', page)
    assert 'name="pathway_role"' in client.get(ADD).content.decode()  # set when they are added
    worker.refresh_from_db()
    assert worker.pathway_role.name == "Peer support worker"
    assert list(
        RoleHistory.objects.filter(peer_support_worker=worker).values_list("pathway_role__name", flat=True)
    ) == ["Peer support worker"]


def test_a_person_added_in_the_admin_starts_their_first_role_period(client, login_as):
    login_as(Role.ADMIN)
    team, role = TeamFactory(), PathwayRoleFactory()
    data = {
        "full_name": "Ada Lovelace",
        "email": "ada@example.org",
        "team": team.pk,
        "pathway_role": role.pk,
        "contracted_hours": "30",
        "start_date": "2024-04-01",
        "status": "active",
    }

    assert client.post(ADD, data).status_code == 302

    worker = PeerSupportWorker.objects.get(email="ada@example.org")
    assert list(worker.role_history.values_list("pathway_role", "started_on", "ended_on")) == [
        (role.pk, datetime.date(2024, 4, 1), None)
    ]


def test_dates_changed_in_the_admin_move_the_role_history_or_are_refused(client, login_as):
    login_as(Role.ADMIN)
    worker = PeerSupportWorkerFactory(start_date=datetime.date(2021, 4, 1))
    first = RoleHistoryFactory(peer_support_worker=worker, ended_on=datetime.date(2023, 3, 31))
    senior = PathwayRoleFactory(name="Senior peer support worker", band="4")
    RoleHistoryFactory(peer_support_worker=worker, pathway_role=senior, started_on=datetime.date(2023, 4, 1))

    refused = client.post(change(worker), admin_data(worker, start_date="2024-01-01"))
    moved = client.post(change(worker), admin_data(worker, start_date="2021-06-01"))

    assert "The start date must be on or before 31 March 2023" in html.unescape(refused.content.decode())
    assert moved.status_code == 302
    first.refresh_from_db()
    assert first.started_on == datetime.date(2021, 6, 1)


def test_a_person_cannot_be_deleted_in_the_admin_leaving_is_a_status(client, login_as):
    login_as(Role.ADMIN)
    worker = PeerSupportWorkerFactory()

    page = client.get(change(worker)).content.decode()

    assert client.get(reverse("admin:workforce_peersupportworker_delete", args=[worker.pk])).status_code == 403
    assert "Leaving is a status, not a delete" in html.unescape(page)
    assert reverse("admin:workforce_peersupportworker_delete", args=[worker.pk]) not in page


def test_deleting_a_person_some_other_way_is_refused_while_their_records_exist():
    from django.db.models import ProtectedError

    from workforce.tests.factories import (
        CompetenceAchievementFactory,
        SupervisionSessionFactory,
        TrainingRecordFactory,
    )

    for make in (TrainingRecordFactory, CompetenceAchievementFactory, RoleHistoryFactory, SupervisionSessionFactory):
        record = make()
        with pytest.raises(ProtectedError):
            record.peer_support_worker.delete()
