"""The career pathway: role changes and their history, progression to the next role, the profile's section."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from peersupport.accounts.roles import Role
from workforce.models import PathwayRole, RoleHistory
from workforce.selectors.compliance import TrainingStatus
from workforce.selectors.pathway import progression
from workforce.selectors.people import person_profile
from workforce.services import role_change_record
from workforce.tests.factories import (
    CompetenceAchievementFactory,
    CompetenceFactory,
    PathwayRoleFactory,
    PeerSupportWorkerFactory,
    RoleHistoryFactory,
    TeamFactory,
    TrainingCourseFactory,
    TrainingRecordFactory,
)
from workforce.tests.test_people_pages import count_queries

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def senior():
    """The pathway's second step, from the migration: next after "Peer support worker"."""
    return PathwayRole.objects.get(name="Senior peer support worker")


@pytest.fixture
def worker():
    """A peer support worker on the first step since 1 April 2021, with that period recorded."""
    worker = PeerSupportWorkerFactory(pathway_role=PathwayRoleFactory(), start_date=datetime.date(2021, 4, 1))
    RoleHistoryFactory(peer_support_worker=worker)
    return worker


def profile(worker) -> str:
    return reverse("workforce:person", args=[worker.pk])


# --- Role changes -------------------------------------------------------------------------


def test_a_role_change_closes_the_current_period_the_day_before_and_opens_the_new_one(worker, senior):
    period = role_change_record(worker=worker, new_role=senior, on=datetime.date(2023, 6, 1), by=None)

    periods = list(RoleHistory.objects.filter(peer_support_worker=worker).order_by("started_on"))
    assert [(p.pathway_role, p.started_on, p.ended_on) for p in periods] == [
        (PathwayRoleFactory(), datetime.date(2021, 4, 1), datetime.date(2023, 5, 31)),
        (senior, datetime.date(2023, 6, 1), None),
    ]
    assert period == periods[-1]
    worker.refresh_from_db()
    assert worker.pathway_role == senior


def test_a_role_change_dated_on_or_before_the_current_periods_start_is_refused(worker, senior):
    with pytest.raises(ValidationError) as refused:
        role_change_record(worker=worker, new_role=senior, on=datetime.date(2021, 4, 1), by=None)

    assert refused.value.message_dict["on"] == [
        f"The change must be after {worker.full_name} started as Peer support worker on 1 April 2021"
    ]
    assert RoleHistory.objects.get(peer_support_worker=worker).ended_on is None


def test_a_role_change_overlapping_an_earlier_period_is_refused(senior):
    worker = PeerSupportWorkerFactory(pathway_role=PathwayRoleFactory(), start_date=datetime.date(2021, 4, 1))
    RoleHistoryFactory(peer_support_worker=worker, ended_on=datetime.date(2022, 12, 31))

    with pytest.raises(ValidationError) as refused:
        role_change_record(worker=worker, new_role=senior, on=datetime.date(2022, 6, 1), by=None)

    assert refused.value.message_dict["on"] == ["The change overlaps an earlier role, which ended on 31 December 2022"]
    assert RoleHistory.objects.filter(peer_support_worker=worker).count() == 1


def test_a_change_to_the_same_role_or_in_the_future_is_refused(worker, senior):
    with pytest.raises(ValidationError, match="already a Peer support worker"):
        role_change_record(worker=worker, new_role=worker.pathway_role, on=TODAY, by=None)
    with pytest.raises(ValidationError, match="today or in the past"):
        role_change_record(worker=worker, new_role=senior, on=TODAY + datetime.timedelta(days=1), by=None)


def test_a_correction_in_the_admin_cannot_overlap_another_period(worker, senior):
    overlapping = RoleHistory(peer_support_worker=worker, pathway_role=senior, started_on=datetime.date(2022, 1, 1))

    with pytest.raises(ValidationError, match="overlaps their time as Peer support worker from 1 April 2021"):
        overlapping.full_clean()


