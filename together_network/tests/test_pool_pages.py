"""The pool's pages: who may open them, the list's filters, search and downloads, a person's record,
and the coordinator's forms with their error messages."""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from involvement.tests.factories import approved_request
from peersupport.accounts.roles import Role
from tests.support.roles import answers
from together_network.models import ExpertByExperience, ExpertStatus, OnboardingStep, PartOfDay, Weekday
from together_network.services import invitations
from together_network.services import pool as services
from together_network.tests.factories import LivedExperienceAreaFactory, SkillFactory
from together_network.tests.pool_support import (
    TODAY,
    active_expert,
    applicant,
    bulk_pool,
    date_parts,
    days_ago,
    days_ahead,
    make_coordinator,
    ready_applicant,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(db):
    return make_coordinator()


POOL = reverse("together_network:pool")
ADD = reverse("together_network:add_expert")


def record(expert) -> str:
    return reverse("together_network:expert", args=[expert.pk])


def page_of(expert, name: str) -> str:
    return reverse(f"together_network:{name}", args=[expert.pk])


RECORD_PAGES = ["change_expert", "record_step", "record_consent", "expert_activate", "expert_leave"]


# --- Who may open what -------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), answers(Role.NETWORK_COORDINATOR))
def test_only_coordinators_open_the_pool_and_its_downloads(client, login_as, coordinator, role, status):
    applicant(coordinator)
    login_as(role)

    for url in (POOL, POOL + "?format=csv", POOL + "?format=xlsx", ADD, reverse("together_network:invite_to_apply")):
        assert client.get(url).status_code == status, url


@pytest.mark.parametrize(("role", "status"), answers(Role.NETWORK_COORDINATOR))
def test_only_coordinators_open_a_record_and_its_forms(client, login_as, coordinator, role, status):
    expert = applicant(coordinator)
    login_as(role)

    for url in [record(expert)] + [page_of(expert, name) for name in RECORD_PAGES]:
        assert client.get(url).status_code == status, url


def test_a_person_sees_their_own_record_without_the_coordinators_actions(client, login_as, coordinator):
    user = login_as(Role.EXPERT_BY_EXPERIENCE)
    own = active_expert(coordinator, full_name="Ayo Bello")
    own.user = user
    own.save()
    someone_else = active_expert(coordinator)

    response = client.get(record(own))

    assert response.status_code == 200
    assert "Your Together network record" in response.content.decode()
    assert "Record an onboarding step" not in response.content.decode()
    assert client.get(record(someone_else)).status_code == 403
    assert client.get(page_of(own, "change_expert")).status_code == 403
    assert client.get(POOL).status_code == 403


@pytest.mark.parametrize("role", [Role.REQUESTER, Role.TEAM_LEAD])
def test_a_requester_or_team_lead_never_sees_the_pool_even_of_people_booked_for_them(
    client, login_as, coordinator, role
):
    staff = login_as(role)
    expert = active_expert(coordinator, full_name="Ayo Bello")
    activity = approved_request(requester=staff) if role == Role.REQUESTER else approved_request()
    [invitation] = invitations.invitations_send(request_id=activity.pk, expert_ids=[expert.pk], by=coordinator)
    invitations.invitation_accept(invitation_id=invitation.pk)

    for url in (POOL, POOL + "?format=csv", POOL + "?format=xlsx", record(expert)):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Ayo Bello" not in response.content.decode()


def test_a_missing_person_is_not_found(client, login_as):
    login_as(Role.NETWORK_COORDINATOR)

    assert client.get(reverse("together_network:expert", args=[999999])).status_code == 404


# --- The list ------------------------------------------------------------------------------------


def names_listed(response) -> list[str]:
    return [row.expert.full_name for row in response.context["rows"]]


@pytest.fixture
def pool_of_four(coordinator):
    """Four people who differ in every way the list filters on."""
    psychosis, trauma = LivedExperienceAreaFactory(name="Psychosis"), LivedExperienceAreaFactory(name="Trauma")
    writing = SkillFactory(name="Writing")
    ana = active_expert(
        coordinator,
        full_name="Ana Active",
        email="ana@example.net",
        lived_experience_areas=[psychosis],
        skills=[writing],
        availability_slots=[(Weekday.MONDAY, PartOfDay.MORNING)],
        available_in_person=False,
    )
    services.onboarding_step_record(expert=ana, step=OnboardingStep.DBS, completed_on=TODAY, by=coordinator)
    ben = applicant(
        coordinator,
        full_name="Ben Applicant",
        email="ben@work.example",
        lived_experience_areas=[trauma],
        availability_slots=[(Weekday.TUESDAY, PartOfDay.EVENING)],
        available_online=False,
    )
    cat = active_expert(coordinator, full_name="Cat Due", availability_slots=[(Weekday.MONDAY, PartOfDay.EVENING)])
    services.consent_record(expert=cat, given_on=TODAY, review_due=days_ahead(10), by=coordinator)
    dev = active_expert(coordinator, full_name="Dev Lapsed")
    ExpertByExperience.objects.filter(pk=dev.pk).update(consent_review_due=days_ago(2))
    return {"ana": ana, "ben": ben, "cat": cat, "dev": dev, "psychosis": psychosis, "writing": writing}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Ana Active", "Ben Applicant", "Cat Due", "Dev Lapsed"]),
        ("status=applicant", ["Ben Applicant"]),
        ("area={psychosis}", ["Ana Active"]),
        ("skill={writing}", ["Ana Active"]),
        ("weekday=0", ["Ana Active", "Cat Due"]),
        ("weekday=0&part_of_day=2", ["Cat Due"]),
        ("part_of_day=2", ["Ben Applicant", "Cat Due"]),
        ("mode=online", ["Ana Active", "Cat Due", "Dev Lapsed"]),
        ("mode=in_person", ["Ben Applicant", "Cat Due", "Dev Lapsed"]),
        ("onboarding=missing", ["Ben Applicant"]),
        ("onboarding=complete", ["Ana Active", "Cat Due", "Dev Lapsed"]),
        ("onboarding=dbs", ["Ben Applicant", "Cat Due", "Dev Lapsed"]),
        ("consent=due", ["Cat Due"]),
        ("consent=lapsed", ["Dev Lapsed"]),
        ("consent=none", ["Ben Applicant"]),
        ("q=work.example", ["Ben Applicant"]),
        ("q=due", ["Cat Due"]),
        ("status=nonsense&area=x&weekday=9&mode=bus", ["Ana Active", "Ben Applicant", "Cat Due", "Dev Lapsed"]),
        ("sort=consent", ["Dev Lapsed", "Cat Due", "Ana Active", "Ben Applicant"]),
    ],
)
def test_the_list_filters_searches_and_ignores_what_it_does_not_know(client, login_as, pool_of_four, query, expected):
    login_as(Role.NETWORK_COORDINATOR)
    query = query.format(psychosis=pool_of_four["psychosis"].pk, writing=pool_of_four["writing"].pk)

    response = client.get(f"{POOL}?{query}")

    assert names_listed(response) == expected


