"""Rule 5: coordinators see experts by experience ranked for a request, with the reasons, and invite several.

The ranking is read through `matching.ranked_experts`, which the match page pages through; the
page itself is checked for who may open it, what it says, what inviting does and its query count.
"""

import datetime
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from involvement.models import InvolvementRequest, Mode, RequestEvent, Status
from involvement.services import requests as services
from involvement.tests.factories import approved_request, days_from_today, submitted_request
from notifications.models import Notification
from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory
from together_network.models import ExpertStatus, Invitation, InvitationStatus, PartOfDay, Weekday, availability_bit
from together_network.selectors import matching
from together_network.services import invitations
from together_network.tests.factories import ExpertByExperienceFactory, LivedExperienceAreaFactory, SkillFactory

pytestmark = pytest.mark.django_db

W = matching.WEIGHTS


def next_weekday(weekday: int, at_least_days: int = 21) -> datetime.date:
    """The first `weekday` at least `at_least_days` from today: far enough ahead to invite for."""
    day = days_from_today(at_least_days)
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


WEDNESDAY = Weekday.WEDNESDAY


def expert(name: str, **fields):
    return ExpertByExperienceFactory(full_name=name, **fields)


def ranked(request: InvolvementRequest) -> list:
    return list(matching.ranked_experts(request=request))


def names(people) -> list[str]:
    return [person.full_name for person in people]


def by_name(people) -> dict:
    return {person.full_name: person for person in people}


@pytest.fixture
def coordinator():
    return UserFactory(roles=[Role.NETWORK_COORDINATOR])


def book(person, *, on: datetime.date, coordinator) -> Invitation:
    """Give `person` an accepted place at another activity on `on`, through the services.

    An activity in the past is then completed by its requester, as it would be in real life.
    """
    today = timezone.localdate()
    fields = {"activity_date": on, "places_needed": 1}
    if on <= today:
        fields["closing_date"] = today
    other = approved_request(**fields)
    [invitation] = invitations.invitations_send(request_id=other.pk, expert_ids=[person.pk], by=coordinator)
    accepted = invitations.invitation_accept(invitation_id=invitation.pk)
    assert accepted.status == InvitationStatus.ACCEPTED
    if on <= today:
        services.request_complete(request_id=other.pk, by=other.requester)
    return accepted


# --- Who can be asked ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("why", "fields"),
    [
        ("applicant", {"status": ExpertStatus.APPLICANT}),
        ("paused", {"status": ExpertStatus.PAUSED}),
        ("left", {"status": ExpertStatus.LEFT}),
        ("onboarding not finished", {"onboarding_complete": False}),
        ("consent review overdue", {"consent_review_due": days_from_today(-1)}),
        ("no consent recorded", {"consent_review_due": None}),
    ],
)
def test_people_who_cannot_be_asked_are_not_ranked(why, fields):
    request = approved_request()
    expert("Can Be Asked")
    expert(f"Not ranked: {why}", **fields)

    assert names(ranked(request)) == ["Can Be Asked"]


def test_consent_due_for_review_today_is_still_current():
    request = approved_request()
    expert("Review Due Today", consent_review_due=timezone.localdate())

    assert names(ranked(request)) == ["Review Due Today"]


def test_people_already_invited_are_not_ranked_again_whatever_they_answered(coordinator):
    request = approved_request(places_needed=3)
    invited, declined, accepted = expert("Invited"), expert("Declined"), expert("Accepted")
    expert("Not Yet Asked")
    sent = {
        invitation.expert.full_name: invitation
        for invitation in invitations.invitations_send(
            request_id=request.pk, expert_ids=[invited.pk, declined.pk, accepted.pk], by=coordinator
        )
    }
    invitations.invitation_decline(invitation_id=sent["Declined"].pk)
    invitations.invitation_accept(invitation_id=sent["Accepted"].pk)

    assert names(ranked(request)) == ["Not Yet Asked"]


def test_an_invitation_to_another_request_does_not_hide_a_person(coordinator):
    request, other = approved_request(), approved_request()
    person = expert("Asked Elsewhere")
    invitations.invitations_send(request_id=other.pk, expert_ids=[person.pk], by=coordinator)

    assert names(ranked(request)) == ["Asked Elsewhere"]


# --- What the request wants -----------------------------------------------------------------------


