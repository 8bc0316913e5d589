"""The workforce's imports: peer support workers, teams and training records.

The upload, dry run and all-or-nothing confirmation are shared with every import
(`peersupport/ui/imports/pages.py`); each kind's page is described here and guarded by its own permission.
"""

from peersupport.accounts.permissions import permission_required
from peersupport.ui.imports.pages import ImportPage, import_confirm, import_upload
from peersupport.ui.imports.reading import Importer

from ..imports.people import PEOPLE as PEOPLE_IMPORT
from ..imports.teams import TEAMS as TEAMS_IMPORT
from ..imports.training import TRAINING as TRAINING_IMPORT
from .common import people_list_crumbs, workforce_crumbs


def _page(importer: Importer, *, done_url: str, crumbs) -> ImportPage:
    return ImportPage(
        importer,
        upload_url=f"workforce:{importer.kind}_import",
        confirm_url=f"workforce:{importer.kind}_import_confirm",
        done_url=done_url,
        crumbs=crumbs,
    )


PEOPLE = _page(PEOPLE_IMPORT, done_url="workforce:people", crumbs=people_list_crumbs)
TEAMS = _page(TEAMS_IMPORT, done_url="workforce:index", crumbs=workforce_crumbs)
TRAINING = _page(TRAINING_IMPORT, done_url="workforce:people", crumbs=people_list_crumbs)


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
