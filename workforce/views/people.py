"""The list of peer support workers, with its filters and its CSV and Excel downloads."""

from django.core.paginator import Paginator
from django.shortcuts import render

from peersupport.accounts.permissions import can, permission_required
from peersupport.ui.exports import download, safe

from ..selectors import people as selectors
from ..selectors.compliance import overall_training_status, training_compliance
from .common import PAGE_SIZE, workforce_crumbs


def _people_rows(workers) -> list[dict]:
    rows = []
    for worker in workers:
        compliance = training_compliance(worker)
        rows.append({"worker": worker, "training": overall_training_status(compliance)})
    return rows


@permission_required("workforce.see_people")
def people(request):
    user = request.user
    filters = selectors.people_filters(user=user, sees_everyone=can(user, "workforce.see_all_teams"), data=request.GET)
    workers = filters.qs
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
    return render(
        request,
        "workforce/people.html",
        {
            "page": page,
            "rows": _people_rows(page.object_list),
            "filters": filters,
            **filters.links(),
            "can_import": can(user, "workforce.import_people"),
            "can_add": can(user, "workforce.manage_people"),
            "filtered": filters.filtered,
            "breadcrumbs": workforce_crumbs(),
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