def test_the_peer_support_lead_records_a_role_change_from_the_profile(client, login_as, worker, senior):
    lead = login_as(Role.PEER_SUPPORT_LEAD)
    url = reverse("workforce:record_role_change", args=[worker.pk])

    response = client.post(url, {"new_role": senior.pk, "on_day": 1, "on_month": 6, "on_year": 2023})

    assert response.status_code == 302
    worker.refresh_from_db()
    assert worker.pathway_role == senior
    assert worker.history.latest().history_user == lead


def test_a_refused_role_change_shows_the_reason_on_the_form(client, login_as, worker, senior):
    login_as(Role.PEER_SUPPORT_LEAD)
    url = reverse("workforce:record_role_change", args=[worker.pk])

    response = client.post(url, {"new_role": senior.pk, "on_day": 1, "on_month": 1, "on_year": 2021})

    assert response.status_code == 200
    assert "The change must be after" in response.content.decode()


def test_a_team_lead_cannot_record_a_role_change(client, login_as, senior):
    lead = login_as(Role.TEAM_LEAD)
    worker = PeerSupportWorkerFactory(team=TeamFactory(leads=[lead]))

    assert client.get(reverse("workforce:record_role_change", args=[worker.pk])).status_code == 403
    assert "Record a change of role" not in client.get(profile(worker)).content.decode()


# --- Progression --------------------------------------------------------------------------


def test_progression_lists_the_next_roles_training_not_up_to_date_and_competences_not_achieved(worker, senior):
    expired = TrainingCourseFactory(name="Basic life support", mandatory_for=[senior])
    missing = TrainingCourseFactory(name="Intentional Peer Support core", mandatory_for=[senior])
    TrainingRecordFactory(peer_support_worker=worker, course=expired, completed_on=TODAY - datetime.timedelta(days=400))
    achieved, lacking = CompetenceFactory(name="Holds boundaries"), CompetenceFactory(name="Ends a relationship well")
    senior.required_competences.add(achieved, lacking)
    CompetenceAchievementFactory(peer_support_worker=worker, competence=achieved)

    result = progression(person_profile(worker_id=worker.pk), today=TODAY)

    assert result.next_role == senior
    assert [(row.course, row.status) for row in result.missing_training] == [
        (expired, TrainingStatus.EXPIRED),
        (missing, TrainingStatus.MISSING),
    ]
    assert result.missing_competences == [lacking]
    assert result.ready_to_progress is False


def test_ready_to_progress_when_the_next_roles_training_and_competences_are_complete(worker, senior):
    course = TrainingCourseFactory(mandatory_for=[senior])
    TrainingRecordFactory(peer_support_worker=worker, course=course)
    competence = CompetenceFactory()
    senior.required_competences.add(competence)
    CompetenceAchievementFactory(peer_support_worker=worker, competence=competence)

    result = progression(person_profile(worker_id=worker.pk), today=TODAY)

    assert (result.missing_training, result.missing_competences) == ([], [])
    assert result.ready_to_progress is True


def test_training_due_within_30_days_does_not_hold_back_progression_but_is_listed_to_renew(worker, senior):
    course = TrainingCourseFactory(mandatory_for=[senior])
    TrainingRecordFactory(peer_support_worker=worker, course=course, expires_on=TODAY + datetime.timedelta(days=10))

    result = progression(person_profile(worker_id=worker.pk), today=TODAY)

    assert result.missing_training == []
    assert [(row.course, row.status) for row in result.renew_soon] == [(course, TrainingStatus.DUE)]
    assert result.ready_to_progress is True


def test_expired_training_holds_back_progression(worker, senior):
    course = TrainingCourseFactory(mandatory_for=[senior])
    TrainingRecordFactory(peer_support_worker=worker, course=course, expires_on=TODAY - datetime.timedelta(days=1))

    result = progression(person_profile(worker_id=worker.pk), today=TODAY)

    assert [row.status for row in result.missing_training] == [TrainingStatus.EXPIRED]
    assert result.ready_to_progress is False


def test_there_is_no_next_role_at_the_top_of_the_pathway():
    top = PathwayRoleFactory(name="Head of peer support", band="8a", order=999)
    worker = PeerSupportWorkerFactory(pathway_role=top)

    result = progression(person_profile(worker_id=worker.pk), today=TODAY)

    assert result.next_role is None
    assert result.ready_to_progress is False


