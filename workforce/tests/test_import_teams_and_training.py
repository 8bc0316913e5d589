"""Importing teams and training records from CSV or Excel: the dry run, all or nothing, and who may."""

import csv
import datetime
import html
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from peersupport.accounts.models import User
from peersupport.accounts.roles import Role
from peersupport.ui.imports.reading import ImportRefused
from tests.support.roles import answers
from workforce import services
from workforce.imports.people import PEOPLE
from workforce.imports.teams import TEAMS, teams_import
from workforce.imports.training import TRAINING
from workforce.models import Service, ServiceCategory, Team, TrainingRecord
from workforce.tests.factories import (
    PeerSupportWorkerFactory,
    ServiceFactory,
    TeamFactory,
    TrainingCourseFactory,
    TrainingRecordFactory,
)

pytestmark = pytest.mark.django_db

TEAMS_IMPORT = reverse("workforce:teams_import")
TEAMS_CONFIRM = reverse("workforce:teams_import_confirm")
TRAINING_IMPORT = reverse("workforce:training_import")
TRAINING_CONFIRM = reverse("workforce:training_import_confirm")
TEAMS_HEADER = ["service", "team", "category", "specialism", "leads"]
TRAINING_HEADER = ["email", "course", "completed_on", "evidence_note"]


def csv_file(header, rows, name="import.csv") -> SimpleUploadedFile:
    text = io.StringIO()
    csv.writer(text).writerows([header, *rows])
    return SimpleUploadedFile(name, text.getvalue().encode())


def xlsx_file(header, rows, name="import.xlsx") -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    for row in [header, *rows]:
        workbook.active.append(row)
    content = io.BytesIO()
    workbook.save(content)
    return SimpleUploadedFile(name, content.getvalue())


def problems_by_line(response) -> dict[int, str]:
    return {problem.line: " ".join(problem.reasons) for problem in response.context["check"].problems}


def page_text(response) -> str:
    """The page as a person reads it (quotes unescaped)."""
    return html.unescape(response.content.decode())


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- Teams --------------------------------------------------------------------------------


@pytest.fixture
def community(make_person):
    """The Community service with its North team, and two people who may lead teams and one who may not."""
    service = ServiceFactory(name="Community", category=ServiceCategory.COMMUNITY)
    TeamFactory(service=service, name="North")
    make_person(Role.TEAM_LEAD, email="lead@example.org", full_name="Lena Lead")
    make_person(Role.TEAM_LEAD, email="other.lead@example.org", full_name="Omar Other")
    make_person(Role.REQUESTER, email="requester@example.org")
    make_person(Role.TEAM_LEAD, email="gone@example.org", is_active=False)
    return service


GOOD_TEAMS = [
    ["Community", "South", "", "", "lead@example.org"],
    ["Perinatal", "Mother and baby unit", "specialist", "Perinatal", "LEAD@example.org; other.lead@example.org"],
    ["perinatal", "Perinatal outreach", "", "", ""],
    ["Crisis", "Home treatment", "Crisis", "", ""],
]


def test_the_teams_dry_run_lists_every_bad_row_with_its_line_and_reason_and_creates_nothing(
    client, login_as, community
):
    login_as(Role.PEER_SUPPORT_LEAD)
    rows = [
        GOOD_TEAMS[0],  # line 2
        ["", "West", "", "", ""],  # 3
        ["Forensic", "Low secure", "Secure", "", ""],  # 4
        ["Community", "north", "", "", ""],  # 5
        ["Community", "South", "", "", ""],  # 6
        ["Community", "East", "", "", "nobody@example.org"],  # 7
        ["Community", "East 2", "", "", "requester@example.org"],  # 8
        ["Community", "East 3", "Acute", "", ""],  # 9
        ["Rehab", "Recovery house", "", "", ""],  # 10
        ["Community", "East 4", "", "", "gone@example.org"],  # 11
        GOOD_TEAMS[3],  # 12
    ]

    response = client.post(TEAMS_IMPORT, {"file": csv_file(TEAMS_HEADER, rows)})

    assert response.status_code == 200
    reasons = problems_by_line(response)
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    assert "The service is missing" in reasons[3]
    assert "'Secure' is not a category" in reasons[4] and "Rehabilitation" in reasons[4]
    assert "The service 'Community' already has a team called 'north'" in reasons[5]
    assert "also on line 2" in reasons[6]
    assert "No one logs in with the email nobody@example.org" in reasons[7]
    assert "requester@example.org does not have the Team lead role" in reasons[8]
    assert "in the category Community, not Acute" in reasons[9]
    assert "The category is missing: there is no service called 'Rehab' yet" in reasons[10]
    assert "gone@example.org is switched off" in reasons[11]
    page = page_text(response)
    assert "9 rows cannot be imported" in page
    assert "Line 10" in page and "not a category" in page
    assert "Import 2 teams" not in page and 'name="payload"' not in page
    assert Team.objects.count() == 1
    assert not Service.objects.filter(name__in=["Crisis", "Forensic", "Rehab"]).exists()


