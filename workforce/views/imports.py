"""Importing from a spreadsheet: upload, dry run, then confirm all or nothing.

One upload view and one confirm view serve every kind of import (peer support workers,
teams, training records); each kind's page is described by an `ImportPage` (its importer,
where it sits and where it goes once done) and guarded by its own permission below.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core import signing
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from peersupport.accounts.permissions import permission_required

from .. import imports
from ..forms import ImportForm
from .common import home_crumbs, workforce_crumb


def _people_list_crumbs() -> list[dict]:
    return home_crumbs(workforce_crumb(), {"label": "Peer support workers", "url": reverse("workforce:people")})


@dataclass(frozen=True)
class ImportPage:
    importer: imports.Importer
    done_url: str  # where the person goes after importing, or on Cancel
    crumbs: Callable[[], list[dict]]

    @property
    def upload_url(self) -> str:
        return f"workforce:{self.importer.kind}_import"

    @property
    def confirm_url(self) -> str:
        return f"workforce:{self.importer.kind}_import_confirm"


PEOPLE = ImportPage(imports.PEOPLE, done_url="workforce:people", crumbs=_people_list_crumbs)
TEAMS = ImportPage(imports.TEAMS, done_url="workforce:index", crumbs=lambda: home_crumbs(workforce_crumb()))
TRAINING = ImportPage(imports.TRAINING, done_url="workforce:people", crumbs=_people_list_crumbs)


def _upload_page(request, page: ImportPage, form: ImportForm, *, refused: str = "", status: int = 200) -> HttpResponse:
    context = {"page": page, "importer": page.importer, "form": form, "refused": refused, "breadcrumbs": page.crumbs()}
    return render(request, "workforce/import.html", context, status=status)


def _check_page(request, page: ImportPage, check: imports.ImportCheck, *, status: int = 200) -> HttpResponse:
    importer = page.importer
    return render(
        request,
        "workforce/import_check.html",
        {
            "page": page,
            "importer": importer,
            "check": check,
            "preview": [
                (row["line"], list(zip(importer.preview_headings, importer.preview(row), strict=True)))
                for row in check.valid
            ],
            "valid_count": importer.counted(len(check.valid)),
            "payload": importer.sign(check.rows) if check.can_import else "",
            "breadcrumbs": [*page.crumbs(), {"label": importer.title, "url": reverse(page.upload_url)}],
        },
        status=status,
    )


def import_upload(request, page: ImportPage) -> HttpResponse:
    """Upload, then the dry run: nothing is written until the person confirms."""
    form = ImportForm(request.POST or None, request.FILES or None, importer=page.importer)
    if request.method == "POST" and form.is_valid():
        return _check_page(request, page, page.importer.check(form.rows))
    return _upload_page(request, page, form)


def import_confirm(request, page: ImportPage) -> HttpResponse:
    """All or nothing: the signed rows from the dry run, checked again and created in one transaction."""
    if request.method != "POST":
        return redirect(page.upload_url)
    importer = page.importer
    try:
        rows = importer.unsign(request.POST.get("payload", ""))
    except signing.BadSignature:
        refused = "The import could not be confirmed because the page had expired or changed. Upload the file again."
        return _upload_page(request, page, ImportForm(importer=importer), refused=refused, status=400)
    try:
        created = importer.run(rows=rows, by=request.user)
    except imports.ImportRefused as refused:
        return _check_page(request, page, refused.check, status=409)
    messages.success(request, f"Imported {importer.counted(len(created))}.")
    return redirect(page.done_url)


@permission_required("workforce.import_people")
def people_import(request):
    return import_upload(request, PEOPLE)


@permission_required("workforce.import_people")
def people_import_confirm(request):
    return import_confirm(request, PEOPLE)


@permission_required("workforce.import_records")
def teams_import(request):
    return import_upload(request, TEAMS)


@permission_required("workforce.import_records")
def teams_import_confirm(request):
    return import_confirm(request, TEAMS)


@permission_required("workforce.import_records")
def training_import(request):
    return import_upload(request, TRAINING)


@permission_required("workforce.import_records")
def training_import_confirm(request):
    return import_confirm(request, TRAINING)