def test_people_offering_more_of_the_areas_and_skills_wanted_rank_higher():
    psychosis, self_harm, eating = (LivedExperienceAreaFactory(name=n) for n in ("Psychosis", "Self-harm", "Eating"))
    interviewing, reviewing = SkillFactory(name="Interviewing"), SkillFactory(name="Reviewing documents")
    request = approved_request(lived_experience_areas=[psychosis, self_harm], skills=[interviewing, reviewing])
    expert("Aled Nothing Wanted", lived_experience_areas=[eating])
    expert("Bea One Skill", skills=[reviewing])
    expert("Cai One Area", lived_experience_areas=[psychosis, eating])
    expert("Dee Both Areas", lived_experience_areas=[psychosis, self_harm])
    expert("Eve Everything", lived_experience_areas=[psychosis, self_harm, eating], skills=[interviewing, reviewing])

    people = ranked(request)

    assert names(people) == ["Eve Everything", "Dee Both Areas", "Cai One Area", "Bea One Skill", "Aled Nothing Wanted"]
    found = {person.full_name: (person.area_matches, person.skill_matches) for person in people}
    assert found == {
        "Eve Everything": (2, 2),
        "Dee Both Areas": (2, 0),
        "Cai One Area": (1, 0),
        "Bea One Skill": (0, 1),
        "Aled Nothing Wanted": (0, 0),
    }


def test_a_request_that_asks_for_no_areas_or_skills_still_ranks_everyone():
    request = approved_request()
    expert("Has Areas", lived_experience_areas=[LivedExperienceAreaFactory(name="Psychosis")])
    expert("Has Skills", skills=[SkillFactory(name="Interviewing")])

    people = by_name(ranked(request))

    assert set(people) == {"Has Areas", "Has Skills"}
    assert {(person.area_matches, person.skill_matches) for person in people.values()} == {(0, 0)}


@pytest.mark.parametrize(
    ("start", "part_of_day"),
    [
        (datetime.time(9, 30), PartOfDay.MORNING),
        (datetime.time(11, 59), PartOfDay.MORNING),
        (datetime.time(12, 0), PartOfDay.AFTERNOON),
        (datetime.time(16, 59), PartOfDay.AFTERNOON),
        (datetime.time(17, 0), PartOfDay.EVENING),
        (datetime.time(19, 30), PartOfDay.EVENING),
    ],
)
def test_people_free_on_that_weekday_and_part_of_day_rank_above_those_who_are_not(start, part_of_day):
    request = approved_request(activity_date=next_weekday(WEDNESDAY), start_time=start)
    other_parts = [part for part in PartOfDay if part != part_of_day]
    expert("Aled Free Other Times", availability=sum(availability_bit(WEDNESDAY, part) for part in other_parts))
    expert("Bea Free Thursday", availability=availability_bit(Weekday.THURSDAY, part_of_day))
    expert("Cai Never Free", availability=0)
    expert(
        "Zoe Free Then",
        availability=availability_bit(WEDNESDAY, part_of_day) | availability_bit(Weekday.FRIDAY, PartOfDay.MORNING),
    )

    people = ranked(request)

    assert names(people)[0] == "Zoe Free Then"
    assert {person.full_name: person.is_available for person in people} == {
        "Zoe Free Then": 1,
        "Aled Free Other Times": 0,
        "Bea Free Thursday": 0,
        "Cai Never Free": 0,
    }


@pytest.mark.parametrize(
    ("mode", "unsuited"),
    [(Mode.ONLINE, {"available_online": False}), (Mode.IN_PERSON, {"available_in_person": False})],
)
def test_people_happy_with_the_mode_rank_above_those_who_are_not(mode, unsuited):
    request = approved_request(mode=mode)
    expert("Aled Prefers Not", **unsuited)
    expert("Zoe Happy Either Way", available_online=True, available_in_person=True)

    people = ranked(request)

    assert names(people) == ["Zoe Happy Either Way", "Aled Prefers Not"]
    assert [person.mode_fits for person in people] == [1, 0]