def test_a_new_service_given_two_categories_in_the_file_is_a_problem(client, login_as, community):
    login_as(Role.PEER_SUPPORT_LEAD)
    rows = [["Crisis", "Home treatment", "Crisis", "", ""], ["crisis", "Street triage", "Acute", "", ""]]

    response = client.post(TEAMS_IMPORT, {"file": csv_file(TEAMS_HEADER, rows)})

    assert problems_by_line(response) == {3: "Line 2 gives the new service 'Crisis' the category Crisis, not Acute"}


@pytest.mark.parametrize("make_file", [csv_file, xlsx_file], ids=["csv", "xlsx"])
def test_a_clean_teams_file_creates_every_team_and_new_service_in_one_go(client, login_as, community, make_file):
    login_as(Role.ADMIN)

    dry_run = client.post(TEAMS_IMPORT, {"file": make_file(TEAMS_HEADER, GOOD_TEAMS)})

    page = dry_run.content.decode()
    assert "4 teams will be added" in page and "Import 4 teams" in page
    assert "New service: Specialist, Perinatal" in page
    assert Team.objects.count() == 1
    response = client.post(TEAMS_CONFIRM, {"payload": dry_run.context["payload"]}, follow=True)

    assert response.redirect_chain == [(reverse("workforce:index"), 302)]
    assert "Imported 4 teams." in messages_of(response)
    south = Team.objects.get(name="South")
    assert south.service == community
    assert [lead.email for lead in south.leads.all()] == ["lead@example.org"]
    perinatal = Service.objects.get(name="Perinatal")
    assert (perinatal.category, perinatal.specialism) == (ServiceCategory.SPECIALIST, "Perinatal")
    assert sorted(perinatal.teams.values_list("name", flat=True)) == ["Mother and baby unit", "Perinatal outreach"]
    unit = Team.objects.get(name="Mother and baby unit")
    assert sorted(lead.email for lead in unit.leads.all()) == ["lead@example.org", "other.lead@example.org"]
    assert Service.objects.get(name="Crisis").category == ServiceCategory.CRISIS
    assert "Mother and baby unit" in response.content.decode()  # on the workforce page's list of teams


def test_the_teams_import_is_all_or_nothing_when_something_changed_since_the_dry_run(client, login_as, community):
    login_as(Role.PEER_SUPPORT_LEAD)
    dry_run = client.post(TEAMS_IMPORT, {"file": csv_file(TEAMS_HEADER, GOOD_TEAMS)})
    TeamFactory(service=community, name="South")

    response = client.post(TEAMS_CONFIRM, {"payload": dry_run.context["payload"]})

    assert response.status_code == 409
    assert "Line 2" in page_text(response)
    assert "The service 'Community' already has a team called 'South'" in page_text(response)
    assert not Service.objects.filter(name="Perinatal").exists()
    assert Team.objects.filter(service=community).count() == 2


