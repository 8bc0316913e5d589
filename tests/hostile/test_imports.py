"""The import readers and pages: any file is read or refused with a reason, never an error.

The readers (peersupport/ui/imports/reading.py) are given random bytes, CSV text of any
characters, damaged workbooks and workbooks holding values Excel allows but no calendar or
column does; they return rows or raise ImportFileError, nothing else. The four import pages
are then sent files of rows in which some cells are hostile: the dry run writes nothing, and
confirming the rows it signed creates every row or none and never fails with a server error.
"""

import csv
import functools
import html
import io
import re
import zipfile

import openpyxl
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import example, given, note
from hypothesis import strategies as st

from peersupport.ui.imports.reading import ImportFileError, read_rows
from tests.hostile.conftest import example_rolled_back
from tests.hostile.database import as_postgresql_would, changes, fingerprint
from tests.hostile.values import FIXED_FILES, text_strategy

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("hostile")]

COLUMNS = ("full_name", "email", "start_date", "contracted_hours")


def _read(name: str, content: bytes):
    """The rows read, or None when the file is refused with a reason; anything else fails the test."""
    uploaded = SimpleUploadedFile(name, content)
    try:
        rows = read_rows(uploaded, columns=COLUMNS, required=COLUMNS[:2], noun_plural="people")
    except ImportFileError as refused:
        assert str(refused), "a refusal says why"
        return None
    # PostgreSQL cannot store a NUL character: a file holding one is refused, not half imported.
    assert not any("\x00" in str(value) for row in rows for value in row.values()), rows
    return rows


@given(st.binary(max_size=4000), st.sampled_from(["people.csv", "people.xlsx", "PEOPLE.CSV", "people.txt"]))
def test_any_bytes_are_read_or_refused_with_a_reason(content, name):
    _read(name, content)


@given(st.lists(st.lists(text_strategy(), max_size=6), max_size=6), st.sampled_from(COLUMNS))
def test_any_csv_text_is_read_or_refused_with_a_reason(rows, first_column):
    out = io.StringIO()
    csv.writer(out).writerows([[first_column, *COLUMNS], *rows])
    rows_read = _read("people.csv", out.getvalue().encode("utf-8", "surrogatepass"))
    assert rows_read is None or all(set(COLUMNS) <= set(row) for row in rows_read)


@pytest.mark.parametrize("name", [name for name, _content in FIXED_FILES])
def test_each_known_awkward_file_is_read_or_refused_with_a_reason(name):
    content = dict(FIXED_FILES)[name]()
    _read(name, content)


def _workbook(cells: list) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    for value in cells:
        sheet.append(["Ada", "ada@example.org", value, value])
    # Excel's date formats: a number in such a cell is read back as a date.
    for row in sheet.iter_rows(min_row=2):
        row[2].number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


EXCEL_VALUES = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([1e10, -1.0, 2958466, 60, 0, True, "=1/0", "=NOW()", "#DIV/0!"]),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.text(st.characters(exclude_categories=["Cs", "Cc"]), max_size=20),
)


@pytest.mark.filterwarnings("ignore:Cell .* is marked as a date:UserWarning")  # openpyxl: read as an error value
@given(st.lists(EXCEL_VALUES, min_size=1, max_size=5))
def test_workbooks_with_any_cell_values_are_read_or_refused_with_a_reason(cells):
    _read("people.xlsx", _workbook(cells))


@functools.cache
def _good_workbook() -> bytes:
    """Made once: a workbook records when it was saved, and each example must damage the same bytes."""
    return _workbook(["2024-04-01"])


@given(st.data())
def test_damaged_workbooks_are_refused_with_a_reason(data):
    content = bytearray(_good_workbook())
    for _ in range(data.draw(st.integers(1, 8))):
        content[data.draw(st.integers(0, len(content) - 1))] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(0, len(content)))
    _read("people.xlsx", bytes(content[: cut or len(content)]))


SHEET = (
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    '<row r="1"><c r="A1" t="inlineStr"><is><t>full_name</t></is></c><c r="B1" t="inlineStr"><is><t>email</t></is></c>'
    '</row><row r="2">{cell}</row></sheetData></worksheet>'
)
# Cells a workbook saved by another program, or edited by hand, may hold.
ODD_CELLS = {
    "unclosed XML": None,
    "a shared string that is not there": '<c r="A2" t="s"><v>99</v></c>',
    "a date that is not a date": '<c r="A2" t="d"><v>not a date</v></c>',
    "a number that is not a number": '<c r="A2" t="n"><v>abc</v></c>',
    "a column beyond the last": '<c r="ZZZZZZ2"><v>1</v></c>',
    "a number too big for a float": '<c r="A2"><v>1e999</v></c>',
    "a true or false that is 7": '<c r="A2" t="b"><v>7</v></c>',
    "an error value": '<c r="A2" t="e"><v>#N/A</v></c>',
    "a style that is not there": '<c r="A2" s="99"><v>1</v></c>',
}