def test_the_score_adds_up_each_reason_with_its_weight():
    psychosis, self_harm = LivedExperienceAreaFactory(name="Psychosis"), LivedExperienceAreaFactory(name="Self-harm")
    interviewing = SkillFactory(name="Interviewing")
    activity_date = next_weekday(WEDNESDAY)
    request = approved_request(
        lived_experience_areas=[psychosis, self_harm],
        skills=[interviewing],
        activity_date=activity_date,
        start_time=datetime.time(14, 0),
        mode=Mode.IN_PERSON,
    )
    expert(
        "Full Match",
        lived_experience_areas=[psychosis, self_harm],
        skills=[interviewing],
        availability=availability_bit(WEDNESDAY, PartOfDay.AFTERNOON),
        available_in_person=True,
    )
    expert("Online Only", lived_experience_areas=[self_harm], available_in_person=False)

    people = by_name(ranked(request))

    full, online_only = people["Full Match"], people["Online Only"]
    assert (full.area_matches, full.skill_matches, full.is_available, full.mode_fits) == (2, 1, 1, 1)
    assert full.has_clash is False
    assert full.score == 2 * W["area"] + W["skill"] + W["available"] + W["mode"]
    assert (online_only.area_matches, online_only.skill_matches, online_only.is_available) == (1, 0, 0)
    assert online_only.mode_fits == 0
    assert online_only.score == W["area"]


# --- Clashes and fairness ---------------------------------------------------------------------------


def test_a_person_already_booked_that_day_sinks_below_everyone(coordinator):
    psychosis = LivedExperienceAreaFactory(name="Psychosis")
    interviewing = SkillFactory(name="Interviewing")
    activity_date = next_weekday(WEDNESDAY)
    request = approved_request(lived_experience_areas=[psychosis], skills=[interviewing], activity_date=activity_date)
    busy = expert(
        "Aled Booked That Day",
        lived_experience_areas=[psychosis],
        skills=[interviewing],
        availability=availability_bit(WEDNESDAY, PartOfDay.MORNING),
    )
    book(busy, on=activity_date, coordinator=coordinator)
    expert("Zoe Matches Nothing", available_online=False, available_in_person=False)

    people = ranked(request)

    assert names(people) == ["Zoe Matches Nothing", "Aled Booked That Day"]
    booked, nothing = people[1], people[0]
    assert booked.has_clash is True
    assert nothing.has_clash is False
    assert nothing.score == 0
    assert booked.score == W["area"] + W["skill"] + W["available"] + W["mode"] - matching.CLASH_PENALTY
    assert booked.score < nothing.score


def test_a_booking_on_another_day_or_an_unanswered_invitation_that_day_is_no_clash(coordinator):
    activity_date = next_weekday(WEDNESDAY)
    request = approved_request(activity_date=activity_date)
    booked_next_day = expert("Booked The Next Day")
    book(booked_next_day, on=activity_date + datetime.timedelta(days=1), coordinator=coordinator)
    only_invited = expert("Only Invited That Day")
    same_day = approved_request(activity_date=activity_date)
    invitations.invitations_send(request_id=same_day.pk, expert_ids=[only_invited.pk], by=coordinator)

    people = by_name(ranked(request))

    assert people["Booked The Next Day"].has_clash is False
    assert people["Only Invited That Day"].has_clash is False


def test_a_person_waiting_for_a_place_that_day_has_no_clash(coordinator):
    activity_date = next_weekday(WEDNESDAY)
    request = approved_request(activity_date=activity_date)
    same_day = approved_request(activity_date=activity_date, places_needed=1)
    first, waiting = expert("Took The Place"), expert("Waiting That Day")
    sent = invitations.invitations_send(request_id=same_day.pk, expert_ids=[first.pk, waiting.pk], by=coordinator)
    by_expert = {invitation.expert_id: invitation for invitation in sent}
    invitations.invitation_accept(invitation_id=by_expert[first.pk].pk)
    assert invitations.invitation_accept(invitation_id=by_expert[waiting.pk].pk).status == InvitationStatus.WAITING

    people = by_name(ranked(request))

    assert people["Took The Place"].has_clash is True
    assert people["Waiting That Day"].has_clash is False


def test_a_place_at_a_cancelled_activity_is_no_clash(coordinator):
    activity_date = next_weekday(WEDNESDAY)
    request = approved_request(activity_date=activity_date)
    person = expert("Was Booked That Day")
    invitation = book(person, on=activity_date, coordinator=coordinator)
    services.request_cancel(request_id=invitation.request_id, by=invitation.request.requester, reason="Room lost")

    [ranked_person] = ranked(request)

    assert ranked_person.has_clash is False


def test_a_place_at_an_activity_that_was_cancelled_is_not_a_recent_activity(coordinator):
    request = approved_request()
    person = expert("Place Was Cancelled")
    called_off = approved_request(activity_date=days_from_today(-10), closing_date=timezone.localdate())
    [invitation] = invitations.invitations_send(request_id=called_off.pk, expert_ids=[person.pk], by=coordinator)
    invitations.invitation_accept(invitation_id=invitation.pk)
    services.request_cancel(request_id=called_off.pk, by=called_off.requester, reason="The room was lost")

    [ranked_person] = ranked(request)

    assert ranked_person.recent_activities == 0


