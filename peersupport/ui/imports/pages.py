"""Importing from a spreadsheet: upload, dry run, then confirm all or nothing.

One upload view and one confirm view serve every kind of import (the workforce's peer support
workers, teams and training records, the Together network's pool); each kind's page is
described by an `ImportPage` (its importer, its own upload and confirm pages, where it sits and
where it goes once done) and each app's views guard it with their own permission.
"""

import csv
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core import signing
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from ..forms import NHSForm
from ..helper import FormHelper
from ..layout import Actions, Layout, Link, Submit
from . import reading


class ImportForm(NHSForm):
    """One form for every kind of import: the file is read and checked as a whole here; rows are checked later."""

    file = forms.FileField(
        label="Upload a CSV or Excel file",
        error_messages={"required": "Choose the file to import", "empty": "The file is empty"},
    )

    def __init__(self, *args, importer: reading.Importer, **kwargs):
        super().__init__(*args, **kwargs)
        self.importer = importer
        self.fields[
            "file"
        ].help_text = (
            f"A .csv or .xlsx file smaller than 2 MB, with at most {reading.MAX_ROWS:,} {importer.noun_plural}."
        )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        try:
            self.rows = self.importer.read(uploaded)
        except reading.ImportFileError as unreadable:
            raise forms.ValidationError(str(unreadable)) from unreadable
        return uploaded


@dataclass(frozen=True)
class ImportPage:
    """One kind of import's pages. The URLs are URL names ("workforce:people_import")."""

    importer: reading.Importer
    upload_url: str
    confirm_url: str
    done_url: str  # where the person goes after importing, or on Cancel
    crumbs: Callable[[], list[dict]]


def _upload_page(request, page: ImportPage, form: ImportForm, *, refused: str = "", status: int = 200) -> HttpResponse:
    # The page shows the error summary at its top, above the list of columns.
    form.helper = FormHelper(
        Layout("file", Actions(Submit("Check the file"), Link("Cancel", reverse(page.done_url)))),
        action=reverse(page.upload_url),
    )
    form.helper.error_summary = False
    context = {"page": page, "importer": page.importer, "form": form, "refused": refused, "breadcrumbs": page.crumbs()}
    return render(request, "ui/import.html", context, status=status)


def _check_page(request, page: ImportPage, check: reading.ImportCheck, *, status: int = 200) -> HttpResponse:
    importer = page.importer
    return render(
        request,
        "ui/import_check.html",
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


def template_file(importer: reading.Importer) -> HttpResponse:
    """A CSV file with just the header row, to fill in and upload."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{importer.app}-{importer.kind}-template.csv"'
    csv.writer(response).writerow(importer.column_names)
    return response


def import_upload(request, page: ImportPage) -> HttpResponse:
    """Upload, then the dry run: nothing is written until the person confirms. `?template` gives the
    template file (the header row) instead."""
    if request.method == "GET" and "template" in request.GET:
        return template_file(page.importer)
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
    except reading.ImportRefused as refused:
        return _check_page(request, page, refused.check, status=409)
    messages.success(request, f"Imported {importer.counted(len(created))}.")
    return redirect(page.done_url)