ODD_NUMBERS = {
    "too-large": "99999999999999999999999",
    "one-too-large": str(2**31),
    "negative": "-1",
    "decimal": "1.5",
    "superscript": "²",
    "5000-digits": "9" * 5000,
}


@pytest.mark.parametrize(
    ("name", "value"),
    [(name, value) for name in ("area", "skill", "weekday", "part_of_day") for value in ODD_NUMBERS.values()]
    + [("area", "0"), ("skill", "0")],
    ids=[f"{name}-{kind}" for name in ("area", "skill", "weekday", "part_of_day") for kind in ODD_NUMBERS]
    + ["area-zero", "skill-zero"],
)
def test_odd_numbers_in_the_filters_are_ignored_not_an_error(client, login_as, pool_of_four, name, value):
    login_as(Role.NETWORK_COORDINATOR)

    response = client.get(POOL, {name: value})

    assert response.status_code == 200
    assert names_listed(response) == ["Ana Active", "Ben Applicant", "Cat Due", "Dev Lapsed"]


def test_a_leaver_s_lapsed_consent_is_not_listed_for_review(client, login_as, coordinator, pool_of_four):
    login_as(Role.NETWORK_COORDINATOR)
    services.expert_leave(expert=pool_of_four["dev"], on=TODAY, by=coordinator)

    assert names_listed(client.get(f"{POOL}?consent=lapsed")) == []