def test_among_equal_scores_fewer_activities_in_the_last_90_days_come_first(coordinator):
    request = approved_request()
    # Alphabetical order would put the busiest person first: fairness must outweigh it.
    busiest, busy = expert("Aled Busiest"), expert("Bea Busy")
    expert("Zoe Idle")
    for days_ago in (10, 40, 80):
        book(busiest, on=days_from_today(-days_ago), coordinator=coordinator)
    book(busy, on=days_from_today(-20), coordinator=coordinator)

    people = ranked(request)

    assert names(people) == ["Zoe Idle", "Bea Busy", "Aled Busiest"]
    assert [person.recent_activities for person in people] == [0, 1, 3]
    assert len({person.score for person in people}) == 1


def test_recent_activities_count_places_taken_in_the_last_90_days_only(coordinator):
    request = approved_request()
    person = expert("Counted")
    book(person, on=days_from_today(-90), coordinator=coordinator)
    book(person, on=days_from_today(-30), coordinator=coordinator)
    book(person, on=days_from_today(-91), coordinator=coordinator)
    book(person, on=days_from_today(-200), coordinator=coordinator)
    # Invited but declined, in the window: not an activity.
    declined_request = approved_request(activity_date=days_from_today(-5), closing_date=timezone.localdate())
    [declined] = invitations.invitations_send(request_id=declined_request.pk, expert_ids=[person.pk], by=coordinator)
    invitations.invitation_decline(invitation_id=declined.pk)

    [ranked_person] = ranked(request)

    assert ranked_person.recent_activities == 2


def test_fairness_only_breaks_ties_and_never_outranks_a_better_match(coordinator):
    psychosis = LivedExperienceAreaFactory(name="Psychosis")
    request = approved_request(lived_experience_areas=[psychosis])
    busy_match = expert("Busy Match", lived_experience_areas=[psychosis])
    for days_ago in (5, 15, 25):
        book(busy_match, on=days_from_today(-days_ago), coordinator=coordinator)
    expert("Idle No Match")

    assert names(ranked(request)) == ["Busy Match", "Idle No Match"]


# --- The match page -------------------------------------------------------------------------------------


def match_url(request) -> str:
    return reverse("together_network:match", args=[request.pk])


@pytest.fixture
def open_request():
    """An open network request on a Wednesday morning, wanting one area and one skill."""
    return approved_request(
        title="Ward manager interview panel",
        activity_date=next_weekday(WEDNESDAY),
        start_time=datetime.time(10, 0),
        lived_experience_areas=[LivedExperienceAreaFactory(name="Psychosis")],
        skills=[SkillFactory(name="Interviewing")],
    )


def test_coordinators_can_open_the_match_page(client, login_as, open_request):
    login_as(Role.NETWORK_COORDINATOR)

    response = client.get(match_url(open_request))

    assert response.status_code == 200
    assert "Ward manager interview panel" in response.content.decode()


@pytest.mark.parametrize(
    "who", ["the requester", "the team lead who approved it", "a peer support worker", "an expert"]
)
def test_only_coordinators_can_open_the_match_page(client, login_as, open_request, who):
    if who == "the requester":
        client.force_login(open_request.requester)
    elif who == "the team lead who approved it":
        client.force_login(open_request.team_approved_by)
    elif who == "a peer support worker":
        login_as(Role.PEER_SUPPORT_WORKER)
    else:
        ExpertByExperienceFactory(user=login_as(Role.EXPERT_BY_EXPERIENCE))

    assert client.get(match_url(open_request)).status_code == 403
    assert client.post(match_url(open_request), {"expert": [expert("Someone").pk]}).status_code == 403
    assert not Invitation.objects.exists()


def test_coordinators_cannot_match_a_request_that_is_not_yet_approved(client, login_as):
    login_as(Role.NETWORK_COORDINATOR)
    waiting = submitted_request()

    assert client.get(match_url(waiting)).status_code == 403


def test_the_match_page_for_a_missing_request_is_not_found(client, login_as):
    login_as(Role.NETWORK_COORDINATOR)

    assert client.get(reverse("together_network:match", args=[999999])).status_code == 404


