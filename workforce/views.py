import csv
import io

import openpyxl
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from involvement.services import psw_hours_booked
from peersupport.accounts.permissions import can, permission_required

from . import charts, imports, selectors, services
from .forms import PeopleImportForm, SupervisionSessionForm, TrainingRecordForm
from .models import PathwayRole, PeerSupportWorker, PeerSupportWorkerStatus, Service, ServiceCategory, Team
from .selectors.dashboard import workforce_dashboard
from .selectors.pathway import progression

PAGE_SIZE = 25
PEOPLE_FILTERS = ("service", "team", "pathway_role", "status", "training", "supervision")


def _home_crumbs(*extra) -> list[dict]:
    return [{"label": "Home", "url": reverse("home")}, *extra]


def _workforce_crumb() -> dict:
    return {"label": "Workforce", "url": reverse("workforce:index")}


@permission_required("workforce.see_workforce")
def index(request):
    user = request.user
    # Seeing every team without naming one is for the peer support lead and admins.
    services = selectors.services_with_teams() if can(user, "workforce.see_all_teams") else None
    return render(
        request,
        "workforce/index.html",
        {
            "services": services,
            "led_teams": selectors.teams_led_by(user=user),
            "can_see_people": can(user, "workforce.see_people"),
            "can_see_dashboard": can(user, "workforce.see_dashboard"),
            "breadcrumbs": _home_crumbs(),
        },
    )


def _team(request, team_id: int) -> Team:
    try:
        return selectors.team_detail(team_id=team_id)
    except Team.DoesNotExist as missing:
        raise Http404("No such team") from missing


@permission_required("workforce.see_team", get_object=lambda request, team_id: _team(request, team_id))
def team_detail(request, team_id: int, obj: Team):
    context = {"team": obj, "breadcrumbs": _home_crumbs(_workforce_crumb())}
    return render(request, "workforce/team_detail.html", context)


@permission_required("workforce.see_dashboard")
def dashboard(request):
    figures = workforce_dashboard()
    chart = charts.grouped_bars(
        [(str(year.year), [year.headcount, year.whole_time_equivalent]) for year in figures["history"]],
        series=["Headcount", "Whole-time equivalent"],
    )
    categories = [
        {"label": label, "staffing": figures["now"].by_category[value]} for value, label in ServiceCategory.choices
    ]
    return render(
        request,
        "workforce/dashboard.html",
        {
            **figures,
            "chart": chart,
            "categories": categories,
            "this_month": figures["involvement"][-1],
            "training": [(status, figures["compliance"].training[status]) for status in selectors.TrainingStatus],
            "breadcrumbs": _home_crumbs(_workforce_crumb()),
        },
    )


# --- People -------------------------------------------------------------------------------


def _people_rows(workers) -> list[dict]:
    rows = []
    for worker in workers:
        compliance = selectors.training_compliance(worker)
        rows.append({"worker": worker, "training": selectors.overall_training_status(compliance)})
    return rows


def _people_filter_fields(user, sees_everyone: bool, chosen: dict) -> list[dict]:
    """The list's filters: (name, label, [(value, text), ...]); only the lead filters by service."""
    teams = selectors.teams_for_filter(user=user, sees_everyone=sees_everyone)
    training = selectors.TrainingStatus
    fields = [
        ("team", "Team", [(team.pk, team.name) for team in teams]),
        ("pathway_role", "Pathway role", [(role.pk, role.name) for role in PathwayRole.objects.order_by("order")]),
        ("status", "Status", PeerSupportWorkerStatus.choices),
        (
            "training",
            "Mandatory training",
            [
                (training.EXPIRED, training.EXPIRED.label),
                (training.DUE, training.DUE.label),
                (training.MISSING, "Mandatory course missing"),
            ],
        ),
        ("supervision", "Supervision", [("overdue", "Overdue")]),
    ]
    if sees_everyone:
        services = Service.objects.filter(is_active=True).order_by("name")
        fields.insert(0, ("service", "Service", [(service.pk, service.name) for service in services]))
    return [
        {
            "name": name,
            "label": label,
            "chosen": chosen.get(name, ""),
            "options": [(str(value), text) for value, text in options],
        }
        for name, label, options in fields
    ]