def test_the_list_shows_gaps_and_consent_tags(client, login_as, pool_of_four):
    login_as(Role.NETWORK_COORDINATOR)

    content = client.get(POOL).content.decode()

    assert "To do: welcome conversation, induction, involvement agreement signed, training" in content
    assert '<strong class="nhsuk-tag nhsuk-tag--orange">Due</strong>' in content
    assert '<strong class="nhsuk-tag nhsuk-tag--red">Lapsed</strong>' in content
    assert "DBS check done" in content


def test_the_list_pages_by_25(client, login_as):
    login_as(Role.NETWORK_COORDINATOR)
    bulk_pool(30)

    first = client.get(POOL)
    second = client.get(f"{POOL}?page=2")

    assert len(first.context["rows"]) == 25
    assert len(second.context["rows"]) == 5
    assert "30 people" in first.content.decode()


def test_the_downloads_hold_the_filtered_list_with_text_made_safe(client, login_as, coordinator, pool_of_four):
    login_as(Role.NETWORK_COORDINATOR)
    services.expert_update(expert=pool_of_four["ana"], by=coordinator, pronouns="=HYPERLINK(1)")

    csv_response = client.get(f"{POOL}?format=csv&area={pool_of_four['psychosis'].pk}")
    xlsx_response = client.get(f"{POOL}?format=xlsx&area={pool_of_four['psychosis'].pk}")

    header, *rows = list(csv.reader(io.StringIO(csv_response.content.decode())))
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert row["Name"] == "Ana Active"
    assert row["Pronouns"] == "'=HYPERLINK(1)"
    assert row["Lived experience"] == "Psychosis"
    assert row["Usually free"] == "Monday morning"
    assert (row["Online"], row["In person"], row["DBS check"]) == ("Yes", "No", "Yes")
    assert row["Onboarding still to do"] == "Nothing"
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_response.content)).active
    assert [cell.value for cell in sheet[1]] == header
    assert sheet.max_row == 2
    assert sheet["B2"].value == "'=HYPERLINK(1)"


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "query", ["", "?status=active&onboarding=missing&consent=due&weekday=1&q=Bulk", "?onboarding=dbs&sort=consent"]
)
def test_the_list_takes_the_same_queries_for_10_or_2000_people(client, login_as, query):
    login_as(Role.NETWORK_COORDINATOR)
    areas = [LivedExperienceAreaFactory(name=f"Area {index}") for index in range(3)]
    skills = [SkillFactory(name=f"Skill {index}") for index in range(3)]
    bulk_pool(10, areas=areas, skills=skills)
    small = _queries(client, POOL + query)

    bulk_pool(1990, areas=areas, skills=skills)
    large = _queries(client, POOL + query)

    assert large == small


def test_the_download_takes_the_same_queries_for_10_or_2000_people(client, login_as):
    login_as(Role.NETWORK_COORDINATOR)
    areas = [LivedExperienceAreaFactory(name="Area")]
    bulk_pool(10, areas=areas)
    small = _queries(client, POOL + "?format=csv")

    bulk_pool(1990, areas=areas)
    large = _queries(client, POOL + "?format=csv")

    assert large == small


# --- A person's record -----------------------------------------------------------------------------