# --- The profile --------------------------------------------------------------------------


def test_the_profile_shows_the_pathway_section(client, login_as, worker, senior):
    login_as(Role.PEER_SUPPORT_LEAD)
    competence = CompetenceFactory(name="Holds boundaries in a peer relationship")
    senior.required_competences.add(competence)
    CompetenceAchievementFactory(peer_support_worker=worker, competence=competence)

    page = client.get(profile(worker)).content.decode()

    assert '<h2 class="nhsuk-heading-m" id="pathway">Pathway</h2>' in page
    assert "Peer support worker, band 3" in page
    assert "Senior peer support worker, band 4" in page
    assert "Ready to progress" in page
    assert "1 Apr 2021 to now" in page
    assert "Holds boundaries in a peer relationship" in page
    assert "Record a change of role" in page


def test_the_profile_lists_what_is_missing_for_the_next_role(client, login_as, worker, senior):
    login_as(Role.PEER_SUPPORT_LEAD)
    TrainingCourseFactory(name="Intentional Peer Support core", mandatory_for=[senior])
    senior.required_competences.add(CompetenceFactory(name="Ends a peer relationship well"))

    page = client.get(profile(worker)).content.decode()

    assert "Ready to progress" not in page
    assert "Still needed for Senior peer support worker" in page
    assert "Training: Intentional Peer Support core (missing)" in page
    assert "Competence: Ends a peer relationship well (Building relationships)" in page


def test_the_profile_makes_the_same_queries_for_more_achievements_and_history(
    client, login_as, django_assert_num_queries, senior
):
    lead = login_as(Role.TEAM_LEAD)
    worker = PeerSupportWorkerFactory(
        pathway_role=PathwayRoleFactory(), team=TeamFactory(leads=[lead]), start_date=datetime.date(2001, 1, 1)
    )

    def grow(count, first_year):
        for year in range(first_year, first_year + count):
            competence = CompetenceFactory()
            senior.required_competences.add(competence, CompetenceFactory())
            CompetenceAchievementFactory(peer_support_worker=worker, competence=competence)
            RoleHistoryFactory(
                peer_support_worker=worker,
                started_on=datetime.date(year, 1, 1),
                ended_on=datetime.date(year, 12, 31),
            )

    grow(2, 2001)
    with_few = count_queries(client, profile(worker))

    grow(10, 2003)

    with django_assert_num_queries(with_few):
        client.get(profile(worker))


def test_someone_on_a_fixed_term_contract_can_move_up_and_the_new_role_ends_with_the_contract(senior):
    contract_ends = TODAY + datetime.timedelta(days=200)
    worker = PeerSupportWorkerFactory(
        pathway_role=PathwayRoleFactory(), start_date=datetime.date(2024, 4, 1), end_date=contract_ends
    )
    RoleHistoryFactory(peer_support_worker=worker, ended_on=contract_ends)
    on = TODAY - datetime.timedelta(days=10)

    role_change_record(worker=worker, new_role=senior, on=on, by=None)

    periods = list(RoleHistory.objects.filter(peer_support_worker=worker).order_by("started_on"))
    assert [(p.started_on, p.ended_on) for p in periods] == [
        (datetime.date(2024, 4, 1), on - datetime.timedelta(days=1)),
        (on, contract_ends),
    ]


def test_a_role_change_after_someone_left_is_refused(senior):
    left_on = TODAY - datetime.timedelta(days=30)
    worker = PeerSupportWorkerFactory(
        pathway_role=PathwayRoleFactory(), start_date=datetime.date(2021, 4, 1), end_date=left_on, status="left"
    )
    RoleHistoryFactory(peer_support_worker=worker, ended_on=left_on)

    with pytest.raises(ValidationError) as refused:
        role_change_record(worker=worker, new_role=senior, on=TODAY, by=None)

    assert refused.value.message_dict["on"] == [
        f"{worker.full_name} left on {left_on:%-d %B %Y}: the change must be on or before then"
    ]
