"""Files no spreadsheet program writes, built part by part, with the words the upload page answers them with.

A workbook (.xlsx) is a zip archive of XML parts; `workbook` writes the few parts openpyxl needs
by hand, so a test can put in them what Excel never would.
"""

import functools
import io
import zipfile
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>"""
PACKAGE_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="xl/workbook.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
</Relationships>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="worksheets/sheet1.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>
<Relationship Id="rId2" Target="sharedStrings.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>
</Relationships>"""
MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RELATIONSHIPS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
ONE_SHEET = '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets>'


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def workbook(
    rows: str = "",
    *,
    sheets: str = ONE_SHEET,
    shared_strings: tuple[str, ...] = ("email",),
    dimension: str = "",
    extra_parts: dict[str, bytes] | None = None,
) -> bytes:
    """A workbook whose first sheet holds `rows` (the XML of its `<row>` elements) as written."""
    content = io.BytesIO()
    # A text, or the XML inside its <si> when it starts with "<" (runs of formatted text).
    strings = "".join(
        f"<si>{text}</si>" if text.startswith("<") else f"<si><t>{text}</t></si>" for text in shared_strings
    )
    with zipfile.ZipFile(content, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("xl/workbook.xml", f"<workbook {MAIN} {RELATIONSHIPS}>{sheets}</workbook>")
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/sharedStrings.xml", f'<sst {MAIN} count="{len(shared_strings)}">{strings}</sst>'.encode())
        dimension_xml = f'<dimension ref="{dimension}"/>' if dimension else ""
        archive.writestr(
            "xl/worksheets/sheet1.xml", f"<worksheet {MAIN}>{dimension_xml}<sheetData>{rows}</sheetData></worksheet>"
        )
        for name, data in (extra_parts or {}).items():
            archive.writestr(name, data)
    return content.getvalue()


def first_row_with(cell: str) -> bytes:
    """A workbook whose first row has a readable cell and then `cell`."""
    return workbook(f'<row r="1">{text_cell("A1", "full_name")}{cell}</row>')


@functools.cache
def zip_bomb() -> bytes:
    """A workbook that weighs about 30 KB and declares a part of 30 MB (of zeros), as a zip bomb does."""
    return workbook(extra_parts={"xl/media/padding.bin": bytes(30 * 1024 * 1024)})


@dataclass(frozen=True)
class Hostile:
    name: str  # the upload's file name
    content: bytes
    says: str  # what the error summary says, in part

    def upload(self) -> SimpleUploadedFile:
        return SimpleUploadedFile(self.name, self.content)


@functools.cache
def hostile_files() -> dict[str, Hostile]:
    """Every kind of file the upload pages must answer with a message, never an error page, by test id."""
    good = workbook(f'<row r="1">{text_cell("A1", "email")}</row>')
    damaged = "holds a value Excel would not write"
    return {
        "workbook with no sheet": Hostile("f.xlsx", workbook(sheets="<sheets/>"), "it has no sheets"),
        "cell typed as a date that is not one": Hostile(
            "f.xlsx", first_row_with('<c r="B1" t="d"><v>the 32nd of May</v></c>'), damaged
        ),
        "shared string that is not there": Hostile("f.xlsx", first_row_with('<c r="B1" t="s"><v>7</v></c>'), damaged),
        "true or false cell holding text": Hostile("f.xlsx", first_row_with('<c r="B1" t="b"><v>yes</v></c>'), damaged),
        "number cell holding text": Hostile("f.xlsx", first_row_with('<c r="B1"><v>twelve</v></c>'), damaged),
        "cell past column ZZZ": Hostile("f.xlsx", first_row_with(text_cell("AAAA1", "x")), damaged),
        "value past the 50th column": Hostile(
            "f.xlsx", first_row_with(text_cell("AZ1", "x")), "more than 50 columns: line 1 has a value in column AZ"
        ),
        "cell over 1,000 characters": Hostile(
            "f.xlsx", first_row_with(text_cell("B1", "x" * 1001)), "line 1, column B has more than 1,000 characters"
        ),
        "sheet of more than 10,000 rows": Hostile(
            "f.xlsx",
            workbook("".join(f'<row r="{n}"><c r="A{n}" s="1"/></row>' for n in range(1, 10_002))),
            "its first sheet has more than 10,000 rows, counting empty ones",
        ),
        "more than 100,000 shared strings": Hostile(
            "f.xlsx",
            workbook(shared_strings=tuple(str(n) for n in range(100_001))),
            "its cells hold more than 100,000 different texts",
        ),
        "zip bomb": Hostile("f.xlsx", zip_bomb(), "it unpacks to more than 5 MB"),
        "packed far tighter than a spreadsheet": Hostile(
            "f.xlsx",
            workbook(extra_parts={"xl/media/padding.bin": bytes(3 * 1024 * 1024)}),
            "it unpacks to more than 100 times its size",
        ),
        "archive of too many parts": Hostile(
            "f.xlsx",
            workbook(extra_parts={f"xl/media/image{n}.png": b"" for n in range(200)}),
            "it has more than 200 parts",
        ),
        "file of 11 MB": Hostile("f.csv", b"email\n" + b"x" * (11 * 1024 * 1024), "The file must be smaller than 2 MB"),
        "truncated workbook": Hostile("f.xlsx", good[: len(good) // 2], "is not a valid .xlsx file"),
        "not a zip at all": Hostile("f.xlsx", b"full_name,email\nAda,ada@example.org\n", "is not a valid .xlsx file"),
        "CSV not in UTF-8": Hostile("f.csv", "full_name,email\nZoë,z@example.org\n".encode("cp1252"), "UTF-8 text"),
        "CSV with NUL characters": Hostile("f.csv", b"full_name,email\nA\x00da,ada@example.org\n", "NUL characters"),
        "CSV cell over 1,000 characters": Hostile(
            "f.csv", b"email," + b"x" * 1001 + b"\n", "line 1, column B has more than 1,000 characters"
        ),
        "CSV cell over the reader's own limit": Hostile(
            "f.csv", b'email,"' + b"x" * 200_000 + b'"\n', "line 1 has more than 1,000 characters"
        ),
        "CSV past the 50th column": Hostile("f.csv", b"email" + b",x" * 50 + b"\n", "more than 50 columns"),
    }