def _workbook_with_sheet(sheet: bytes) -> bytes:
    damaged = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_good_workbook())) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            target.writestr(item, sheet if item.filename.endswith("sheet1.xml") else source.read(item.filename))
    return damaged.getvalue()


@pytest.mark.parametrize("odd", list(ODD_CELLS))
def test_a_workbook_with_an_odd_cell_is_read_or_refused_with_a_reason(odd):
    cell = ODD_CELLS[odd]
    sheet = b"<worksheet><sheetData><row><c" if cell is None else SHEET.format(cell=cell).encode()
    _read("people.xlsx", _workbook_with_sheet(sheet))


# --- The import pages -----------------------------------------------------------------------

IMPORT_PAGES = {
    # upload address: (who imports, the importer)
    "/workforce/teams/import/": ("pslead@example.org", "workforce.imports.teams.TEAMS"),
    "/workforce/people/import/": ("pslead@example.org", "workforce.imports.people.PEOPLE"),
    "/workforce/training/import/": ("pslead@example.org", "workforce.imports.training.TRAINING"),
    "/network/people/import/": ("coordinator@example.org", "together_network.imports.pool.POOL"),
}


def _plausible_cells() -> dict[str, str]:
    """A value for each column that the import would accept on its own, taken from the demo."""
    from workforce.models import PathwayRole, PeerSupportWorker, Team, TrainingCourse

    team = Team.objects.select_related("service").order_by("pk").first()
    worker = PeerSupportWorker.objects.exclude(email="").order_by("pk").first()
    return {
        "service": team.service.name,
        "team": team.name,
        "pathway_role": PathwayRole.objects.order_by("pk").first().name,
        "course": TrainingCourse.objects.order_by("pk").first().name,
        "full_name": "Ada Import",
        "email": worker.email,
        "start_date": "2024-04-01",
        "completed_on": "2024-05-01",
        "consent_given_on": "2024-04-01",
        "consent_review_due": "2025-04-01",
        "joined_on": "2024-03-01",
        "contracted_hours": "30",
        "status": "active",
        "preferred_contact": "email",
        "availability": "Mon AM",
        "online": "yes",
        "in_person": "no",
        "payment_preference": "paid",
    }


def _importer(dotted: str):
    from django.utils.module_loading import import_string

    return import_string(dotted)


@st.composite
def import_rows(draw, columns: tuple[str, ...], plausible: dict[str, str]) -> list[list[str]]:
    rows = []
    for _ in range(draw(st.integers(1, 3))):
        hostile = draw(st.sets(st.sampled_from(columns), max_size=2))
        rows.append([draw(text_strategy()) if column in hostile else plausible.get(column, "") for column in columns])
    return rows


EVERY_CELL_VALUES = [
    "NaN",
    "sNaN",
    "-Infinity",
    "1e400",
    str(2**64),
    "\x01\x1b control",
    "nul\x00inside",
    "31/02/2026",
    "99999-01-01",
]


def _csv(columns, rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([columns, *rows])
    return out.getvalue().encode("utf-8")


@pytest.mark.parametrize("upload_path", list(IMPORT_PAGES))
def test_import_pages_check_and_confirm_hostile_rows_without_a_server_error(site, upload_path):
    role, dotted = IMPORT_PAGES[upload_path]
    importer = _importer(dotted)
    client = Client()
    client.force_login(site.people[role])
    confirm_path = f"{upload_path}confirm/"
    columns = importer.column_names

    plausible = _plausible_cells()

    def survives(rows):
        note(repr(rows))
        with example_rolled_back(), as_postgresql_would():
            cache.clear()
            before = fingerprint()
            checked = client.post(upload_path, {"file": SimpleUploadedFile("rows.csv", _csv(columns, rows))})
            assert checked.status_code == 200, f"{checked.status_code} from the dry run"
            assert changes(before, fingerprint()) == {}, "the dry run wrote to the database"
            # Confirming sends back the rows the dry run signed, as the page's button does.
            signed = re.search(r'name="payload" value="([^"]+)"', checked.content.decode())
            if signed is None:
                return
            confirmed = client.post(confirm_path, {"payload": html.unescape(signed.group(1))})
            assert confirmed.status_code in {302, 409}, f"{confirmed.status_code} from confirming"
            if confirmed.status_code != 302:
                assert changes(before, fingerprint()) == {}, "a refused import wrote part of its rows"

    test = given(import_rows(columns, plausible))(survives)
    # Besides the generated rows: a good row, and every cell of a row holding one hostile value
    # (each column's check then sees it), beside a good row.
    good = [plausible.get(column, "") for column in columns]
    test = example([good])(test)
    for value in EVERY_CELL_VALUES:
        test = example([good, [value] * len(columns)])(test)
    test()