def test_a_lead_who_loses_the_role_before_the_confirmation_stops_the_import(client, login_as, community):
    login_as(Role.PEER_SUPPORT_LEAD)
    dry_run = client.post(TEAMS_IMPORT, {"file": csv_file(TEAMS_HEADER, GOOD_TEAMS)})
    User.objects.filter(email="other.lead@example.org").update(is_active=False)

    response = client.post(TEAMS_CONFIRM, {"payload": dry_run.context["payload"]})

    assert response.status_code == 409
    assert "other.lead@example.org is switched off" in response.content.decode()
    assert Team.objects.count() == 1


# --- Training records ---------------------------------------------------------------------


@pytest.fixture
def catalogue():
    """Ada, who started in April 2021; a yearly course, a three-yearly one, and one that never expires."""
    PeerSupportWorkerFactory(full_name="Ada Lovelace", email="Ada@Example.org", start_date=datetime.date(2021, 4, 1))
    return {
        "safeguarding": TrainingCourseFactory(name="Safeguarding adults level 2", renewal_months=12),
        "wrap": TrainingCourseFactory(name="WRAP facilitator", renewal_months=36),
        "induction": TrainingCourseFactory(name="Trust induction", renewal_months=None),
    }


GOOD_TRAINING = [
    ["ada@example.org", "Safeguarding adults level 2", "2025-01-31", "Certificate 1234"],
    ["ADA@EXAMPLE.ORG", "wrap facilitator", "15/06/2024", ""],
    ["ada@example.org", "Trust induction", "2021-04-01", ""],
]


def test_the_training_dry_run_lists_every_bad_row_with_its_line_and_reason_and_creates_nothing(
    client, login_as, catalogue
):
    login_as(Role.PEER_SUPPORT_LEAD)
    TrainingRecordFactory(
        peer_support_worker=PeerSupportWorkerFactory(email="grace@example.org"),
        course=catalogue["wrap"],
        completed_on=datetime.date(2024, 5, 1),
    )
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    rows = [
        GOOD_TRAINING[0],  # line 2
        ["nobody@example.org", "Trust induction", "2024-01-01", ""],  # 3
        ["ada@example.org", "Basket weaving", "2024-01-01", ""],  # 4
        ["ada@example.org", "Trust induction", "31/02/2024", ""],  # 5
        ["ada@example.org", "Trust induction", tomorrow.isoformat(), ""],  # 6
        ["Ada@example.org", "safeguarding adults level 2", "31/01/2025", ""],  # 7
        ["grace@example.org", "WRAP facilitator", "2024-05-01", ""],  # 8
        ["ada@example.org", "", "2021-03-31", ""],  # 9
        ["", "Trust induction", "", ""],  # 10
        GOOD_TRAINING[1],  # 11
    ]

    response = client.post(TRAINING_IMPORT, {"file": csv_file(TRAINING_HEADER, rows)})

    assert response.status_code == 200
    reasons = problems_by_line(response)
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8, 9, 10]
    assert "There is no peer support worker with the email nobody@example.org" in reasons[3]
    assert "There is no course called 'Basket weaving'" in reasons[4]
    assert "'31/02/2024' is not a date" in reasons[5]
    assert "is in the future" in reasons[6]
    assert "also on line 2" in reasons[7]
    assert "already has WRAP facilitator recorded on 1 May 2024" in reasons[8]
    assert "The course is missing" in reasons[9]
    assert "The email is missing" in reasons[10] and "The date completed is missing" in reasons[10]
    page = response.content.decode()
    assert "8 rows cannot be imported" in page and "Line 9" in page
    assert 'name="payload"' not in page
    assert TrainingRecord.objects.count() == 1


