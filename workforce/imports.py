"""Importing peer support workers from a CSV or Excel file: read, check every row, then create all or none.

The upload is checked first (a dry run) and nothing is written. The rows as read are then
signed into the confirmation form, so the file need not be kept anywhere; confirming checks
them again inside the import's transaction, because a team or an email may have changed in
between, and creates every row or none.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import openpyxl
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from .models import FULL_TIME_HOURS, PathwayRole, PeerSupportWorker, PeerSupportWorkerStatus, RoleHistory, Team

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
COLUMNS = (
    "full_name",
    "email",
    "team",
    "service",
    "pathway_role",
    "start_date",
    "end_date",
    "contracted_hours",
    "allowance_hours",
)
REQUIRED = ("full_name", "email", "team", "pathway_role", "start_date", "contracted_hours")
OPTIONAL = ("service", "end_date", "allowance_hours")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
SIGNING_SALT = "workforce.import_people"
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


def _csv_rows(uploaded):
    try:
        text = uploaded.read().decode("utf-8-sig")
    except UnicodeDecodeError as undecodable:
        raise ImportFileError("The file could not be read: save the CSV as UTF-8 and upload it again") from undecodable
    return csv.reader(io.StringIO(text))


def _xlsx_rows(uploaded):
    try:
        workbook = openpyxl.load_workbook(uploaded, read_only=True, data_only=True)
    except Exception as unreadable:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportFileError("The file could not be read as an Excel workbook (.xlsx)") from unreadable
    return workbook.worksheets[0].iter_rows(values_only=True)


def read_rows(uploaded) -> list[dict]:
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
    header = [_header_name(value) for value in next(source, [])]
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise ImportFileError(f"The first row must name the columns; missing: {', '.join(missing)}")
    rows = []
    for line, values in enumerate(source, start=2):
        texts = [_cell_text(value) for value in values]
        if not any(texts):
            continue
        if len(rows) == MAX_ROWS:
            raise ImportFileError(f"The file has more than {MAX_ROWS:,} people: split it into smaller files")
        row = dict.fromkeys(COLUMNS, "")
        row.update({column: text for column, text in zip(header, texts, strict=False) if column in row})
        rows.append({"line": line, **row})
    if not rows:
        raise ImportFileError("The file has no people in it below the header row")
    return rows


# --- Checking -----------------------------------------------------------------------------


def _date(text: str) -> datetime.date | None:
    for date_format in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, date_format).date()
        except ValueError:
            continue
    return None


def _hours(text: str, label: str, places: int, reasons: list[str]) -> Decimal | None:
    try:
        hours = Decimal(text)
    except InvalidOperation:
        reasons.append(f"{label} must be a number of hours, for example 37.5 (not '{text}')")
        return None
    if not hours.is_finite() or not Decimal(0) <= hours <= FULL_TIME_HOURS:
        reasons.append(f"{label} must be between 0 and 37.5 (not {text})")
        return None
    if hours != hours.quantize(Decimal(1).scaleb(-places)):
        reasons.append(f"{label} can have at most {places} decimal place{'s' if places > 1 else ''}")
        return None
    return hours


class _Lookups:
    """Teams, roles and existing emails, loaded once for the whole file."""

    def __init__(self):
        self.teams: dict[str, list[Team]] = {}
        for team in Team.objects.filter(is_active=True).select_related("service"):
            self.teams.setdefault(team.name.strip().lower(), []).append(team)
        self.roles = {role.name.strip().lower(): role for role in PathwayRole.objects.all()}
        self.existing_emails = {
            email.lower() for email in PeerSupportWorker.objects.exclude(email="").values_list("email", flat=True)
        }

    def team(self, name: str, service: str, reasons: list[str]) -> Team | None:
        candidates = self.teams.get(name.lower(), [])
        if service:
            candidates = [team for team in candidates if team.service.name.strip().lower() == service.lower()]
        if not candidates:
            where = f" in the service '{service}'" if service else ""
            reasons.append(f"There is no active team called '{name}'{where}")
            return None
        if len(candidates) > 1:
            reasons.append(f"More than one service has a team called '{name}': fill in the service column")
            return None
        return candidates[0]


def _check_row(row: dict, lookups: _Lookups, first_line_of_email: dict[str, int]) -> tuple[dict | None, list[str]]:
    reasons = [f"The {column.replace('_', ' ')} is missing" for column in REQUIRED if not row[column]]
    if len(row["full_name"]) > 200:
        reasons.append("The full name must be 200 characters or fewer")
    email = row["email"].lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            reasons.append(f"'{row['email']}' is not an email address")
        if email in first_line_of_email:
            reasons.append(f"The email {row['email']} is also on line {first_line_of_email[email]}")
        else:
            first_line_of_email[email] = row["line"]
        if email in lookups.existing_emails:
            reasons.append(f"A peer support worker with the email {row['email']} already exists")
    team = lookups.team(row["team"], row["service"], reasons) if row["team"] else None
    role = lookups.roles.get(row["pathway_role"].lower()) if row["pathway_role"] else None
    if row["pathway_role"] and role is None:
        reasons.append(f"There is no pathway role called '{row['pathway_role']}'")
    dates = {}
    for column, label in (("start_date", "start date"), ("end_date", "end date")):
        if row[column]:
            dates[column] = _date(row[column])
            if dates[column] is None:
                reasons.append(f"The {label} '{row[column]}' is not a date: use YYYY-MM-DD or DD/MM/YYYY")
    start, end = dates.get("start_date"), dates.get("end_date")
    if start and end and end < start:
        reasons.append("The end date is before the start date")
    contracted = _hours(row["contracted_hours"], "Contracted hours", 2, reasons) if row["contracted_hours"] else None
    allowance = _hours(row["allowance_hours"], "Allowance hours", 1, reasons) if row["allowance_hours"] else None
    if reasons:
        return None, reasons
    left = end is not None and end < timezone.localdate()
    return {
        "line": row["line"],
        "full_name": row["full_name"],
        "email": row["email"],
        "team": team,
        "pathway_role": role,
        "start_date": start,
        "end_date": end,
        "status": PeerSupportWorkerStatus.LEFT if left else PeerSupportWorkerStatus.ACTIVE,
        "contracted_hours": contracted,
        "allowance_hours": allowance,
    }, []


def check_rows(rows: list[dict]) -> ImportCheck:
    """Every row checked against the database and the rest of the file; nothing is written."""
    lookups = _Lookups()
    first_line_of_email: dict[str, int] = {}
    check = ImportCheck(rows=rows)
    for row in rows:
        valid, reasons = _check_row(row, lookups, first_line_of_email)
        if reasons:
            check.problems.append(RowProblem(line=row["line"], reasons=reasons))
        else:
            check.valid.append(valid)
    return check


# --- The confirmation's signed payload and the import -------------------------------------


def sign_rows(rows: list[dict]) -> str:
    return signing.dumps(rows, salt=SIGNING_SALT, compress=True)


def unsign_rows(payload: str) -> list[dict]:
    """The rows the dry run showed; raises `signing.BadSignature` if changed or too old."""
    rows = signing.loads(payload, salt=SIGNING_SALT, max_age=PAYLOAD_MAX_AGE_SECONDS)
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise signing.BadSignature("Unexpected payload")
    return [{"line": int(row.get("line", 0)), **{c: str(row.get(c, "")) for c in COLUMNS}} for row in rows]


class ImportRefused(Exception):
    def __init__(self, check: ImportCheck):
        super().__init__("Some rows cannot be imported")
        self.check = check


@transaction.atomic
def people_import(*, rows: list[dict]) -> list[PeerSupportWorker]:
    """Create every row or none: the rows are checked again here, in the import's transaction."""
    check = check_rows(rows)
    if not check.can_import:
        raise ImportRefused(check)
    fields = ("full_name", "email", "team", "pathway_role", "start_date", "end_date", "status")
    created = [
        PeerSupportWorker.objects.create(
            **{name: row[name] for name in fields},
            contracted_hours=row["contracted_hours"],
            allowance_hours=row["allowance_hours"],
        )
        for row in check.valid
    ]
    # Their role on the pathway is taken to have begun with their start date.
    RoleHistory.objects.bulk_create(
        RoleHistory(
            peer_support_worker=worker,
            pathway_role=worker.pathway_role,
            started_on=worker.start_date,
            ended_on=worker.end_date,
        )
        for worker in created
    )
    return created
