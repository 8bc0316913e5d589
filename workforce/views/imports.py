"""Importing peer support workers from a spreadsheet: upload, dry run, then confirm all or nothing."""

from django.contrib import messages
from django.core import signing
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from peersupport.accounts.permissions import permission_required

from .. import imports
from ..forms import PeopleImportForm
from .common import home_crumbs, workforce_crumb

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


def _import_crumbs() -> list[dict]:
    return home_crumbs(workforce_crumb(), {"label": "Peer support workers", "url": reverse("workforce:people")})


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
