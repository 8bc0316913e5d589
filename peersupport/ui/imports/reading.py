"""What every import shares: the rows of the file, the dry run's shape, the signed rows, all or none.

Used by the workforce's imports (teams, peer support workers, training records) and the Together
network's pool import; the file itself is read by `files.py` and the pages that go with it are
in `pages.py`, both beside it.

An import is described once, as an `Importer`: its columns (with what goes in each, shown on
the upload page), a function that checks every row against the database and the rest of the
file without writing, and a function that creates the checked rows. The upload is a dry run;
the rows as read are then signed into the confirmation form (with a salt per kind, so one
kind's rows are never accepted as another's), so the file need not be kept anywhere.
Confirming checks them again inside the import's transaction, because something may have
changed in between, and creates every row or none.
"""

import datetime
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from . import files
from .files import ImportFileError

MAX_ROWS = 2000
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
# Long enough to read the dry run and press the button; short enough that a stale page is refused.
PAYLOAD_MAX_AGE_SECONDS = 60 * 60


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


def read_rows(uploaded, *, columns: tuple[str, ...], required: tuple[str, ...], noun_plural: str) -> list[dict]:
    """The file's rows as text, keyed by column, each with the `line` a spreadsheet shows it on.

    `files.read_lines` reads the file within its limits; the reading stops at the first row past `MAX_ROWS`.
    """
    source = files.read_lines(uploaded)
    lines = source
    try:
        first = next(lines, None)
        header = [_header_name(value) for value in first[1]] if first and first[0] == 1 else []
        missing = [column for column in required if column not in header]
        if missing:
            raise ImportFileError(f"The first row must name the columns; missing: {', '.join(missing)}")
        if first and first[0] != 1:
            lines = itertools.chain([first], lines)
        rows = []
        for line, texts in lines:
            if len(rows) == MAX_ROWS:
                raise ImportFileError(f"The file has more than {MAX_ROWS:,} {noun_plural}: split it into smaller files")
            row = dict.fromkeys(columns, "")
            row.update({column: text for column, text in zip(header, texts, strict=False) if column in row})
            rows.append({"line": line, **row})
    finally:
        source.close()  # a workbook is closed at once, not when the reader is collected
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
    """Hours from 0 (or above 0) to `most` with at most `places` decimals; else a reason and None.

    `Decimal` reads "NaN", "sNaN" and "Infinity" too: they are not a number of hours, and comparing
    them would raise rather than refuse. "1e999" is a number, refused as too many hours.
    """
    try:
        hours = Decimal(text)
    except InvalidOperation:
        hours = None
    if hours is None or not hours.is_finite():
        reasons.append(f"{label} must be a number of hours, for example 37.5 (not '{text}')")
        return None
    least_ok = hours >= 0 if zero_allowed else hours > 0
    if not (least_ok and hours <= most):
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
