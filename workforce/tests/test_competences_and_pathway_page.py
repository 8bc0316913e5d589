"""Signing off competences, and the pathway page with who is ready to progress."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from peersupport.accounts.roles import Role
from tests.support.roles import answers
from workforce.models import CompetenceAchievement, PathwayRole, PeerSupportWorkerStatus
from workforce.tests.bulk import bulk_workforce
from workforce.tests.factories import (
    CompetenceAchievementFactory,
    CompetenceDomainFactory,
    CompetenceFactory,
    PeerSupportWorkerFactory,
    TeamFactory,
    TrainingCourseFactory,
    TrainingRecordFactory,
)
from workforce.tests.test_people_pages import count_queries

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PATHWAY = reverse("workforce:pathway")


def sign_off(worker) -> str:
    return reverse("workforce:sign_off_competence", args=[worker.pk])


def date_parts(name: str, day: datetime.date) -> dict:
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


@pytest.fixture
def first_step():
    return PathwayRole.objects.get(name="Peer support worker")


@pytest.fixture
def senior():
    return PathwayRole.objects.get(name="Senior peer support worker")


@pytest.fixture
def worker(first_step):
    return PeerSupportWorkerFactory(pathway_role=first_step, start_date=datetime.date(2021, 4, 1))


# --- Signing off ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "leads_their_team", "status"),
    [
        (Role.PEER_SUPPORT_LEAD, False, 200),
        (Role.TEAM_LEAD, True, 200),
        (Role.TEAM_LEAD, False, 403),
        (Role.PEER_SUPPORT_WORKER, False, 403),
        (Role.REQUESTER, False, 403),
        (Role.NETWORK_COORDINATOR, False, 403),
        (Role.EXPERT_BY_EXPERIENCE, False, 403),
        (Role.ADMIN, False, 403),
    ],
)
def test_who_may_sign_off_a_competence(client, login_as, worker, role, leads_their_team, status):
    person = login_as(role)
    if leads_their_team:
        worker.team.leads.add(person)

    assert client.get(sign_off(worker)).status_code == status


def test_a_peer_support_worker_cannot_sign_off_their_own_competence(client, login_as, worker):
    user = login_as(Role.PEER_SUPPORT_WORKER)
    worker.user = user
    worker.save()
    competence = CompetenceFactory()

    response = client.post(sign_off(worker), {"competence": competence.pk, **date_parts("achieved_on", TODAY)})

    assert response.status_code == 403
    assert not CompetenceAchievement.objects.exists()


def test_the_team_lead_signs_off_a_competence_and_it_shows_on_the_profile(client, login_as, worker):
    lead = login_as(Role.TEAM_LEAD)
    worker.team.leads.add(lead)
    competence = CompetenceFactory(name="Shares their story safely and with purpose")
    achieved_on = TODAY - datetime.timedelta(days=5)

    response = client.post(sign_off(worker), {"competence": competence.pk, **date_parts("achieved_on", achieved_on)})

    assert response.status_code == 302
    achievement = CompetenceAchievement.objects.get()
    assert (achievement.peer_support_worker, achievement.achieved_on, achievement.signed_off_by) == (
        worker,
        achieved_on,
        lead,
    )
    page = client.get(response.url).text
    assert "Shares their story safely and with purpose signed off for" in page
    assert "Shares their story safely and with purpose" in page.split("Competences achieved")[1]


def test_competences_are_offered_by_domain_without_those_already_achieved(client, login_as, worker):
    login_as(Role.PEER_SUPPORT_LEAD)
    domain = CompetenceDomainFactory(name="Building relationships")
    done = CompetenceFactory(domain=domain, name="Listens without judging")
    CompetenceFactory(domain=domain, name="Keeps boundaries kind and clear")
    CompetenceAchievementFactory(peer_support_worker=worker, competence=done)

    page = client.get(sign_off(worker)).text

    assert '<optgroup label="Building relationships">' in page
    assert "Keeps boundaries kind and clear" in page
    assert "Listens without judging" not in page.split("<select")[1].split("</select>")[0]


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (TODAY + datetime.timedelta(days=1), "The date achieved must be today or in the past"),
        (datetime.date(2020, 1, 1), "The date achieved must be on or after their start date, 1 April 2021"),
    ],
)
def test_a_sign_off_date_outside_their_employment_is_refused(client, login_as, worker, day, message):
    login_as(Role.PEER_SUPPORT_LEAD)
    competence = CompetenceFactory()

    response = client.post(sign_off(worker), {"competence": competence.pk, **date_parts("achieved_on", day)})

    assert message in response.text
    assert not CompetenceAchievement.objects.exists()


def test_an_empty_sign_off_says_what_is_missing(client, login_as, worker):
    login_as(Role.PEER_SUPPORT_LEAD)

    page = client.post(sign_off(worker), {}).text

    assert "Choose the competence they have shown" in page
    assert "Enter the date they achieved the competence" in page


# --- The pathway page -----------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), answers(Role.PEER_SUPPORT_LEAD, Role.ADMIN))
def test_who_sees_the_pathway_page(client, login_as, role, status):
    login_as(role)

    assert client.get(PATHWAY).status_code == status


def make_ready(worker, senior):
    """Give `worker` everything the senior role asks for."""
    for course in senior.mandatory_courses.all():
        TrainingRecordFactory(peer_support_worker=worker, course=course)
    for competence in senior.required_competences.all():
        CompetenceAchievementFactory(peer_support_worker=worker, competence=competence)


def test_the_pathway_page_lists_who_is_ready_and_who_is_one_step_away(client, login_as, first_step, senior):
    login_as(Role.PEER_SUPPORT_LEAD)
    course = TrainingCourseFactory(name="Intentional Peer Support core training", mandatory_for=[senior])
    competence = CompetenceFactory(name="Leads a recovery group")
    senior.required_competences.add(competence)
    ready = PeerSupportWorkerFactory(full_name="Ada Ready", pathway_role=first_step)
    make_ready(ready, senior)
    nearly = PeerSupportWorkerFactory(full_name="Ned Nearly", pathway_role=first_step)
    TrainingRecordFactory(peer_support_worker=nearly, course=course)
    far = PeerSupportWorkerFactory(full_name="Fay Farther", pathway_role=first_step)
    gone = PeerSupportWorkerFactory(
        full_name="Len Left", pathway_role=first_step, status=PeerSupportWorkerStatus.LEFT, end_date=TODAY
    )
    make_ready(gone, senior)

    page = client.get(PATHWAY).text

    ready_section = page.split('id="ready"')[1].split('id="nearly-ready"')[0]
    nearly_section = page.split('id="nearly-ready"')[1].split('id="roles"')[0]
    assert "Ada Ready" in ready_section
    assert "Ned Nearly" in nearly_section and 'the competence "Leads a recovery group"' in nearly_section
    assert far.full_name not in page.split('id="roles"')[0]
    assert "Len Left" not in page
    assert "Intentional Peer Support core training" in page.split('id="roles"')[1]


def test_the_profile_and_the_pathway_page_agree_on_ready_to_progress(client, login_as, first_step, senior):
    login_as(Role.PEER_SUPPORT_LEAD)
    senior.required_competences.add(CompetenceFactory())
    worker = PeerSupportWorkerFactory(full_name="Ada Ready", pathway_role=first_step)
    make_ready(worker, senior)

    profile = client.get(reverse("workforce:person", args=[worker.pk])).text
    pathway = client.get(PATHWAY).text

    assert "Ready to progress" in profile
    assert "Ada Ready" in pathway.split('id="ready"')[1].split('id="nearly-ready"')[0]


def add_workforce(count: int, roles, courses, competences) -> None:
    """`count` people spread over the roles, with their training and one competence each."""
    workers = bulk_workforce(count, teams=[TeamFactory()], roles=roles, courses=courses)
    CompetenceAchievement.objects.bulk_create(
        CompetenceAchievement(
            peer_support_worker=worker, competence=competences[index % len(competences)], achieved_on=TODAY
        )
        for index, worker in enumerate(workers)
    )


def test_the_pathway_page_makes_the_same_queries_for_10_people_as_for_300(
    client, login_as, django_assert_num_queries, first_step, senior
):
    login_as(Role.PEER_SUPPORT_LEAD)
    roles = list(PathwayRole.objects.order_by("order"))
    courses = TrainingCourseFactory.create_batch(2, mandatory_for=roles[1:])
    competences = CompetenceFactory.create_batch(3)
    senior.required_competences.add(*competences)
    add_workforce(10, roles, courses, competences)
    with_10 = count_queries(client, PATHWAY)

    add_workforce(290, roles, courses, competences)

    with django_assert_num_queries(with_10):
        client.get(PATHWAY)
