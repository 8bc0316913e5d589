"""The list of peer support workers, with its filters and its CSV and Excel downloads."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.http import urlencode

from peersupport.accounts.permissions import can, permission_required
from peersupport.ui.exports import download, safe

from ..models import PathwayRole, PeerSupportWorkerStatus, Service
from ..selectors import people as selectors
from ..selectors.compliance import TrainingStatus, overall_training_status, training_compliance
from ..selectors.organisation import teams_for_filter
from .common import PAGE_SIZE, home_crumbs, workforce_crumb

PEOPLE_FILTERS = ("service", "team", "pathway_role", "status", "training", "supervision")


def _people_rows(workers) -> list[dict]:
    rows = []
    for worker in workers:
        compliance = training_compliance(worker)
        rows.append({"worker": worker, "training": overall_training_status(compliance)})
    return rows


def _people_filter_fields(user, sees_everyone: bool, chosen: dict) -> list[dict]:
    """The list's filters: (name, label, [(value, text), ...]); only the lead filters by service."""
    teams = teams_for_filter(user=user, sees_everyone=sees_everyone)
    training = TrainingStatus
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
    export = download(
        request.GET.get("format", ""),
        stem="peer-support-workers",
        sheet_title="Peer support workers",
        header=EXPORT_HEADER,
        rows=_people_export_rows(workers),
    )
    if export is not None:
        return export
    page = Paginator(workers, PAGE_SIZE).get_page(request.GET.get("page"))
    chosen = {key: value for key, value in filters.items() if value}
    return render(
        request,
        "workforce/people.html",
        {
            "page": page,
            "rows": _people_rows(page.object_list),
            "query": urlencode({"sort": sort, **chosen}),
            "csv_query": urlencode({**chosen, "sort": sort, "format": "csv"}),
            "xlsx_query": urlencode({**chosen, "sort": sort, "format": "xlsx"}),
            "can_import": can(user, "workforce.import_people"),
            "can_add": can(user, "workforce.manage_people"),
            "filtered": any(filters.values()),
            "sort": sort,
            "sorts": [(key, label) for key, (label, _order) in selectors.PEOPLE_SORTS.items()],
            "filter_fields": _people_filter_fields(user, sees_everyone, filters),
            "breadcrumbs": home_crumbs(workforce_crumb()),
        },
    )


EXPORT_HEADER = [
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
            safe(worker.full_name),
            safe(worker.email),
            safe(worker.team.name),
            safe(worker.team.service.name),
            safe(worker.pathway_role.name),
            worker.pathway_role.band,
            worker.get_status_display(),
            worker.start_date.isoformat(),
            worker.contracted_hours,
            row["training"].label,
            worker.last_supervision_on.isoformat() if worker.last_supervision_on else "",
            "Yes" if worker.supervision_overdue else "No",
        ]
