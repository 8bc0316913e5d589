"""The pool health dashboard: figures checked against a small pool worked out by hand, who may
see it, and the same number of queries for 10 people as for 2,000."""

import datetime
from fractions import Fraction

import pytest
from django.urls import reverse
from django.utils import timezone

from involvement.models import LivedExperienceArea, Skill, Status
from peersupport.accounts.roles import Role
from tests.support.html import rows_of
from tests.support.roles import answers as role_answers
from together_network.models import ExpertByExperience, ExpertStatus, InvitationStatus
from together_network.selectors import health
from together_network.tests.data_support import (
    TODAY,
    bulk_invitations,
    bulk_pool,
    days_ago,
    invite,
    moment,
    network_request,
    queries_to_open,
)
from together_network.tests.factories import ExpertByExperienceFactory

pytestmark = pytest.mark.django_db

HEALTH = reverse("together_network:health")
HOUR = datetime.timedelta(hours=1)


def first_of(months_back: int) -> datetime.date:
    """The first day of the month `months_back` before this one."""
    index = TODAY.year * 12 + TODAY.month - 1 - months_back
    return datetime.date(index // 12, index % 12 + 1, 1)


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


@pytest.fixture
def pool():
    """Five people, worked out by hand (months counted back from this one, 0 is this month):

    A  active from the first of month 3.
    B  active from the first of month 1, left on the first of this month.
    C  active from the first of month 2, paused from the first of month 1 (in their history).
    E  active from month 1 and paused now, loaded in bulk: no history, so paused this month only.
    D  an applicant: never in the pool.
    """
    a = ExpertByExperienceFactory(full_name="A", active_from=first_of(3))
    b = ExpertByExperienceFactory(full_name="B", active_from=first_of(1), left_on=first_of(0), status="left")
    c = ExpertByExperienceFactory(full_name="C", active_from=first_of(2))
    c.status = ExpertStatus.PAUSED
    c.save()
    created, paused = ExpertByExperience.history.filter(id=c.pk).order_by("history_date", "history_id")
    ExpertByExperience.history.filter(history_id=created.history_id).update(history_date=at(first_of(2)))
    ExpertByExperience.history.filter(history_id=paused.history_id).update(history_date=at(first_of(1)))
    (e,) = ExpertByExperience.objects.bulk_create(
        [ExpertByExperience(full_name="E", email="e@example.org", status="paused", active_from=first_of(1))]
    )
    ExpertByExperienceFactory(full_name="D", status="applicant", onboarding_complete=False, active_from=None)
    return {"A": a, "B": b, "C": c, "E": e}


def test_pool_size_joiners_leavers_and_paused_by_month_match_the_hand_count(pool):
    months = health.pool_by_month()
    assert len(months) == 24
    figures = [(m.in_pool, m.active, m.paused, m.joiners, m.leavers) for m in months[-5:]]
    assert figures == [
        (0, 0, 0, 0, 0),  # month 4: nobody yet
        (1, 1, 0, 1, 0),  # month 3: A joins
        (2, 2, 0, 1, 0),  # month 2: C joins
        (4, 3, 1, 2, 0),  # month 1: B and E join; C paused (E's pause is not in any history)
        (3, 1, 2, 0, 1),  # this month: B left; C paused, E paused now
    ]
    assert [m.first_day for m in months[-2:]] == [first_of(1), first_of(0)]
    assert months[-1].end == TODAY


def test_places_are_spread_as_worked_out_by_hand(pool):
    """Places in the last 12 months: A 3, B 1, C 0, E 0 → bands 0:2, 1:1, 3-5:1; the busiest 20%
    (1 person, A) held 3 of 4; Gini of [0, 0, 1, 3] = 20 / 32 = 0.625."""
    a, b, c, e = pool["A"], pool["B"], pool["C"], pool["E"]
    past = [network_request(on=days_ago(days), status=Status.COMPLETED) for days in (10, 40, 70, 100)]
    for request in past[:3]:
        invite(a, request, status=InvitationStatus.ACCEPTED, invited=moment(120), wait=HOUR)
    invite(b, past[3], status=InvitationStatus.ACCEPTED, invited=moment(120), wait=HOUR)
    invite(c, past[0], status=InvitationStatus.DECLINED, invited=moment(120), wait=HOUR)
    invite(e, past[1], status=InvitationStatus.WITHDRAWN, invited=moment(120), wait=HOUR)
    invite(a, network_request(on=days_ago(400)), status=InvitationStatus.ACCEPTED, invited=moment(410), wait=HOUR)
    invite(a, network_request(on=days_ago(-10)), status=InvitationStatus.ACCEPTED, invited=moment(1), wait=HOUR)

    spread = health.opportunity_spread()
    assert (spread.people, spread.places) == (4, 4)
    assert spread.bands == [("0", 2), ("1", 1), ("2", 0), ("3 to 5", 1), ("6 or more", 0)]
    assert (spread.busiest_people, spread.busiest_share_percent) == (1, 75)
    assert health._gini([(0, 2), (1, 1), (3, 1)]) == Fraction(5, 8)
    assert spread.gini == pytest.approx(0.625, abs=0.006)
    assert "unevenly" in spread.gini_in_words or "concentrated" in spread.gini_in_words


def test_gini_is_zero_when_even_and_near_one_when_one_person_has_everything():
    assert health._gini([(2, 10)]) == 0
    assert health._gini([(0, 9), (10, 1)]) == Fraction(9, 10)
    assert health._gini([(0, 5)]) is None


def test_answer_rates_and_the_median_time_to_answer_match_the_hand_count(pool):
    """Sent in the last 12 months: 8. Answered: 7 (one unanswered). Said yes: 6 (one declined).
    Timed (not the place given up): 0.5, 1, 3, 5, 24 and 48 hours: the median is 4 hours."""
    a, b, c, e = pool["A"], pool["B"], pool["C"], pool["E"]
    requests = [network_request(on=days_ago(5 + n), status=Status.COMPLETED) for n in range(7)]
    invite(a, requests[0], status=InvitationStatus.ACCEPTED, invited=moment(30), wait=48 * HOUR)
    invite(a, requests[1], status=InvitationStatus.ACCEPTED, invited=moment(30), wait=HOUR)
    invite(a, requests[2], status=InvitationStatus.WAITING, invited=moment(30), wait=5 * HOUR)
    invite(b, requests[3], status=InvitationStatus.ACCEPTED, invited=moment(30), wait=3 * HOUR)
    invite(c, requests[4], status=InvitationStatus.DECLINED, invited=moment(30), wait=24 * HOUR)
    invite(e, requests[5], status=InvitationStatus.INVITED, invited=moment(30))
    invite(e, requests[6], status=InvitationStatus.WITHDRAWN, invited=moment(30), wait=200 * HOUR)
    invite(a, network_request(on=days_ago(-9)), status=InvitationStatus.ACCEPTED, invited=moment(2), wait=HOUR / 2)
    invite(b, network_request(on=days_ago(390)), status=InvitationStatus.DECLINED, invited=moment(400), wait=HOUR)

    answers = health.answers()
    assert (answers.sent, answers.answered, answers.said_yes) == (8, 7, 6)
    assert (answers.answered_percent, answers.said_yes_percent) == (88, 86)
    assert answers.median_time_to_answer == 4 * HOUR
    assert answers.median_in_words == "4 hours"


def test_recruitment_gaps_list_what_was_asked_for_and_not_offered_first():
    """Psychosis: asked by 2 (one expired), offered by A. Anxiety: asked by 2 (one open past its
    date), offered by nobody who can be asked. Writing: asked by 1, offered by nobody.
    Interviewing: asked by 1 (filled), offered by A. Old, unapproved requests do not count."""
    areas = {area.name: area for area in LivedExperienceArea.objects.all()}
    skills = {skill.name: skill for skill in Skill.objects.all()}
    ExpertByExperienceFactory(lived_experience_areas=[areas["Psychosis"]], skills=[skills["Interviewing"]])
    ExpertByExperienceFactory(status="paused", lived_experience_areas=[areas["Anxiety"]])
    ExpertByExperienceFactory(consent_review_due=days_ago(1), lived_experience_areas=[areas["Anxiety"]])
    ExpertByExperienceFactory(onboarding_complete=False, skills=[skills["Writing"]])
    network_request(on=days_ago(20), status=Status.FILLED, areas=["Psychosis"], skills=["Interviewing"])
    network_request(on=days_ago(30), status=Status.EXPIRED, areas=["Psychosis"])
    network_request(on=days_ago(2), status=Status.OPEN, areas=["Anxiety"])
    network_request(on=days_ago(-20), status=Status.OPEN, areas=["Anxiety"], skills=["Writing"])
    network_request(on=days_ago(400), status=Status.EXPIRED, areas=["Psychosis"])
    network_request(on=days_ago(-20), status=Status.DRAFT, areas=["Psychosis"], approved=False)

    gaps = health.recruitment_gaps()
    top = [(row.name, row.asked, row.offered, row.unfilled, row.is_gap) for row in gaps[:4]]
    assert top == [
        ("Anxiety", 2, 0, 1, True),
        ("Psychosis", 2, 1, 1, True),
        ("Writing", 1, 0, 0, True),
        ("Interviewing", 1, 1, 0, False),
    ]
    assert len(gaps) == LivedExperienceArea.objects.count() + Skill.objects.count()
    assert all(row.asked == 0 for row in gaps[4:])


def test_the_dashboard_shows_the_figures_with_its_charts_and_tables(client, login_as, pool):
    login_as(Role.NETWORK_COORDINATOR)
    response = client.get(HEALTH)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("app-chart__svg") == 2  # two charts, each with its table
    assert f"{first_of(0):%B %Y} (to today) 3 1 2 0 1" in rows_of(html)
    assert "3 people in the pool today: 1 active and 2 paused." in html


@pytest.mark.parametrize(("role", "status"), role_answers(Role.NETWORK_COORDINATOR, Role.ADMIN))
def test_only_coordinators_and_admins_see_pool_health(client, login_as, role, status):
    login_as(role)
    assert client.get(HEALTH).status_code == status


def test_the_dashboard_makes_the_same_queries_for_10_people_as_for_2000(client, login_as):
    login_as(Role.NETWORK_COORDINATOR)
    areas, skills = list(LivedExperienceArea.objects.all()[:5]), list(Skill.objects.all()[:3])
    people = bulk_pool(10, areas=areas, skills=skills)
    bulk_invitations(people)
    client.get(HEALTH)  # warm the session and content types
    with_10 = queries_to_open(client, HEALTH)

    people = bulk_pool(1990, areas=areas, skills=skills)
    bulk_invitations(people)
    assert ExpertByExperience.objects.count() == 2000
    assert queries_to_open(client, HEALTH) == with_10
    assert client.get(HEALTH).context["answers"].sent > 3000