def table_rows(response) -> dict[str, str]:
    """Each ranked person's table row as plain text (tags kept), keyed by their name."""
    html = re.sub(r"\s+", " ", response.content.decode())
    rows = re.findall(r'<tr class="nhsuk-table__row">(.*?)</tr>', html)
    return {
        row["expert"].full_name: next(text for text in rows if row["expert"].full_name in text)
        for row in response.context["rows"]
    }


def test_the_match_page_says_why_each_person_is_there(client, login_as, open_request):
    coordinator = login_as(Role.NETWORK_COORDINATOR)
    psychosis = open_request.lived_experience_areas.get()
    eating_disorders = LivedExperienceAreaFactory(name="Eating disorders")
    expert(
        "Ffion Good Match",
        lived_experience_areas=[psychosis, eating_disorders],
        skills=[open_request.skills.get()],
        availability=availability_bit(WEDNESDAY, PartOfDay.MORNING),
    )
    twice_lately = expert("Gwen Twice Lately", availability=availability_bit(Weekday.THURSDAY, PartOfDay.MORNING))
    book(twice_lately, on=days_from_today(-10), coordinator=coordinator)
    book(twice_lately, on=days_from_today(-50), coordinator=coordinator)
    clashing = expert("Huw Booked That Day", available_online=False)
    book(clashing, on=open_request.activity_date, coordinator=coordinator)

    response = client.get(match_url(open_request))

    assert [row["expert"].full_name for row in response.context["rows"]] == [
        "Ffion Good Match",
        "Gwen Twice Lately",
        "Huw Booked That Day",
    ]
    assert response.context["rows"][0]["areas"]["covered"] == [psychosis]
    assert eating_disorders not in response.context["rows"][0]["areas"]["covered"]
    rows = table_rows(response)
    good = rows["Ffion Good Match"]
    assert "Lived experience: 1 of the 1 area wanted (Psychosis)" in good
    assert "Skills: 1 of the 1 skill wanted (Interviewing)" in good
    assert "Usually free Wednesday at that time" in good
    assert "Happy to take part online" in good
    assert "Already booked" not in good
    assert "0 activities in the last 90 days" in good
    assert f">{W['area'] + W['skill'] + W['available'] + W['mode']}</td>" in good
    lately = rows["Gwen Twice Lately"]
    assert "Lived experience: none of the 1 area wanted" in lately
    assert "Not usually free Wednesday at that time" in lately
    assert "2 activities in the last 90 days" in lately
    booked = rows["Huw Booked That Day"]
    assert "Prefers not to take part online" in booked
    assert "<strong>Already booked on this day</strong>" in booked
    assert f">{-matching.CLASH_PENALTY}</td>" in booked


def test_coordinators_invite_several_people_at_once(client, login_as, open_request, django_capture_on_commit_callbacks):
    coordinator = login_as(Role.NETWORK_COORDINATOR)
    chosen = [expert("Aled Chosen"), expert("Bea Chosen")]
    expert("Cai Not Chosen")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(match_url(open_request), {"expert": [person.pk for person in chosen]})

    assert response.status_code == 302
    assert response.url == match_url(open_request)
    sent = list(Invitation.objects.filter(request=open_request).select_related("expert"))
    assert sorted(invitation.expert.full_name for invitation in sent) == ["Aled Chosen", "Bea Chosen"]
    assert {(invitation.status, invitation.invited_by_id) for invitation in sent} == {
        (InvitationStatus.INVITED, coordinator.pk)
    }
    notified = Notification.objects.filter(event="invited").order_by("recipient_email")
    assert [(row.recipient_email, row.object_key) for row in notified] == sorted(
        (invitation.expert.email, f"together_network.invitation:{invitation.pk}") for invitation in sent
    )
    assert sorted(message.to[0] for message in mail.outbox) == sorted(person.email for person in chosen)
    assert all("/network/invitations/answer/" in message.body for message in mail.outbox)
    event = RequestEvent.objects.filter(request=open_request).last()
    assert (event.from_status, event.to_status, event.actor) == (Status.OPEN, Status.OPEN, coordinator)
    assert event.note == "Invited 2 experts by experience"

    followed = client.get(response.url)

    assert "2 invitations sent." in followed.content.decode()
    assert [row["expert"].full_name for row in followed.context["rows"]] == ["Cai Not Chosen"]
    assert sorted(invitation.expert.full_name for invitation in followed.context["invitations"]) == [
        "Aled Chosen",
        "Bea Chosen",
    ]


