"""Importing peer support workers: one person a row, with their team, pathway role, dates and hours.

Each row is held to the same rules as the form (`services.person_problems`) and each person is
added through `services.peer_support_worker_add`, so their role history and who added them are
recorded exactly as when they are added one at a time.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from peersupport.ui.imports.reading import (
    Column,
    ImportCheck,
    Importer,
    PreviewCell,
    check_each,
    day,
    missing_values,
    not_a_date,
    parse_date,
    parse_hours,
    too_long,
)

from .. import services
from ..models import FULL_TIME_HOURS, PathwayRole, PeerSupportWorker, PeerSupportWorkerStatus, Team

PEOPLE_COLUMNS = (
    Column("full_name", "Required", "Their full name"),
    Column("email", "Required", "Their work email; must not already belong to a peer support worker"),
    Column("team", "Required", "The team's name, as on the Workforce pages"),
    Column("service", "Optional", "The team's service, when two services have a team of that name"),
    Column("pathway_role", "Required", "The step on the career pathway, for example Peer support worker"),
    Column("start_date", "Required", "YYYY-MM-DD or DD/MM/YYYY"),
    Column("end_date", "Optional", "For someone who has left or is on a fixed-term contract; not before the start"),
    Column("contracted_hours", "Required", "Hours a week, more than 0 and at most 37.5"),
    Column(
        "allowance_hours",
        "Optional",
        "Monthly involvement allowance, at most their contracted hours in a month; empty for the trust-wide default",
    ),
)
COLUMNS = tuple(column.name for column in PEOPLE_COLUMNS)


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


def _check_row(
    row: dict, lookups: _Lookups, first_line_of_email: dict[str, int], today: datetime.date
) -> tuple[dict | None, list[str]]:
    reasons = missing_values(row, PEOPLE_COLUMNS) + too_long(row, {"full_name": 200})
    email = row["email"].lower()
    said_here = set()  # fields of the record rules this check words in the file's own terms
    if email:
        said_here.add("email")  # its format, a second line with it, or someone who already has it
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
            dates[column] = parse_date(row[column])
            if dates[column] is None:
                reasons.append(not_a_date(label, row[column]))
    start, end = dates.get("start_date"), dates.get("end_date")
    if start and end and end < start:
        reasons.append("The end date is before the start date")
        said_here.add("end_date")
    contracted = (
        parse_hours(row["contracted_hours"], "Contracted hours", 2, reasons, most=FULL_TIME_HOURS, zero_allowed=False)
        if row["contracted_hours"]
        else None
    )
    allowance = (
        parse_hours(row["allowance_hours"], "Allowance hours", 1, reasons, most=FULL_TIME_HOURS)
        if row["allowance_hours"]
        else None
    )
    unreadable = (row["end_date"] and end is None) or (row["allowance_hours"] and allowance is None)
    if None in (team, start, contracted) or unreadable:
        return None, reasons  # the record rules need every value; this row already says why one is missing
    left = end is not None and end < today
    values = {
        "full_name": row["full_name"],
        "email": row["email"],
        "team": team,
        "start_date": start,
        "end_date": end,
        "status": PeerSupportWorkerStatus.LEFT if left else PeerSupportWorkerStatus.ACTIVE,
        "contracted_hours": contracted,
        "allowance_hours": allowance,
        "line_manager": None,
        "supervisor": None,
    }
    # The rules every record keeps, as the form applies them: contracted hours more than 0,
    # an allowance within the contract, and whatever else they come to hold.
    problems = services.person_problems(values, worker=None, today=today)
    reasons += [problem for field, problem in problems.items() if field not in said_here]
    if reasons:
        return None, reasons
    return {"line": row["line"], "pathway_role": role, **values}, []


def check_rows(rows: list[dict]) -> ImportCheck:
    """Every row checked against the database and the rest of the file; nothing is written."""
    lookups = _Lookups()
    first_line_of_email: dict[str, int] = {}
    today = timezone.localdate()
    return check_each(rows, lambda row: _check_row(row, lookups, first_line_of_email, today))


def _create(*, valid: list[dict], by=None) -> list[PeerSupportWorker]:
    """Each person as the form adds them: their role on the pathway begins with their start date."""
    return [
        services.peer_support_worker_add(
            by=by, pathway_role=row["pathway_role"], **{name: row[name] for name in services.PERSON_FIELDS}
        )
        for row in valid
    ]


def _preview(row: dict) -> list[PreviewCell]:
    hours = f"{row['contracted_hours']} a week"
    if row["allowance_hours"] is not None:
        hours += f", allowance {row['allowance_hours']} a month"
    dates = day(row["start_date"]) + (f" to {day(row['end_date'])}" if row["end_date"] else "")
    return [
        PreviewCell(row["full_name"]),
        PreviewCell(row["email"]),
        PreviewCell(row["team"].name, row["team"].service.name),
        PreviewCell(row["pathway_role"].name),
        PreviewCell(dates),
        PreviewCell(hours),
    ]


PEOPLE = Importer(
    app="workforce",
    kind="people",
    title="Import peer support workers",
    row_noun="peer support worker",
    noun="person",
    noun_plural="people",
    columns=PEOPLE_COLUMNS,
    check=check_rows,
    create=_create,
    preview_headings=("Name", "Email", "Team", "Pathway role", "Start", "Hours"),
    preview=_preview,
)


def people_import(*, rows: list[dict], by=None) -> list[PeerSupportWorker]:
    """Create every row or none; raises `ImportRefused` with the new check if any row is bad now."""
    return PEOPLE.run(rows=rows, by=by)