@pytest.mark.parametrize("make_file", [csv_file, xlsx_file], ids=["csv", "xlsx"])
def test_a_clean_training_file_records_every_completion_with_the_courses_expiry(client, login_as, catalogue, make_file):
    lead = login_as(Role.PEER_SUPPORT_LEAD)

    dry_run = client.post(TRAINING_IMPORT, {"file": make_file(TRAINING_HEADER, GOOD_TRAINING)})

    page = dry_run.content.decode()
    assert "Import 3 training records" in page
    assert "31 January 2026" in page and "Does not expire" in page  # the expiry, shown before importing
    assert TrainingRecord.objects.count() == 0
    response = client.post(TRAINING_CONFIRM, {"payload": dry_run.context["payload"]}, follow=True)

    assert response.redirect_chain == [(reverse("workforce:people"), 302)]
    assert "Imported 3 training records." in messages_of(response)
    records = {record.course.name: record for record in TrainingRecord.objects.select_related("course")}
    assert records["Safeguarding adults level 2"].expires_on == datetime.date(2026, 1, 31)
    assert records["Safeguarding adults level 2"].evidence_note == "Certificate 1234"
    assert records["WRAP facilitator"].completed_on == datetime.date(2024, 6, 15)
    assert records["WRAP facilitator"].expires_on == datetime.date(2027, 6, 15)
    assert records["Trust induction"].expires_on is None
    assert {record.recorded_by for record in records.values()} == {lead}
    assert all(record.peer_support_worker.full_name == "Ada Lovelace" for record in records.values())


def test_excel_dates_in_a_training_file_are_read_as_typed(client, login_as, catalogue):
    login_as(Role.PEER_SUPPORT_LEAD)
    row = ["ada@example.org", "Trust induction", datetime.datetime(2024, 2, 29), None]

    dry_run = client.post(TRAINING_IMPORT, {"file": xlsx_file(TRAINING_HEADER, [row])})

    assert dry_run.context["check"].problems == []
    assert dry_run.context["check"].valid[0]["completed_on"] == datetime.date(2024, 2, 29)


def test_the_training_import_is_all_or_nothing_when_something_changed_since_the_dry_run(client, login_as, catalogue):
    login_as(Role.PEER_SUPPORT_LEAD)
    dry_run = client.post(TRAINING_IMPORT, {"file": csv_file(TRAINING_HEADER, GOOD_TRAINING)})
    catalogue["wrap"].name = "WRAP facilitator (retired)"
    catalogue["wrap"].save()

    response = client.post(TRAINING_CONFIRM, {"payload": dry_run.context["payload"]})

    assert response.status_code == 409
    assert "There is no course called 'wrap facilitator' in the training catalogue" in page_text(response)
    assert TrainingRecord.objects.count() == 0


def test_a_training_file_without_its_columns_is_refused_with_a_clear_message(client, login_as):
    login_as(Role.PEER_SUPPORT_LEAD)

    response = client.post(TRAINING_IMPORT, {"file": csv_file(["name", "course"], [["Ada", "WRAP"]])})

    page = response.content.decode()
    assert "nhsuk-error-summary" in page
    assert "missing: email, completed_on" in page


# --- Both ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("upload", "confirm", "header", "rows", "fixture"),
    [
        (TEAMS_IMPORT, TEAMS_CONFIRM, TEAMS_HEADER, GOOD_TEAMS, "community"),
        (TRAINING_IMPORT, TRAINING_CONFIRM, TRAINING_HEADER, GOOD_TRAINING, "catalogue"),
    ],
    ids=["teams", "training"],
)
def test_a_tampered_or_borrowed_payload_is_refused(client, login_as, request, upload, confirm, header, rows, fixture):
    request.getfixturevalue(fixture)
    login_as(Role.PEER_SUPPORT_LEAD)
    payload = client.post(upload, {"file": csv_file(header, rows)}).context["payload"]
    teams_before, records_before = Team.objects.count(), TrainingRecord.objects.count()
    people_payload = PEOPLE.sign([{"line": 2}])  # signed for another kind of import

    for bad in (payload[:-2] + "xx", people_payload, "", "nonsense"):
        response = client.post(confirm, {"payload": bad})
        assert response.status_code == 400
        assert "Upload the file again" in response.content.decode()
    assert (Team.objects.count(), TrainingRecord.objects.count()) == (teams_before, records_before)


