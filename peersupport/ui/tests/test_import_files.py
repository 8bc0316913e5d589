"""Reading an uploaded file: lines as the spreadsheet numbers them, whatever the file claims about itself.

What the upload pages say for each file they cannot read is tested through the pages, in
tests/test_hostile_uploads.py; these are the reader's own promises.
"""

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from peersupport.ui.imports import files
from peersupport.ui.tests.hostile_files import MAIN, text_cell, workbook


def read(name: str, content: bytes) -> list[tuple[int, list[str]]]:
    return list(files.read_lines(SimpleUploadedFile(name, content)))


def test_lines_keep_the_numbers_a_spreadsheet_shows_and_empty_lines_are_left_out():
    rows = (
        f'<row r="1">{text_cell("A1", "email")}{text_cell("C1", "team")}</row>'
        '<row r="2"><c r="A2" s="0"/></row>'
        f'<row r="4"><c r="A4" t="s"><v>0</v></c><c r="C4"><v>37.5</v></c></row>'
    )

    assert read("people.xlsx", workbook(rows, shared_strings=("ada@example.org",))) == [
        (1, ["email", "", "team"]),
        (4, ["ada@example.org", "", "37.5"]),
    ]
    assert read("people.csv", b"email,,team\n,,\nada@example.org,,37.5\n") == [
        (1, ["email", "", "team"]),
        (3, ["ada@example.org", "", "37.5"]),
    ]


def test_a_shared_string_of_runs_reads_as_its_text_without_its_phonetic_guide():
    runs = "<r><t>Ada </t></r><r><rPr><b/></rPr><t>Lovelace</t></r><rPh><t>ADA</t></rPh>"
    content = workbook('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', shared_strings=(runs,))

    assert read("people.xlsx", content) == [(1, ["Ada Lovelace"])]


def test_a_sheet_that_claims_a_million_rows_and_columns_is_read_as_written_at_once():
    # openpyxl's own rows would be padded out to the claimed size: 16,384 columns by 1,048,576 rows.
    rows = f'<row r="1">{text_cell("A1", "email")}</row><row r="1048576">{text_cell("A1048576", "x")}</row>'
    started = time.monotonic()

    lines = read("people.xlsx", workbook(rows, dimension="A1:XFD1048576"))

    assert time.monotonic() - started < 1
    assert lines == [(1, ["email"]), (1048576, ["x"])]


def test_entities_that_expand_a_billion_fold_are_refused():
    entities = '<!ENTITY a0 "dddddddddd">' + "".join(f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">' for n in range(1, 10))
    laughs = f'<?xml version="1.0"?><!DOCTYPE sst [{entities}]><sst {MAIN}><si><t>&a9;</t></si></sst>'
    plain = zipfile.ZipFile(io.BytesIO(workbook('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')))
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in plain.infolist():
            archive.writestr(part, laughs if part.filename == "xl/sharedStrings.xml" else plain.read(part))
    started = time.monotonic()

    with pytest.raises(files.ImportFileError, match="damaged or not a valid .xlsx file"):
        read("people.xlsx", content.getvalue())
    assert time.monotonic() - started < 2


def test_a_workbook_of_exactly_the_limits_is_read():
    wide = "".join(text_cell(f"{column}1", "x" * files.MAX_CELL_CHARACTERS) for column in ("A", "AX"))

    [(line, texts)] = read("people.xlsx", workbook(f'<row r="1">{wide}</row>'))

    assert (line, len(texts)) == (1, files.MAX_COLUMNS)
