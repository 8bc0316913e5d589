"""Hostile values: what a careless, unlucky or malicious person might send in a field or a file.

Each field gets either a plausible value (what the page offers or has filled in, or a sensible
value for its kind) or a hostile one, so some examples get past the first field's error and
reach the checks and writes behind it.
"""

import csv
import functools
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from hypothesis import strategies as st

HOSTILE_TEXTS = [
    "",
    " ",
    "\t\r\n ",
    "x" * 10_000,
    "\u202eevil\u202c name",  # right-to-left override
    "\u200fRTL mark\u200e",
    "a\u200db\u200c\u2060c",  # zero-width joiner, non-joiner, word joiner
    "\ufeffbom",
    "\x00",
    "nul\x00inside",
    "".join(chr(code) for code in range(1, 32)),  # C0 controls
    "\x7f\x85\x9b\x9f",  # DEL and C1 controls
    "\u2028line\u2029separators",
    "🧠💬👩🏽‍⚕️🏳️‍🌈",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --",
    '"; DROP TABLE auth_user; --',
    "%s%n%x{0}",
    "{{ request.user.password }}",
    "../../../etc/passwd",
    "NaN",
    "nan",
    "sNaN",
    "inf",
    "-Infinity",
    "-1",
    "-0",
    "0",
    "0.0000001",
    "1e400",
    "1e-400",
    "9" * 60,
    str(2**31),
    str(2**63),
    str(2**64),
    str(-(2**63) - 1),
    "0x10",
    "1_000",
    "١٢٣",  # Arabic-Indic digits
    "𝟙𝟚",  # mathematical digits
    "12.345.678",
    "31/02/2026",
    "2026-02-31",
    "0000-00-00",
    "99999-01-01",
    "25:61",
    "someone@",
    "@example.org",
    "a@b@example.org",
    "Ω" * 300,
]

# Dates no calendar has: (day, month, year).
IMPOSSIBLE_DATES = [
    ("31", "2", "2026"),
    ("29", "2", "2027"),
    ("0", "0", "0"),
    ("1", "1", "99999"),
    ("1", "13", "2026"),
    ("-1", "-1", "-1"),
    ("32", "1", "1"),
    ("1", "1", "0001"),
    ("31", "12", "9999"),
    ("NaN", "inf", "1e400"),
    (str(2**64), str(2**63), str(2**64)),
]

DATE_PARTS = ("_day", "_month", "_year")


def text_strategy() -> st.SearchStrategy[str]:
    """Hostile text: one of the list, or any text without lone surrogates (not valid in HTTP)."""
    generated = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
    return st.one_of(st.sampled_from(HOSTILE_TEXTS), generated)


def id_strategy(ids: list[int]) -> st.SearchStrategy[str]:
    """Ids of records that exist (of every kind, mostly someone else's) and of records that do not."""
    missing = st.sampled_from(["0", "-1", "999999999", str(2**63 - 1), str(2**63), str(2**64), "1.5", "1e3"])
    return st.one_of(st.sampled_from([str(each) for each in ids]), missing) if ids else missing


def plausible(name: str, kind: str, page_values: list[str]) -> str:
    """A value a person filling the field in sensibly might give."""
    filled = [value for value in page_values if value]
    if filled:
        return filled[0]
    today = timezone.localdate()
    lowered = name.lower()
    for part, value in zip(DATE_PARTS, (today.day, today.month, today.year), strict=True):
        if lowered.endswith(part):
            return str(value)
    if kind == "email" or "email" in lowered:
        return "new.person@example.org"
    if kind == "tel" or "phone" in lowered:
        return "07700 900123"
    if "time" in lowered:
        return "10:00"
    if "minutes" in lowered:
        return "30"
    if any(word in lowered for word in ("hours", "amount", "equivalent", "limit", "headcount", "band", "months")):
        return "2"
    if kind == "number":
        return "1"
    return "Hostile input check"


# --- Files --------------------------------------------------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@functools.cache
def _bomb() -> bytes:
    """A small .xlsx-shaped zip that expands to 50 MB: the reader must not trust the declared size."""
    return _zip({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b"<" + b"0" * 50_000_000})


def _csv_text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


FIXED_FILES = [
    ("empty.csv", lambda: b""),
    ("empty.xlsx", lambda: b""),
    ("header-only.csv", lambda: b"full_name,email\r\n"),
    ("latin-1.csv", lambda: "full_name,email\r\nJosé Núñez,josé@example.org\r\n".encode("latin-1")),
    ("utf-16.csv", lambda: "full_name,email\r\nAda,ada@example.org\r\n".encode("utf-16")),
    ("nul.csv", lambda: b"full_name,email\r\nA\x00da,ada@example.org\r\n"),
    ("huge-field.csv", lambda: b'full_name\r\n"' + b"x" * 200_000 + b'"\r\n'),
    ("unclosed-quote.csv", lambda: b'full_name,email\r\n"Ada,ada@example.org\r\n'),
    ("bomb.xlsx", _bomb),
    ("not-a-workbook.xlsx", lambda: _zip({"hello.txt": b"hello"})),
    ("csv-named.xlsx", lambda: b"full_name,email\r\nAda,ada@example.org\r\n"),
    ("no-extension", lambda: b"full_name,email\r\n"),
    ("\u202eslx.csv", lambda: b"full_name,email\r\nAda,ada@example.org\r\n"),
    ("x" * 300 + ".csv", lambda: b"full_name,email\r\nAda,ada@example.org\r\n"),
    ("too-big.csv", lambda: b"a\r\n" + b"x" * (2 * 1024 * 1024 + 1)),
]


@st.composite
def upload_strategy(draw, columns: tuple[str, ...] = ()) -> SimpleUploadedFile:
    """A hostile upload: a fixed nasty file, random bytes, or a CSV of hostile cells under a good header."""
    kind = draw(st.sampled_from(["fixed", "bytes", "cells"]))
    if kind == "fixed":
        name, content = draw(st.sampled_from(FIXED_FILES))
        return SimpleUploadedFile(name, content(), content_type="application/octet-stream")
    if kind == "bytes":
        name = draw(st.sampled_from(["random.csv", "random.xlsx", "random.pdf", "random.png"]))
        return SimpleUploadedFile(name, draw(st.binary(max_size=2000)), content_type="application/octet-stream")
    header = list(columns) or ["full_name", "email"]
    rows = draw(st.lists(st.lists(text_strategy(), min_size=len(header), max_size=len(header)), min_size=1, max_size=3))
    return SimpleUploadedFile("cells.csv", _csv_text([header, *rows]).encode("utf-8"), content_type="text/csv")
