"""Importing teams: one team a row, in an existing service or in a new one the file describes.

A service is matched by name whatever the case. A new service needs its category on at
least one of its rows; every row that gives it a category (or specialism) must agree.
"""

from django.contrib.auth import get_user_model
from django.db.models.functions import Lower

from peersupport.accounts.roles import Role
from peersupport.ui.imports.reading import (
    Column,
    ImportCheck,
    Importer,
    PreviewCell,
    check_each,
    missing_values,
    too_long,
)

from .. import services
from ..models import Service, ServiceCategory, Team

LEADS_SEPARATOR = ";"
CATEGORIES = ", ".join(ServiceCategory.labels[:-1]) + f" or {ServiceCategory.labels[-1]}"

TEAMS_COLUMNS = (
    Column("service", "Required", "The service's name; a service that does not exist yet is created"),
    Column("team", "Required", "The team's name; must not already be a team of that service"),
    Column(
        "category",
        "For a new service",
        f"One of {CATEGORIES}; if given for an existing service, it must match",
    ),
    Column("specialism", "Optional", "For a new specialist service, for example Perinatal or Eating disorders"),
    Column(
        "leads",
        "Optional",
        "The team leads' login emails, separated by semicolons (;); each must be an active login "
        "with the Team lead role",
    ),
)


def _category(text: str) -> str | None:
    """A category from its value or its label, whatever the case."""
    wanted = text.strip().lower()
    for value, label in ServiceCategory.choices:
        if wanted in (value, label.lower()):
            return value
    return None


def _lead_emails(text: str) -> list[str]:
    emails = [email.strip().lower() for email in text.split(LEADS_SEPARATOR)]
    return list(dict.fromkeys(email for email in emails if email))


class _Lookups:
    """Services, their teams and the leads the file names, loaded once for the whole file."""

    def __init__(self, rows: list[dict]):
        self.services = {service.name.strip().lower(): service for service in Service.objects.all()}
        self.teams = {
            (service_id, name.strip().lower()) for service_id, name in Team.objects.values_list("service_id", "name")
        }
        emails = {email for row in rows for email in _lead_emails(row["leads"])}
        users = get_user_model().objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails)
        self.users = {user.email_lower: user for user in users.prefetch_related("groups")}

    def leads(self, text: str, reasons: list[str]) -> list:
        leads = []
        for email in _lead_emails(text):
            user = self.users.get(email)
            if user is None:
                reasons.append(f"No one logs in with the email {email}, so they cannot lead the team")
            elif not user.is_active:
                reasons.append(f"The login {email} is switched off, so they cannot lead the team")
            elif not user.has_role(Role.TEAM_LEAD):
                reasons.append(f"{email} does not have the Team lead role: give them the role first")
            else:
                leads.append(user)
        return leads


class _NewServices:
    """What the file says about each service that does not exist yet: the first row to say it wins."""

    def __init__(self, rows: list[dict], lookups: _Lookups):
        self.name: dict[str, str] = {}
        self.category: dict[str, tuple[int, str]] = {}
        self.specialism: dict[str, tuple[int, str]] = {}
        for row in rows:
            key = row["service"].strip().lower()
            if not key or key in lookups.services:
                continue
            self.name.setdefault(key, row["service"].strip())
            category = _category(row["category"]) if row["category"] else None
            if category:
                self.category.setdefault(key, (row["line"], category))
            if row["specialism"]:
                self.specialism.setdefault(key, (row["line"], row["specialism"].strip()))


def _check_category(row: dict, service: Service | None, new: _NewServices, reasons: list[str]) -> str | None:
    key = row["service"].strip().lower()
    category = _category(row["category"]) if row["category"] else None
    if row["category"] and category is None:
        reasons.append(f"'{row['category']}' is not a category: use one of {CATEGORIES}")
        return None
    if service is not None:
        if category and category != service.category:
            reasons.append(
                f"The service '{service.name}' is in the category {service.get_category_display()}, "
                f"not {ServiceCategory(category).label}"
            )
        return service.category
    if key not in new.category:
        reasons.append(f"The category is missing: there is no service called '{row['service']}' yet")
        return None
    line, first = new.category[key]
    if category and category != first:
        reasons.append(
            f"Line {line} gives the new service '{new.name[key]}' the category {ServiceCategory(first).label}, "
            f"not {ServiceCategory(category).label}"
        )
    return first


