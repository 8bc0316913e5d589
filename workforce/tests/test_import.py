"""Importing peer support workers from CSV or Excel: the dry run, all or nothing, who may, and the Excel export."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from peersupport.accounts.roles import Role
from tests.support.roles import answers
from workforce.imports import people as people_imports
from workforce.models import PeerSupportWorker, RoleHistory
from workforce.tests.factories import PathwayRoleFactory, PeerSupportWorkerFactory, ServiceFactory, TeamFactory

pytestmark = pytest.mark.django_db

IMPORT = reverse("workforce:people_import")
CONFIRM = reverse("workforce:people_import_confirm")
PEOPLE = reverse("workforce:people")
HEADER = ["full_name", "email", "team", "service", "pathway_role", "start_date", "contracted_hours", "allowance_hours"]


@pytest.fixture
def places():
    """A North Community Team in two services, one Crisis team, and the first step of the pathway."""
    community = ServiceFactory(name="Community")
    TeamFactory(service=community, name="North")
    TeamFactory(service=ServiceFactory(name="Older adults"), name="North")
    TeamFactory(service=community, name="Crisis")
    PathwayRoleFactory(name="Peer support worker")


def csv_file(rows, name="people.csv") -> SimpleUploadedFile:
    text = io.StringIO()
    csv.writer(text).writerows([HEADER, *rows])
    return SimpleUploadedFile(name, text.getvalue().encode())


def xlsx_file(rows, name="people.xlsx") -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    for row in [HEADER, *rows]:
        workbook.active.append(row)
    content = io.BytesIO()
    workbook.save(content)
    return SimpleUploadedFile(name, content.getvalue())


GOOD = [
    ["Ada Lovelace", "ada@example.org", "North", "Community", "Peer support worker", "2024-04-01", "37.5", ""],
    ["Grace Hopper", "grace@example.org", "Crisis", "", "peer support worker", "01/09/2023", "22.5", "6"],
]


def test_the_dry_run_lists_every_bad_row_with_its_line_and_reason_and_creates_nothing(client, login_as, places):
    login_as(Role.PEER_SUPPORT_LEAD)
    PeerSupportWorkerFactory(email="taken@example.org")
    rows = [
        GOOD[0],  # line 2
        ["Unknown team", "u@example.org", "Nowhere", "", "Peer support worker", "2024-04-01", "30", ""],  # 3
        ["Bad date", "d@example.org", "Crisis", "", "Peer support worker", "31/02/2024", "30", ""],  # 4
        ["Too long", "h@example.org", "Crisis", "", "Peer support worker", "2024-04-01", "40", ""],  # 5
        ["Twice", "ADA@example.org", "Crisis", "", "Peer support worker", "2024-04-01", "30", ""],  # 6
        ["Taken", "taken@example.org", "Crisis", "", "Peer support worker", "2024-04-01", "30", ""],  # 7
        ["", "m@example.org", "Crisis", "", "Peer support worker", "2024-04-01", "30", ""],  # 8
        ["Which North", "n@example.org", "North", "", "Peer support worker", "2024-04-01", "30", ""],  # 9
        GOOD[1],  # 10
    ]
    before = PeerSupportWorker.objects.count()

    response = client.post(IMPORT, {"file": csv_file(rows)})

    assert response.status_code == 200
    check = response.context["check"]
    reasons = {problem.line: " ".join(problem.reasons) for problem in check.problems}
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8, 9]
    assert "no active team called 'Nowhere'" in reasons[3]
    assert "'31/02/2024' is not a date" in reasons[4]
    assert "more than 0 and at most 37.5" in reasons[5]
    assert "also on line 2" in reasons[6]
    assert "already exists" in reasons[7]
    assert "full name is missing" in reasons[8]
    assert "fill in the service column" in reasons[9]
    assert [row["line"] for row in check.valid] == [2, 10]
    page = response.content.decode()
    assert "Line 3" in page and "no active team called" in page
    assert "payload" not in page and "Import 2 people" not in page
    assert PeerSupportWorker.objects.count() == before


def test_the_dry_run_holds_each_row_to_the_rules_of_the_form(client, login_as, places):
    login_as(Role.PEER_SUPPORT_LEAD)
    rows = [
        GOOD[0],  # line 2
        ["No hours", "none@example.org", "Crisis", "", "Peer support worker", "2024-04-01", "0", ""],  # 3
        ["Over", "over@example.org", "Crisis", "", "Peer support worker", "2024-04-01", "1", "6"],  # 4
        ["Both", "both@example.org", "Nowhere", "", "Peer support worker", "2024-04-01", "0", ""],  # 5
    ]

    response = client.post(IMPORT, {"file": csv_file(rows)})

    check = response.context["check"]
    reasons = {problem.line: problem.reasons for problem in check.problems}
    assert sorted(reasons) == [3, 4, 5]
    assert reasons[3] == ["Contracted hours must be more than 0 and at most 37.5 (not 0)"]
    assert reasons[4] == [
        "The allowance cannot be more than their contracted hours in a month (4.3 hours at 1 hours a week)"
    ]
    assert set(reasons[5]) == {
        "There is no active team called 'Nowhere'",
        "Contracted hours must be more than 0 and at most 37.5 (not 0)",
    }
    page = response.content.decode()
    assert "Line 3" in page and "more than 0 and at most 37.5" in page
    assert "Line 4" in page and "more than their contracted hours in a month" in page
    assert "Import 1 person" not in page
    assert not PeerSupportWorker.objects.exists()


def test_someone_already_on_the_workforce_is_said_once_not_twice(client, login_as, places):
    login_as(Role.PEER_SUPPORT_LEAD)
    PeerSupportWorkerFactory(email="ada@example.org")

    response = client.post(IMPORT, {"file": csv_file([GOOD[0]])})

    [problem] = response.context["check"].problems
    assert problem.reasons == ["A peer support worker with the email ada@example.org already exists"]


def test_an_import_is_recorded_as_the_form_records_a_new_person(client, login_as, places):
    lead = login_as(Role.PEER_SUPPORT_LEAD, full_name="Priya Lead")

    # Outside a request, as a management command or a task would import, so the importer is
    # named by the service and not picked up from the request by simple_history's middleware.
    people_imports.people_import(rows=people_imports.PEOPLE.read(csv_file(GOOD)), by=lead)

    ada = PeerSupportWorker.objects.get(email="ada@example.org")
    assert ada.history.get().history_user == lead
    period = RoleHistory.objects.get(peer_support_worker=ada)
    assert (period.pathway_role.name, period.started_on, period.ended_on) == (
        "Peer support worker",
        datetime.date(2024, 4, 1),
        None,
    )
    profile = client.get(reverse("workforce:person", args=[ada.pk])).content.decode()
    assert "created by Priya Lead" in profile


def test_an_end_before_the_start_is_a_problem():
    check = people_imports.check_rows(
        [
            {
                "line": 2,
                **dict.fromkeys(people_imports.COLUMNS, ""),
                "full_name": "A",
                "email": "a@example.org",
                "team": "Nowhere",
                "pathway_role": "Peer support worker",
                "start_date": "2024-04-01",
                "end_date": "2024-03-01",
                "contracted_hours": "30",
            }
        ]
    )

    assert "The end date is before the start date" in check.problems[0].reasons


@pytest.mark.parametrize("make_file", [csv_file, xlsx_file], ids=["csv", "xlsx"])
def test_a_clean_file_imports_every_row_in_one_go(client, login_as, places, make_file):
    login_as(Role.PEER_SUPPORT_LEAD)

    dry_run = client.post(IMPORT, {"file": make_file(GOOD)})

    assert PeerSupportWorker.objects.count() == 0
    assert "Import 2 people" in dry_run.content.decode()
    response = client.post(CONFIRM, {"payload": dry_run.context["payload"]})

    assert response.status_code == 302
    assert response.url == PEOPLE
    ada = PeerSupportWorker.objects.get(email="ada@example.org")
    assert (ada.team.name, ada.team.service.name) == ("North", "Community")
    assert ada.start_date == datetime.date(2024, 4, 1)
    assert ada.contracted_hours == Decimal("37.5")
    assert ada.allowance_hours is None
    grace = PeerSupportWorker.objects.get(email="grace@example.org")
    assert grace.start_date == datetime.date(2023, 9, 1)
    assert grace.allowance_hours == Decimal("6")


def test_excel_dates_and_numbers_are_read_as_typed(client, login_as, places):
    login_as(Role.PEER_SUPPORT_LEAD)
    row = ["Ada Lovelace", "ada@example.org", "Crisis", "", "Peer support worker", datetime.date(2024, 4, 1), 30, 7.5]

    dry_run = client.post(IMPORT, {"file": xlsx_file([row])})

    assert dry_run.context["check"].problems == []
    assert dry_run.context["check"].valid[0]["start_date"] == datetime.date(2024, 4, 1)


def test_the_import_is_all_or_nothing_when_something_changed_since_the_dry_run(client, login_as, places):
    login_as(Role.PEER_SUPPORT_LEAD)
    dry_run = client.post(IMPORT, {"file": csv_file(GOOD)})
    PeerSupportWorkerFactory(email="grace@example.org")

    response = client.post(CONFIRM, {"payload": dry_run.context["payload"]})

    assert response.status_code == 409
    assert not PeerSupportWorker.objects.filter(email="ada@example.org").exists()
    assert "already exists" in response.content.decode()


def test_a_tampered_payload_is_refused(client, login_as, places):
    login_as(Role.PEER_SUPPORT_LEAD)
    payload = client.post(IMPORT, {"file": csv_file(GOOD)}).context["payload"]
    forged = people_imports.PEOPLE.sign([]).split(":")[0] + payload[payload.index(":") :]

    for bad in (payload[:-2] + "xx", forged, "", "nonsense"):
        response = client.post(CONFIRM, {"payload": bad})
        assert response.status_code == 400
        assert "Upload the file again" in response.content.decode()
    assert PeerSupportWorker.objects.count() == 0


@pytest.mark.parametrize("hours", ["NaN", "nan", "sNaN", "inf", "-Infinity", "1e999", "1e999999999"])
def test_hours_that_are_not_a_number_of_hours_are_a_row_problem(client, login_as, places, hours):
    login_as(Role.PEER_SUPPORT_LEAD)
    rows = [
        ["Ada Lovelace", "ada@example.org", "Crisis", "", "Peer support worker", "2024-04-01", hours, ""],
        ["Grace Hopper", "grace@example.org", "Crisis", "", "Peer support worker", "2024-04-01", "30", hours],
    ]

    response = client.post(IMPORT, {"file": csv_file(rows)})

    assert response.status_code == 200
    reasons = {problem.line: problem.reasons for problem in response.context["check"].problems}
    if hours.startswith("1e"):  # a number, just far too many hours
        assert reasons == {
            2: [f"Contracted hours must be more than 0 and at most 37.5 (not {hours})"],
            3: [f"Allowance hours must be between 0 and 37.5 (not {hours})"],
        }
    else:
        assert reasons == {
            2: [f"Contracted hours must be a number of hours, for example 37.5 (not '{hours}')"],
            3: [f"Allowance hours must be a number of hours, for example 37.5 (not '{hours}')"],
        }
    assert not PeerSupportWorker.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("people.csv", b"x" * (2 * 1024 * 1024 + 1)), "smaller than 2 MB"),
        (SimpleUploadedFile("people.txt", b"full_name"), "CSV (.csv) or an Excel workbook"),
        (SimpleUploadedFile("people.xlsx", b"not a workbook"), "could not be read as an Excel workbook"),
        (SimpleUploadedFile("people.csv", b"name,email\nA,a@example.org\n"), "missing: full_name"),
        (SimpleUploadedFile("people.csv", b"full_name,email\nA\x00da,a@example.org\n"), "could not be read as a CSV"),
    ],
    ids=["too big", "wrong kind", "not a workbook", "no header", "a NUL character"],
)
def test_files_that_cannot_be_read_are_refused_with_a_clear_message(client, login_as, upload, message):
    login_as(Role.PEER_SUPPORT_LEAD)

    response = client.post(IMPORT, {"file": upload})

    assert response.status_code == 200
    page = response.content.decode()
    assert "nhsuk-error-summary" in page
    assert message in page


def test_more_than_2000_people_are_refused(client, login_as, places):
    login_as(Role.PEER_SUPPORT_LEAD)
    row = ["Crisis", "", "Peer support worker", "2024-04-01", "30", ""]
    rows = [[f"P {n}", f"p{n}@example.org", *row] for n in range(2001)]

    response = client.post(IMPORT, {"file": csv_file(rows)})

    assert "more than 2,000 people" in response.content.decode()


def test_the_upload_page_uses_the_nhsuk_file_upload(client, login_as):
    login_as(Role.ADMIN)

    page = client.get(IMPORT).content.decode()

    assert 'enctype="multipart/form-data"' in page
    assert "nhsuk-file-upload" in page
    assert "Hours a week, more than 0 and at most 37.5" in page
    assert "at most their contracted hours in a month" in page


@pytest.mark.parametrize(("role", "status"), answers(Role.PEER_SUPPORT_LEAD, Role.ADMIN))
def test_only_the_peer_support_lead_and_admins_import(client, login_as, role, status):
    login_as(role)

    assert client.get(IMPORT).status_code == status
    if status == 403:
        assert client.post(IMPORT, {"file": csv_file(GOOD)}).status_code == 403
        assert client.post(CONFIRM, {"payload": people_imports.PEOPLE.sign([])}).status_code == 403
    assert ("Import peer support workers" in client.get(PEOPLE).content.decode()) == (status == 200)


# --- Excel export -------------------------------------------------------------------------


def test_the_excel_download_holds_the_same_rows_as_the_csv(client, login_as):
    login_as(Role.PEER_SUPPORT_LEAD)
    PeerSupportWorkerFactory(full_name="Ada Late", email="ada@example.org")
    PeerSupportWorkerFactory(full_name="=HYPERLINK(evil)")
    PeerSupportWorkerFactory(full_name="Fine", contracted_hours=Decimal("22.5"))

    as_csv = list(csv.reader(io.StringIO(client.get(PEOPLE, {"format": "csv"}).content.decode())))
    response = client.get(PEOPLE, {"format": "xlsx"})

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="peer-support-workers-' in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    as_xlsx = [["" if value is None else str(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    hours = as_csv[0].index("Contracted hours")  # a number in Excel (37.5), text in the CSV (37.50)

    def comparable(rows):
        return [[*row[:hours], Decimal(row[hours]), *row[hours + 1 :]] for row in rows[1:]]

    assert len(as_xlsx) == 4
    assert as_xlsx[0] == as_csv[0]
    assert comparable(as_xlsx) == comparable(as_csv)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert "'=HYPERLINK(evil)" in [row[0] for row in as_xlsx]


def test_the_people_page_links_to_the_excel_download(client, login_as):
    login_as(Role.PEER_SUPPORT_LEAD)
    PeerSupportWorkerFactory()

    page = client.get(PEOPLE).content.decode()

    assert "format=xlsx" in page and "Download as Excel" in page


@pytest.mark.parametrize("role", [Role.PEER_SUPPORT_WORKER, Role.REQUESTER, Role.EXPERT_BY_EXPERIENCE])
def test_the_excel_download_has_the_lists_permission(client, login_as, role):
    login_as(role)

    assert client.get(PEOPLE, {"format": "xlsx"}).status_code == 403