@permission_required("workforce.see_people")
def people(request):
    user = request.user
    sees_everyone = can(user, "workforce.see_all_teams")
    filters = {key: request.GET.get(key, "") for key in PEOPLE_FILTERS}
    sort = request.GET.get("sort", "name")
    if sort not in selectors.PEOPLE_SORTS:
        sort = "name"
    workers = selectors.people_for_list(user=user, sees_everyone=sees_everyone, sort=sort, **filters)
    export = request.GET.get("format")
    if export == "csv":
        return _people_csv(workers)
    if export == "xlsx":
        return _people_xlsx(workers)
    page = Paginator(workers, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({"sort": sort, **{key: value for key, value in filters.items() if value}})
    return render(
        request,
        "workforce/people.html",
        {
            "page": page,
            "rows": _people_rows(page.object_list),
            "query": query,
            "csv_query": urlencode({**{k: v for k, v in filters.items() if v}, "sort": sort, "format": "csv"}),
            "xlsx_query": urlencode({**{k: v for k, v in filters.items() if v}, "sort": sort, "format": "xlsx"}),
            "can_import": can(user, "workforce.import_people"),
            "filtered": any(filters.values()),
            "sort": sort,
            "sorts": [(key, label) for key, (label, _order) in selectors.PEOPLE_SORTS.items()],
            "filter_fields": _people_filter_fields(user, sees_everyone, filters),
            "breadcrumbs": _home_crumbs(_workforce_crumb()),
        },
    )


CSV_HEADER = [
    "Name",
    "Email",
    "Team",
    "Service",
    "Pathway role",
    "Band",
    "Status",
    "Start date",
    "Contracted hours",
    "Training",
    "Last supervision",
    "Supervision overdue",
]


def _people_export_rows(workers):
    """The rows both downloads hold, with people's own text guarded against running as a formula."""
    for row in _people_rows(workers):
        worker = row["worker"]
        yield [
            _safe(worker.full_name),
            _safe(worker.email),
            _safe(worker.team.name),
            _safe(worker.team.service.name),
            _safe(worker.pathway_role.name),
            worker.pathway_role.band,
            worker.get_status_display(),
            worker.start_date.isoformat(),
            worker.contracted_hours,
            row["training"].label,
            worker.last_supervision_on.isoformat() if worker.last_supervision_on else "",
            "Yes" if worker.supervision_overdue else "No",
        ]


def _download_name(extension: str) -> str:
    return f'attachment; filename="peer-support-workers-{timezone.localdate():%Y-%m-%d}.{extension}"'


def _people_csv(workers) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _download_name("csv")
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    writer.writerows(_people_export_rows(workers))
    return response


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _people_xlsx(workers) -> HttpResponse:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Peer support workers"
    sheet.append(CSV_HEADER)
    for values in _people_export_rows(workers):
        sheet.append(values)
    for cells in sheet.iter_rows():
        for cell in cells:
            if cell.data_type == "f":  # openpyxl reads any text starting "=" as a formula: keep it text
                cell.data_type = "s"
    content = io.BytesIO()
    workbook.save(content)
    response = HttpResponse(content.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = _download_name("xlsx")
    return response


def _safe(text: str) -> str:
    """Keep spreadsheets from running a cell as a formula (CSV injection)."""
    return f"'{text}" if text and text[0] in "=+-@\t\r" else text


# --- Importing people ---------------------------------------------------------------------


def _import_crumbs() -> list[dict]:
    return _home_crumbs(_workforce_crumb(), {"label": "Peer support workers", "url": reverse("workforce:people")})


def _import_check_page(request, check: imports.ImportCheck, *, status: int = 200) -> HttpResponse:
    return render(
        request,
        "workforce/people_import_check.html",
        {
            "check": check,
            "payload": imports.sign_rows(check.rows) if check.can_import else "",
            "breadcrumbs": [*_import_crumbs(), {"label": "Import", "url": reverse("workforce:people_import")}],
        },
        status=status,
    )


@permission_required("workforce.import_people")
def people_import(request):
    """Upload, then the dry run: nothing is written until the person confirms."""
    form = PeopleImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        return _import_check_page(request, imports.check_rows(form.rows))
    context = {"form": form, "columns": IMPORT_COLUMNS, "breadcrumbs": _import_crumbs()}
    return render(request, "workforce/people_import.html", context)


IMPORT_COLUMNS = [
    ("full_name", "Required", "Their full name"),
    ("email", "Required", "Their work email; must not already belong to a peer support worker"),
    ("team", "Required", "The team's name, as on the Workforce pages"),
    ("service", "Optional", "The team's service, when two services have a team of that name"),
    ("pathway_role", "Required", "The step on the career pathway, for example Peer support worker"),
    ("start_date", "Required", "YYYY-MM-DD or DD/MM/YYYY"),
    ("end_date", "Optional", "For someone who has left or is on a fixed-term contract; not before the start"),
    ("contracted_hours", "Required", "Hours a week, 0 to 37.5"),
    ("allowance_hours", "Optional", "Monthly involvement allowance, 0 to 37.5; empty for the trust-wide default"),
]


@permission_required("workforce.import_people")
def people_import_confirm(request):
    """All or nothing: the signed rows from the dry run, checked again and created in one transaction."""
    if request.method != "POST":
        return redirect("workforce:people_import")
    try:
        rows = imports.unsign_rows(request.POST.get("payload", ""))
    except signing.BadSignature:
        context = {
            "form": PeopleImportForm(),
            "refused": "The import could not be confirmed because the page had expired or changed. "
            "Upload the file again.",
            "columns": IMPORT_COLUMNS,
            "breadcrumbs": _import_crumbs(),
        }
        return render(request, "workforce/people_import.html", context, status=400)
    try:
        created = imports.people_import(rows=rows)
    except imports.ImportRefused as refused:
        return _import_check_page(request, refused.check, status=409)
    messages.success(request, f"Imported {len(created)} peer support worker{'s' if len(created) != 1 else ''}.")
    return redirect("workforce:people")


def _person(request, worker_id: int, **_kwargs) -> PeerSupportWorker:
    try:
        return selectors.person_profile(worker_id=worker_id)
    except PeerSupportWorker.DoesNotExist as missing:
        raise Http404("No such peer support worker") from missing


def _people_crumbs(user) -> list[dict]:
    if can(user, "workforce.see_people"):
        return _home_crumbs(_workforce_crumb(), {"label": "Peer support workers", "url": reverse("workforce:people")})
    return _home_crumbs()


@permission_required("workforce.see_person", get_object=_person)
def person(request, worker_id: int, obj: PeerSupportWorker):
    today = timezone.localdate()
    compliance = selectors.training_compliance(obj, today=today)
    return render(
        request,
        "workforce/person.html",
        {
            "worker": obj,
            "compliance": compliance,
            "training_status": selectors.overall_training_status(compliance),
            "sessions": list(obj.supervision_sessions.all()),
            "expected_days": settings.SUPERVISION_EXPECTED_DAYS,
            "booked": psw_hours_booked(peer_support_worker=obj, month_of=today),
            "allowance": obj.monthly_allowance,
            "changes": selectors.person_changes(worker=obj),
            "progression": progression(obj, today=today),
            "can_record": can(request.user, "workforce.record_development", obj),
            "can_change_role": can(request.user, "workforce.record_role_change", obj),
            "is_own_profile": obj.user_id == request.user.pk,
            "breadcrumbs": _people_crumbs(request.user),
        },
    )


def _record(request, obj: PeerSupportWorker, form, *, heading: str, save) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as refused:
            for field, errors in refused.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            return redirect("workforce:person", obj.pk)
    profile = {"label": obj.full_name, "url": reverse("workforce:person", args=[obj.pk])}
    crumbs = [*_people_crumbs(request.user), profile]
    return render(
        request, "workforce/record_form.html", {"form": form, "worker": obj, "heading": heading, "breadcrumbs": crumbs}
    )


@permission_required("workforce.record_development", get_object=_person)
def add_training(request, worker_id: int, obj: PeerSupportWorker):
    def save(data):
        record = services.training_record_add(
            peer_support_worker=obj,
            course=data["course"],
            completed_on=data["completed_on"],
            evidence_note=data["evidence_note"],
            by=request.user,
        )
        messages.success(request, f"{record.course} recorded for {obj.full_name}.")

    form = TrainingRecordForm(request.POST if request.method == "POST" else None)
    return _record(request, obj, form, heading="Record training", save=save)


@permission_required("workforce.record_development", get_object=_person)
def add_supervision(request, worker_id: int, obj: PeerSupportWorker):
    def save(data):
        services.supervision_session_record(
            peer_support_worker=obj,
            date=data["date"],
            kind=data["kind"],
            duration_minutes=data["duration_minutes"],
            supervisor=request.user if data["given_by_me"] else None,
            supervisor_name=data["supervisor_name"].strip(),
            by=request.user,
        )
        messages.success(request, f"Supervision recorded for {obj.full_name}.")

    form = SupervisionSessionForm(request.POST if request.method == "POST" else None)
    return _record(request, obj, form, heading="Record supervision", save=save)
