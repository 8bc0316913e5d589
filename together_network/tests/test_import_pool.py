"""Importing an existing pool: the dry run reports every bad row with its line and reason, and the
import adds every person (with consent and onboarding) or nobody."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from notifications.models import Notification
from peersupport.accounts.roles import Role
from tests.support.html import rows_of
from tests.support.roles import answers
from together_network.imports.pool import POOL, parse_availability
from together_network.models import (
    REQUIRED_STEPS,
    ConsentRecord,
    ExpertByExperience,
    OnboardingRecord,
    OnboardingStep,
    PartOfDay,
    Weekday,
    availability_bit,
)
from together_network.tests.data_support import days_ago
from together_network.tests.factories import ExpertByExperienceFactory

pytestmark = pytest.mark.django_db

IMPORT = reverse("together_network:people_import")
CONFIRM = reverse("together_network:people_import_confirm")
HEADER = [column.name for column in POOL.columns]


def row(**values) -> list[str]:
    return [values.get(name, "") for name in HEADER]


def day(days: int) -> str:
    return days_ago(days).isoformat()


GOOD = [
    row(full_name="Ada Applicant", email="ada@example.org", joined_on=day(10)),
    row(
        full_name="Bea Active",
        email="BEA@example.org",
        pronouns="she/her",
        phone="07700 900111",
        preferred_contact="Text",
        status="Active",
        lived_experience_areas="psychosis; ANXIETY",
        skills="Interviewing",
        availability="Mon AM; tue pm; Saturday",
        online="yes",
        in_person="no",
        payment_preference="unpaid",
        consent_given_on=day(300),
        consent_review_due=day(-65),
        joined_on=day(400),
    ),
    row(
        full_name="Cal Paused",
        email="cal@example.org",
        status="paused",
        consent_given_on=days_ago(200).strftime("%d/%m/%Y"),
        consent_review_due=day(-100),
    ),
    row(full_name="Dee Left", email="dee@example.org", status="left", joined_on=day(900), left_on=day(30)),
]


def csv_file(rows, header=HEADER, name="pool.csv") -> SimpleUploadedFile:
    text = io.StringIO()
    csv.writer(text).writerows([header, *rows])
    return SimpleUploadedFile(name, text.getvalue().encode())


def xlsx_file(rows) -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for values in [HEADER, *rows]:
        sheet.append(values)
    content = io.BytesIO()
    workbook.save(content)
    return SimpleUploadedFile("pool.xlsx", content.getvalue())


def dry_run(client, upload):
    response = client.post(IMPORT, {"file": upload})
    assert response.status_code == 200
    return response


@pytest.fixture
def coordinator(login_as):
    return login_as(Role.NETWORK_COORDINATOR)


@pytest.mark.parametrize("make_file", [csv_file, xlsx_file], ids=["csv", "excel"])
def test_a_clean_file_adds_everyone_with_consent_and_onboarding(client, coordinator, make_file):
    checked = dry_run(client, make_file(GOOD))
    assert ExpertByExperience.objects.count() == 0  # a dry run writes nothing
    html = checked.content.decode()
    assert "4 people will be added" in html
    response = client.post(CONFIRM, {"payload": checked.context["payload"]})
    assert response.status_code == 302 and response.url == reverse("together_network:pool")

    people = {expert.full_name: expert for expert in ExpertByExperience.objects.all()}
    assert set(people) == {"Ada Applicant", "Bea Active", "Cal Paused", "Dee Left"}
    ada, bea, cal, dee = (people[name] for name in ("Ada Applicant", "Bea Active", "Cal Paused", "Dee Left"))
    assert (ada.status, ada.onboarding_complete, ada.active_from, ada.joined_on) == (
        "applicant",
        False,
        None,
        days_ago(10),
    )
    assert list(OnboardingRecord.objects.filter(expert=ada).values_list("step", flat=True)) == ["application"]
    assert not ConsentRecord.objects.filter(expert=ada).exists()

    assert (bea.email, bea.status, bea.onboarding_complete, bea.active_from) == (
        "BEA@example.org",
        "active",
        True,
        days_ago(400),
    )
    assert sorted(area.name for area in bea.lived_experience_areas.all()) == ["Anxiety", "Psychosis"]
    assert [skill.name for skill in bea.skills.all()] == ["Interviewing"]
    assert bea.availability_slots == [
        (Weekday.MONDAY, PartOfDay.MORNING),
        (Weekday.TUESDAY, PartOfDay.AFTERNOON),
        (Weekday.SATURDAY, PartOfDay.MORNING),
        (Weekday.SATURDAY, PartOfDay.AFTERNOON),
        (Weekday.SATURDAY, PartOfDay.EVENING),
    ]
    assert (bea.preferred_contact, bea.available_online, bea.available_in_person) == ("text", True, False)
    assert (bea.payment_preference, bea.consent_given_on, bea.consent_review_due) == (
        "unpaid_benefits",
        days_ago(300),
        days_ago(-65),
    )
    assert set(OnboardingRecord.objects.filter(expert=bea).values_list("step", flat=True)) == set(REQUIRED_STEPS)
    assert ConsentRecord.objects.get(expert=bea).given_on == days_ago(300)
    assert bea.history.first().history_user == coordinator

    assert (cal.status, cal.onboarding_complete, cal.joined_on) == ("paused", True, days_ago(200))
    assert (dee.status, dee.left_on, dee.active_from) == ("left", days_ago(30), days_ago(900))
    assert not Notification.objects.exists()  # nobody is emailed


def test_the_dry_run_reports_every_bad_row_with_its_line_and_reason_and_imports_nothing(client, coordinator):
    ExpertByExperienceFactory(email="taken@example.org")
    bad = [
        GOOD[0],  # line 2 is fine
        row(
            full_name="Unknown Lists",
            email="u@example.org",
            lived_experience_areas="Psychosis; Astrology",
            skills="Juggling",
        ),  # fmt: skip
        row(full_name="Bad Date", email="d@example.org", joined_on="31/02/2024"),
        row(
            full_name="Review First",
            email="r@example.org",
            status="active",
            consent_given_on=day(10),
            consent_review_due=day(20),
        ),
        row(full_name="Twice", email="ada@example.org"),
        row(full_name="Taken", email="Taken@example.org"),
        row(full_name="No Consent", email="n@example.org", status="active"),
        row(full_name="Odd Times", email="o@example.org", availability="Mon AM; Funday; Tue night", online="maybe"),
        row(full_name="", email="not-an-email", status="retired"),
        row(full_name="Gone", email="g@example.org", status="left"),
    ]
    response = dry_run(client, csv_file(bad))
    problems = {problem.line: problem.reasons for problem in response.context["check"].problems}
    assert sorted(problems) == list(range(3, 12))
    assert problems[3] == ["Not on the network's list of lived experience areas: Astrology",
                           "Not on the network's list of skills: Juggling"]  # fmt: skip
    assert problems[4] == ["The date joined '31/02/2024' is not a date: use YYYY-MM-DD or DD/MM/YYYY"]
    assert problems[5] == ["The consent review date must be after the date consent was given"]
    assert problems[6] == ["The email address ada@example.org is also on line 2"]
    assert problems[7] == ["Someone in the Together network already has the email address Taken@example.org"]
    assert problems[8] == ["Someone active needs their consent: the date it was given and its review date"]
    assert problems[9] == [
        "Availability not understood: Funday, Tue night (write it like Mon AM; Tue PM; Sat Eve)",
        "Online must be yes or no (not 'maybe')",
    ]
    assert problems[10] == [
        "The full name is missing",
        "'not-an-email' is not an email address",
        "The status must be applicant, active, paused or left (not 'retired')",
    ]
    assert problems[11] == ["Someone who has left needs the date they left"]
    html = response.content.decode()
    assert "9 rows cannot be imported" in html and "Nothing has been imported" in html
    assert "11 Someone who has left needs the date they left" in rows_of(html)
    assert response.context["payload"] == ""  # no way to confirm
    assert ExpertByExperience.objects.count() == 1


def test_nothing_is_imported_when_the_pool_changed_since_the_dry_run(client, coordinator):
    checked = dry_run(client, csv_file(GOOD))
    ExpertByExperienceFactory(email="cal@example.org")  # someone added Cal meanwhile
    response = client.post(CONFIRM, {"payload": checked.context["payload"]})
    assert response.status_code == 409
    assert [problem.line for problem in response.context["check"].problems] == [4]
    assert ExpertByExperience.objects.count() == 1
    assert not OnboardingRecord.objects.exists() and not ConsentRecord.objects.exists()


def test_a_tampered_or_other_imports_payload_is_refused(client, coordinator):
    from workforce.imports import people as workforce_imports

    response = client.post(CONFIRM, {"payload": workforce_imports.PEOPLE.sign([{"line": 2}])})
    assert response.status_code == 400
    assert ExpertByExperience.objects.count() == 0


def test_the_upload_page_describes_every_column_and_says_active_people_are_onboarded(client, coordinator):
    html = client.get(IMPORT).content.decode()
    for name in HEADER:
        assert f"<code>{name}</code>" in html
    assert "every required onboarding step is recorded" in html
    assert "Mon AM; Tue PM; Sat Eve" in html


def test_availability_is_read_as_day_and_part_of_day():
    bits, unreadable = parse_availability("Mon AM; Wednesday evening;  sun ; ; Thu PM Eve; xyz")
    expected = availability_bit(Weekday.MONDAY, PartOfDay.MORNING) | availability_bit(
        Weekday.WEDNESDAY, PartOfDay.EVENING
    )
    for part in PartOfDay:
        expected |= availability_bit(Weekday.SUNDAY, part)
    expected |= availability_bit(Weekday.THURSDAY, PartOfDay.AFTERNOON) | availability_bit(
        Weekday.THURSDAY, PartOfDay.EVENING
    )
    assert (bits, unreadable) == (expected, ["xyz"])


@pytest.mark.parametrize(("role", "status"), answers(Role.NETWORK_COORDINATOR))
def test_only_coordinators_import_the_pool(client, login_as, role, status):
    login_as(role)
    assert client.get(IMPORT).status_code == status
    # An empty file's rows, signed: a coordinator is shown that there is nothing to import.
    assert client.post(CONFIRM, {"payload": POOL.sign([])}).status_code == (409 if status == 200 else status)


def test_an_onboarding_step_is_recorded_once_per_person(client, coordinator):
    checked = dry_run(client, csv_file(GOOD[1:2]))
    client.post(CONFIRM, {"payload": checked.context["payload"]})
    steps = list(OnboardingRecord.objects.values_list("step", flat=True))
    assert len(steps) == len(set(steps)) == len(REQUIRED_STEPS)
    assert OnboardingStep.DBS not in steps