def test_the_record_shows_checklist_consent_invitations_and_history(client, login_as, coordinator):
    login_as(Role.NETWORK_COORDINATOR)
    expert = active_expert(
        coordinator,
        full_name="Ayo Bello",
        phone="07700 900123",
        reasonable_adjustments="Papers a week ahead",
        availability_slots=[(Weekday.FRIDAY, PartOfDay.AFTERNOON)],
    )
    activity = approved_request(title="Ward manager interviews")
    invitations.invitations_send(request_id=activity.pk, expert_ids=[expert.pk], by=coordinator)

    response = client.get(record(expert))
    content = response.content.decode()

    assert response.status_code == 200
    for text in ("07700 900123", "Papers a week ahead", "Ward manager interviews", "Made active", "Chloe Ward"):
        assert text in content, text
    checklist = {item["step"]: item["record"] for item in response.context["checklist"]}
    assert checklist[OnboardingStep.DBS] is None
    assert checklist[OnboardingStep.TRAINING].recorded_by == coordinator
    assert '<strong class="nhsuk-tag nhsuk-tag--grey">To do</strong>' in content  # the DBS check
    friday = next(row for row in response.context["availability"] if row["day"] == "Friday")
    assert friday["free"] == [False, True, False]
    assert [label for _url, label in response.context["moves"]] == ["Pause", "Record that they have left"]


def test_the_record_takes_the_same_queries_however_long_the_history(client, login_as, coordinator):
    login_as(Role.NETWORK_COORDINATOR)
    expert = active_expert(coordinator)
    small = _queries(client, record(expert))

    for number in range(15):
        services.expert_update(expert=expert, by=coordinator, phone=f"0770090{number:04d}")
    activity = approved_request()
    invitations.invitations_send(request_id=activity.pk, expert_ids=[expert.pk], by=coordinator)
    large = _queries(client, record(expert))

    assert large == small


# --- The coordinator's forms -------------------------------------------------------------------------


def test_adding_a_person_with_nothing_filled_in_says_what_is_missing(client, login_as):
    login_as(Role.NETWORK_COORDINATOR)

    response = client.post(ADD, {})

    content = response.content.decode()
    assert response.status_code == 200
    for message in ("Enter their full name", "Enter their email address", "Choose how they would like to be contacted"):
        assert message in content
    assert '<div class="nhsuk-error-summary"' in content


def test_a_coordinator_adds_a_person_from_the_form(client, login_as):
    login_as(Role.NETWORK_COORDINATOR)
    trauma = LivedExperienceAreaFactory(name="Trauma")

    response = client.post(
        ADD,
        {
            "full_name": "Ayo Bello",
            "email": "ayo@example.net",
            "preferred_contact": "email",
            "lived_experience_areas": [trauma.pk],
            "availability": ["0-0", "4-2"],
            "ways": ["online"],
            "payment_preference": "paid",
            "earnings_limit": "183.50",
            "earnings_limit_period": "week",
            **date_parts("joined_on", days_ago(2)),
        },
    )

    expert = ExpertByExperience.objects.get(full_name="Ayo Bello")
    assert response.status_code == 302 and response["Location"] == record(expert)
    assert expert.status == ExpertStatus.APPLICANT and expert.joined_on == days_ago(2)
    assert expert.availability_slots == [(0, 0), (4, 2)]
    assert (expert.available_online, expert.available_in_person) == (True, False)
    assert str(expert.earnings_limit) == "183.50"


def test_the_change_form_starts_from_their_details_and_shows_the_service_s_refusals(client, login_as, coordinator):
    login_as(Role.NETWORK_COORDINATOR)
    expert = applicant(coordinator, full_name="Ayo Bello", availability_slots=[(2, 1)])
    form = client.get(page_of(expert, "change_expert")).context["form"]
    assert form["full_name"].value() == "Ayo Bello"
    assert form["availability"].value() == ["2-1"]

    response = client.post(
        page_of(expert, "change_expert"),
        {
            "full_name": "Ayo Bello",
            "email": "ayo@example.net",
            "preferred_contact": "text",
            "ways": ["online"],
            "payment_preference": "paid",
        },
    )

    assert "Enter a phone number, or choose email as the way to be contacted" in response.content.decode()