def test_inviting_nobody_asks_the_coordinator_to_choose(client, login_as, open_request):
    login_as(Role.NETWORK_COORDINATOR)
    expert("Someone")

    response = client.post(match_url(open_request), {}, follow=True)

    assert "Select at least one person to invite." in response.content.decode()
    assert not Invitation.objects.exists()
    assert not RequestEvent.objects.filter(request=open_request, note__startswith="Invited").exists()


def pool(size: int, *, area, skill) -> None:
    for number in range(size):
        expert(
            f"Pool Member {number:04d}",
            lived_experience_areas=[area] if number % 2 else [],
            skills=[skill] if number % 3 else [],
            availability=availability_bit(WEDNESDAY, PartOfDay.MORNING) if number % 4 else 0,
        )


def test_the_match_page_makes_the_same_number_of_queries_for_10_or_200_people(
    client, login_as, open_request, django_assert_num_queries
):
    coordinator = login_as(Role.NETWORK_COORDINATOR)
    area, skill = open_request.lived_experience_areas.get(), open_request.skills.get()
    pool(10, area=area, skill=skill)
    already = [expert("Already Invited 1"), expert("Already Invited 2")]
    invitations.invitations_send(request_id=open_request.pk, expert_ids=[p.pk for p in already], by=coordinator)
    url = match_url(open_request)
    client.get(url)  # warm up: sessions, content types and the like
    with CaptureQueriesContext(connection) as small_pool:
        response = client.get(url)
    assert len(response.context["rows"]) == 10

    pool(200, area=area, skill=skill)
    with django_assert_num_queries(len(small_pool.captured_queries)):
        response = client.get(url)

    assert len(response.context["rows"]) == 25
    assert response.context["page"].paginator.count == 210


def test_each_name_on_the_match_page_links_to_the_persons_record(client, login_as, open_request):
    login_as(Role.NETWORK_COORDINATOR)
    person = expert("Iolo Linked")

    response = client.get(match_url(open_request))

    assert f'href="{reverse("together_network:expert", args=[person.pk])}">Iolo Linked</a>' in response.content.decode()


def test_no_skills_line_when_the_request_asks_for_no_skills(client, login_as):
    login_as(Role.NETWORK_COORDINATOR)
    anxiety, low_mood = LivedExperienceAreaFactory(name="Anxiety"), LivedExperienceAreaFactory(name="Low mood")
    request = approved_request(
        title="Leaflet review", activity_date=next_weekday(WEDNESDAY), lived_experience_areas=[anxiety, low_mood]
    )
    expert("Jac Anxious", lived_experience_areas=[anxiety, LivedExperienceAreaFactory(name="Psychosis")])

    row = table_rows(client.get(match_url(request)))["Jac Anxious"]

    assert "Lived experience: 1 of the 2 areas wanted (Anxiety)" in row
    assert "Skills:" not in row


def test_ticks_are_kept_when_the_coordinator_moves_between_pages(
    client, login_as, open_request, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from together_network.views import invitations as invitation_views

    monkeypatch.setattr(invitation_views, "MATCHES_PER_PAGE", 2)
    login_as(Role.NETWORK_COORDINATOR)
    for name in ("Person A", "Person B", "Person C", "Person D"):
        expert(name)
    first = client.get(match_url(open_request))
    first_page = [row["expert"] for row in first.context["rows"]]

    # Tick the first person on page 1, then go to page 2.
    moved = client.post(
        match_url(open_request),
        {"shown": [person.pk for person in first_page], "expert": [first_page[0].pk], "show_page": "2"},
    )
    assert moved.status_code == 302
    assert moved.url == f"{match_url(open_request)}?page=2"
    second = client.get(moved.url)
    second_page = [row["expert"] for row in second.context["rows"]]
    assert not any(row["selected"] for row in second.context["rows"])
    assert "1 person selected, 1 of them on other pages" in second.content.decode()

    # Back on page 1 the tick is still there.
    back = client.post(
        match_url(open_request),
        {"shown": [person.pk for person in second_page], "expert": [second_page[1].pk], "show_page": "1"},
    )
    again = client.get(back.url)
    assert [row["selected"] for row in again.context["rows"]] == [True, False]
    assert f'value="{first_page[0].pk}" checked' in again.content.decode()

    # Inviting from page 1 invites the people ticked on both pages, and clears the selection.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            match_url(open_request), {"shown": [person.pk for person in first_page], "expert": [first_page[0].pk]}
        )

    invited = set(Invitation.objects.filter(request=open_request).values_list("expert_id", flat=True))
    assert invited == {first_page[0].pk, second_page[1].pk}
    assert client.session.get(f"match-selection-{open_request.pk}") is None