def _check_specialism(row: dict, service: Service | None, new: _NewServices, reasons: list[str]) -> str:
    specialism = row["specialism"].strip()
    if service is not None:
        if specialism and specialism.lower() != service.specialism.strip().lower():
            has = f"the specialism '{service.specialism}'" if service.specialism else "no specialism"
            reasons.append(f"The service '{service.name}' has {has}, not '{specialism}'")
        return service.specialism
    key = row["service"].strip().lower()
    line, first = new.specialism.get(key, (0, ""))
    if specialism and specialism.lower() != first.lower():
        reasons.append(f"Line {line} gives the new service '{new.name[key]}' the specialism '{first}'")
    return first


def check_rows(rows: list[dict]) -> ImportCheck:
    """Every row checked against the database and the rest of the file; nothing is written."""
    lookups = _Lookups(rows)
    new_services = _NewServices(rows, lookups)
    first_line_of_team: dict[tuple[str, str], int] = {}

    def check_row(row: dict) -> tuple[dict | None, list[str]]:
        reasons = missing_values(row, TEAMS_COLUMNS) + too_long(row, {"service": 200, "team": 200, "specialism": 100})
        service_name, team_name = row["service"].strip(), row["team"].strip()
        service = lookups.services.get(service_name.lower())
        category = specialism = None
        if service_name:
            category = _check_category(row, service, new_services, reasons)
            specialism = _check_specialism(row, service, new_services, reasons)
        if service_name and team_name:
            key = (service_name.lower(), team_name.lower())
            if service is not None and (service.pk, team_name.lower()) in lookups.teams:
                reasons.append(f"The service '{service.name}' already has a team called '{team_name}'")
            if key in first_line_of_team:
                reasons.append(f"The team '{team_name}' in '{service_name}' is also on line {first_line_of_team[key]}")
            else:
                first_line_of_team[key] = row["line"]
        leads = lookups.leads(row["leads"], reasons)
        if reasons:
            return None, reasons
        return {
            "line": row["line"],
            "service": service,
            "service_name": service.name if service else new_services.name[service_name.lower()],
            "category": category,
            "specialism": specialism,
            "team": team_name,
            "leads": leads,
        }, []

    return check_each(rows, check_row)


def _create(*, valid: list[dict], by=None) -> list[Team]:
    created_services: dict[str, Service] = {}
    teams = []
    for row in valid:
        service = row["service"]
        if service is None:
            key = row["service_name"].lower()
            if key not in created_services:
                created_services[key] = services.service_create(
                    name=row["service_name"], category=row["category"], specialism=row["specialism"]
                )
            service = created_services[key]
        teams.append(services.team_create(service=service, name=row["team"], leads=row["leads"]))
    return teams


def _preview(row: dict) -> list[PreviewCell]:
    category = ServiceCategory(row["category"]).label
    about = ", ".join(filter(None, [category, row["specialism"]]))
    return [
        PreviewCell(row["service_name"], f"{'New' if row['service'] is None else 'Existing'} service: {about}"),
        PreviewCell(row["team"]),
        PreviewCell(", ".join(lead.get_full_name() for lead in row["leads"]) or "None yet"),
    ]


TEAMS = Importer(
    app="workforce",
    kind="teams",
    title="Import teams",
    row_noun="team",
    noun="team",
    noun_plural="teams",
    columns=TEAMS_COLUMNS,
    check=check_rows,
    create=_create,
    preview_headings=("Service", "Team", "Leads"),
    preview=_preview,
    notes=(
        "A service that does not exist yet is created with the first team the file puts in it: "
        "give its category on that row (or on any row of that service).",
    ),
)


def teams_import(*, rows: list[dict], by=None) -> list[Team]:
    """Create every row or none; raises `ImportRefused` with the new check if any row is bad now."""
    return TEAMS.run(rows=rows, by=by)
