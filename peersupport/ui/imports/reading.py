"""What every import shares: reading the file, the dry run's shape, the signed rows, all or none.

Used by the workforce's imports (teams, peer support workers, training records) and the Together
network's pool import; the pages that go with it are in `pages.py` beside it.

An import is described once, as an `Importer`: its columns (with what goes in each, shown on
the upload page), a function that checks every row against the database and the rest of the
file without writing, and a function that creates the checked rows. The upload is a dry run;
the rows as read are then signed into the confirmation form (with a salt per kind, so one
kind's rows are never accepted as another's), so the file need not be kept anywhere.
Confirming checks them again inside the import's transaction, because something may have
changed in between, and creates every row or none.
"""

import csv
import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import openpyxl
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
# Long enough to read the dry run and press the button; short enough that a stale page is refused.
PAYLOAD_MAX_AGE_SECONDS = 60 * 60


class ImportFileError(Exception):
    """The file as a whole cannot be read: its message is shown to the person who uploaded it."""


@dataclass
class RowProblem:
    line: int
    reasons: list[str]


@dataclass
class ImportCheck:
    """The dry run: what would be created, and every row that stops the import."""

    rows: list[dict]  # the rows as read, each with its `line`: what is signed into the confirmation
    valid: list[dict] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def can_import(self) -> bool:
        return bool(self.valid) and not self.problems


class ImportRefused(Exception):
    def __init__(self, check: ImportCheck):
        super().__init__("Some rows cannot be imported")
        self.check = check


@dataclass(frozen=True)
class Column:
    """A column of the file. `needed` is what the upload page says: Required, Optional, or when."""

    name: str
    needed: str
    help: str
    label: str = ""  # how messages name it, when "full_name" would not read as "the full name"

    @property
    def required(self) -> bool:
        """Whether the header must name it and every row must fill it in."""
        return self.needed == "Required"

    @property
    def described(self) -> str:
        return self.label or self.name.replace("_", " ")


@dataclass(frozen=True)
class PreviewCell:
    """A cell of the dry run's table of good rows: the value, and a smaller line under it."""

    text: str
    detail: str = ""


@dataclass(frozen=True)
class Importer:
    """One kind of import, described once for the reader, the checks, the pages and the messages.

    `check(rows)` returns the dry run and writes nothing; `create(valid=..., by=...)` writes the
    rows the check found good and is only ever called through `run`, inside its transaction.
    """

    app: str  # the app the rows belong to ("workforce"): with the kind, the signing salt
    kind: str  # the kind of rows ("people"): with the app, the signing salt
    title: str  # "Import teams"
    row_noun: str  # what one row describes, for "one team a row"
    noun: str  # counted: "1 team"
    noun_plural: str  # counted: "2 teams"
    columns: tuple[Column, ...]
    check: Callable[[list[dict]], ImportCheck]
    create: Callable[..., list]
    preview_headings: tuple[str, ...]
    preview: Callable[[dict], list[PreviewCell]]
    notes: tuple[str, ...] = ()

    @property
    def salt(self) -> str:
        return f"{self.app}.import_{self.kind}"

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns if column.required)

    def counted(self, count: int) -> str:
        return f"{count:,} {self.noun if count == 1 else self.noun_plural}"

    def read(self, uploaded) -> list[dict]:
        return read_rows(uploaded, columns=self.column_names, required=self.required, noun_plural=self.noun_plural)

    def sign(self, rows: list[dict]) -> str:
        return signing.dumps(rows, salt=self.salt, compress=True)

    def unsign(self, payload: str) -> list[dict]:
        """The rows the dry run showed; raises `signing.BadSignature` if changed, too old or another kind's."""
        rows = signing.loads(payload, salt=self.salt, max_age=PAYLOAD_MAX_AGE_SECONDS)
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise signing.BadSignature("Unexpected payload")
        try:
            return [
                {"line": int(row.get("line", 0)), **{name: str(row.get(name, "")) for name in self.column_names}}
                for row in rows
            ]
        except (TypeError, ValueError) as unexpected:
            raise signing.BadSignature("Unexpected payload") from unexpected

    def run(self, *, rows: list[dict], by=None) -> list:
        """Create every row or none: the rows are checked again here, in the import's transaction.

        Another import (or a person in the admin) may add the same team or person between the
        check and the insert; the database or a service then refuses, everything is rolled
        back and the rows are checked once more, so the person sees what changed.
        """
        try:
            with transaction.atomic():
                check = self.check(rows)
                if not check.can_import:
                    raise ImportRefused(check)
                return self.create(valid=check.valid, by=by)
        except (IntegrityError, ValidationError):
            raise ImportRefused(self.check(rows)) from None


# --- Reading ------------------------------------------------------------------------------


def _header_name(value) -> str:
    return str(value or "").strip().lower().replace(" ", "_")