def test_recording_a_step_offers_only_the_steps_not_done_and_checks_the_date(client, login_as, coordinator):
    login_as(Role.NETWORK_COORDINATOR)
    expert = applicant(coordinator, joined_on=days_ago(10))
    url = page_of(expert, "record_step")
    offered = [value for value, _label in client.get(url).context["form"].fields["step"].choices]
    assert OnboardingStep.APPLICATION not in offered and OnboardingStep.DBS in offered

    too_early = client.post(url, {"step": "induction", **date_parts("completed_on", days_ago(11))})
    done = client.post(url, {"step": "induction", "note": "Group session", **date_parts("completed_on", TODAY)})

    assert f"The date cannot be before they applied, on {days_ago(10):%-d %B %Y}" in too_early.content.decode()
    assert done.status_code == 302
    assert expert.onboarding.get(step="induction").note == "Group session"


def test_recording_consent_from_the_form(client, login_as, coordinator):
    login_as(Role.NETWORK_COORDINATOR)
    expert = applicant(coordinator)
    url = page_of(expert, "record_consent")

    refused = client.post(url, {**date_parts("given_on", TODAY), **date_parts("review_due", TODAY)})
    saved = client.post(
        url,
        {
            **date_parts("given_on", TODAY),
            **date_parts("review_due", days_ahead(365)),
            "contact_about_opportunities": "on",
            "keep_lived_experience": "on",
        },
    )

    content = refused.content.decode()
    assert "The review date must be after the date consent was given" in content
    assert "Being in the pool needs this agreement" in content
    assert saved.status_code == 302
    expert.refresh_from_db()
    assert expert.consent_review_due == days_ahead(365)


def test_making_active_too_soon_says_why_and_then_succeeds(client, login_as, coordinator):
    login_as(Role.NETWORK_COORDINATOR)
    waiting = applicant(coordinator, full_name="Ayo Bello")
    ready = ready_applicant(coordinator)

    refused = client.post(page_of(waiting, "expert_activate"))
    made_active = client.post(page_of(ready, "expert_activate"))

    assert "Ayo Bello has not finished onboarding" in refused.content.decode()
    assert made_active.status_code == 302
    ready.refresh_from_db()
    assert ready.status == ExpertStatus.ACTIVE


def test_pausing_resuming_and_leaving_from_the_record(client, login_as, coordinator):
    login_as(Role.NETWORK_COORDINATOR)
    expert = active_expert(coordinator)

    client.post(page_of(expert, "expert_pause"), {"reason": "Holiday"})
    expert.refresh_from_db()
    assert expert.status == ExpertStatus.PAUSED
    client.post(page_of(expert, "expert_resume"))
    expert.refresh_from_db()
    assert expert.status == ExpertStatus.ACTIVE
    client.post(page_of(expert, "expert_leave"), date_parts("on", TODAY))
    expert.refresh_from_db()
    assert (expert.status, expert.left_on) == (ExpertStatus.LEFT, TODAY)


def test_the_record_s_history_names_changed_areas_and_skills(client, login_as, coordinator):
    login_as(Role.NETWORK_COORDINATOR)
    expert = applicant(coordinator)
    services.expert_update(expert=expert, by=coordinator, lived_experience_areas=[LivedExperienceAreaFactory()])

    changes = client.get(record(expert)).context["changes"]

    assert ["lived experience areas"] in [change["fields"] for change in changes]


def test_the_network_s_front_page_links_to_the_pool(client, login_as):
    login_as(Role.NETWORK_COORDINATOR)

    content = client.get(reverse("together_network:index")).content.decode()

    for url in (POOL, ADD, reverse("together_network:invite_to_apply")):
        assert f'href="{url}"' in content