@pytest.mark.parametrize(("role", "status"), answers(Role.PEER_SUPPORT_LEAD, Role.ADMIN))
def test_only_the_peer_support_lead_and_admins_import_teams_and_training(client, login_as, role, status):
    login_as(role)

    assert client.get(TEAMS_IMPORT).status_code == status
    assert client.get(TRAINING_IMPORT).status_code == status
    if status == 403:
        assert client.post(TEAMS_IMPORT, {"file": csv_file(TEAMS_HEADER, GOOD_TEAMS)}).status_code == 403
        assert client.post(TRAINING_IMPORT, {"file": csv_file(TRAINING_HEADER, GOOD_TRAINING)}).status_code == 403
        assert client.post(TEAMS_CONFIRM, {"payload": TEAMS.sign([])}).status_code == 403
        assert client.post(TRAINING_CONFIRM, {"payload": TRAINING.sign([])}).status_code == 403
        assert Team.objects.count() == TrainingRecord.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "shown"), [(Role.PEER_SUPPORT_LEAD, True), (Role.ADMIN, True), (Role.TEAM_LEAD, False)]
)
def test_the_workforce_page_links_to_both_imports_for_those_who_may(client, login_as, role, shown):
    login_as(role)

    page = client.get(reverse("workforce:index")).content.decode()

    assert ("Import teams from a spreadsheet" in page) == shown
    assert ("Import training records from a spreadsheet" in page) == shown
    assert (TEAMS_IMPORT in page and TRAINING_IMPORT in page) == shown


def test_the_upload_pages_list_their_own_columns(client, login_as):
    login_as(Role.PEER_SUPPORT_LEAD)

    teams_page = client.get(TEAMS_IMPORT).content.decode()
    training_page = client.get(TRAINING_IMPORT).content.decode()

    assert '<h1 class="nhsuk-heading-l">Import teams</h1>' in teams_page
    assert all(f"<code>{column}</code>" in teams_page for column in TEAMS_HEADER)
    assert "For a new service" in teams_page
    assert '<h1 class="nhsuk-heading-l">Import training records</h1>' in training_page
    assert all(f"<code>{column}</code>" in training_page for column in TRAINING_HEADER)
    assert "at most 2,000 training records" in training_page
    assert "nhsuk-file-upload" in training_page


# --- The import functions and services underneath -----------------------------------------


def test_a_team_refused_part_way_through_leaves_no_new_service_behind(community, monkeypatch):
    rows = TEAMS.read(csv_file(TEAMS_HEADER, GOOD_TEAMS))
    real_team_create = services.team_create

    def refuse_the_third(*, service, name, leads=()):
        if name == "Perinatal outreach":  # as if someone had just added it in the admin
            raise ValidationError({"name": "already there"})
        return real_team_create(service=service, name=name, leads=leads)

    monkeypatch.setattr(services, "team_create", refuse_the_third)

    with pytest.raises(ImportRefused):
        teams_import(rows=rows)

    assert not Service.objects.filter(name="Perinatal").exists()
    assert list(Team.objects.values_list("name", flat=True)) == ["North"]


def test_a_team_is_led_only_by_people_with_the_team_lead_role(community, make_person):
    requester = make_person(Role.REQUESTER)

    with pytest.raises(ValidationError, match="Team lead role"):
        services.team_create(service=community, name="West", leads=[requester])
    with pytest.raises(ValidationError, match="already has a team called 'NORTH'"):
        services.team_create(service=community, name="NORTH")
    with pytest.raises(ValidationError, match="already a service called 'community'"):
        services.service_create(name="community", category=ServiceCategory.COMMUNITY)


@pytest.mark.parametrize(
    ("importer", "header", "make_row", "fixture"),
    [
        (TEAMS, TEAMS_HEADER, lambda n: ["Community", f"Team {n}", "", "", "lead@example.org"], "community"),
        (TRAINING, TRAINING_HEADER, lambda n: ["ada@example.org", "Trust induction", "", ""], "catalogue"),
    ],
    ids=["teams", "training"],
)
def test_the_dry_run_reads_the_database_a_fixed_number_of_times_whatever_the_file(
    request, django_assert_max_num_queries, importer, header, make_row, fixture
):
    request.getfixturevalue(fixture)
    small = importer.read(csv_file(header, [make_row(n) for n in range(2)]))
    large = importer.read(csv_file(header, [make_row(n) for n in range(200)]))

    with django_assert_max_num_queries(4):
        importer.check(small)
    with django_assert_max_num_queries(4):
        importer.check(large)