def _cell_text(value) -> str:
    """A cell as the text a person would have typed: Excel gives dates and numbers, CSV gives text."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


NOT_A_CSV = "The file could not be read as a CSV: save it as 'CSV UTF-8' and upload it again"


def _csv_rows(uploaded):
    try:
        text = uploaded.read().decode("utf-8-sig")
    except UnicodeDecodeError as undecodable:
        raise ImportFileError("The file could not be read: save the CSV as UTF-8 and upload it again") from undecodable
    # Python's csv module reads NUL characters as text, but the database cannot store them: a file
    # with one was saved as something other than CSV (a workbook renamed, UTF-16).
    if "\x00" in text:
        raise ImportFileError(NOT_A_CSV)
    return csv.reader(io.StringIO(text))


def _xlsx_rows(uploaded):
    try:
        workbook = openpyxl.load_workbook(uploaded, read_only=True, data_only=True)
    except Exception as unreadable:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportFileError("The file could not be read as an Excel workbook (.xlsx)") from unreadable
    return workbook.worksheets[0].iter_rows(values_only=True)


def read_rows(uploaded, *, columns: tuple[str, ...], required: tuple[str, ...], noun_plural: str) -> list[dict]:
    """The file's rows as text, keyed by column, each with the `line` a spreadsheet shows it on."""
    if uploaded.size > MAX_FILE_BYTES:
        raise ImportFileError("The file must be smaller than 2 MB")
    name = uploaded.name.lower()
    if name.endswith(".csv"):
        source = _csv_rows(uploaded)
    elif name.endswith(".xlsx"):
        source = _xlsx_rows(uploaded)
    else:
        raise ImportFileError("The file must be a CSV (.csv) or an Excel workbook (.xlsx)")
    try:
        header = [_header_name(value) for value in next(source, [])]
        missing = [column for column in required if column not in header]
        if missing:
            raise ImportFileError(f"The first row must name the columns; missing: {', '.join(missing)}")
        rows = []
        for line, values in enumerate(source, start=2):
            texts = [_cell_text(value) for value in values]
            if not any(texts):
                continue
            if len(rows) == MAX_ROWS:
                raise ImportFileError(f"The file has more than {MAX_ROWS:,} {noun_plural}: split it into smaller files")
            row = dict.fromkeys(columns, "")
            row.update({column: text for column, text in zip(header, texts, strict=False) if column in row})
            rows.append({"line": line, **row})
    except csv.Error as malformed:  # a field longer than csv allows, say: not a CSV a person saved
        raise ImportFileError(NOT_A_CSV) from malformed
    if not rows:
        raise ImportFileError(f"The file has no {noun_plural} in it below the header row")
    return rows


# --- Helpers for the checks ---------------------------------------------------------------


def missing_values(row: dict, columns: tuple[Column, ...]) -> list[str]:
    return [f"The {column.described} is missing" for column in columns if column.required and not row[column.name]]


def parse_date(text: str) -> datetime.date | None:
    for date_format in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, date_format).date()
        except ValueError:
            continue
    return None


def not_a_date(label: str, text: str) -> str:
    return f"The {label} '{text}' is not a date: use YYYY-MM-DD or DD/MM/YYYY"


def parse_hours(
    text: str, label: str, places: int, reasons: list[str], *, most: Decimal, zero_allowed: bool = True
) -> Decimal | None:
    """Hours from 0 (or above 0) to `most` with at most `places` decimals; else a reason and None."""
    try:
        hours = Decimal(text)
    except InvalidOperation:
        reasons.append(f"{label} must be a number of hours, for example 37.5 (not '{text}')")
        return None
    least_ok = hours >= 0 if zero_allowed else hours > 0
    if not hours.is_finite() or not (least_ok and hours <= most):
        span = f"between 0 and {most}" if zero_allowed else f"more than 0 and at most {most}"
        reasons.append(f"{label} must be {span} (not {text})")
        return None
    if hours != hours.quantize(Decimal(1).scaleb(-places)):
        reasons.append(f"{label} can have at most {places} decimal place{'s' if places > 1 else ''}")
        return None
    return hours


def too_long(row: dict, limits: dict[str, int]) -> list[str]:
    return [
        f"The {column.replace('_', ' ')} must be {limit} characters or fewer"
        for column, limit in limits.items()
        if len(row[column]) > limit
    ]


def day(value: datetime.date) -> str:
    """A date as the pages write it: 1 April 2024."""
    return f"{value:%-d %B %Y}"


def check_each(rows: list[dict], check_row: Callable[[dict], tuple[dict | None, list[str]]]) -> ImportCheck:
    """The dry run: `check_row` gives each row's good form or its reasons."""
    check = ImportCheck(rows=rows)
    for row in rows:
        valid, reasons = check_row(row)
        if reasons:
            check.problems.append(RowProblem(line=row["line"], reasons=reasons))
        else:
            check.valid.append(valid)
    return check
