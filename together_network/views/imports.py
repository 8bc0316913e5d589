"""Importing an existing pool from a spreadsheet: the shared upload, dry run and all-or-nothing pages."""

from peersupport.accounts.permissions import permission_required
from peersupport.ui.imports.pages import ImportPage, import_confirm, import_upload

from ..imports.pool import POOL
from .pool import pool_crumbs

PAGE = ImportPage(
    POOL,
    upload_url="together_network:people_import",
    confirm_url="together_network:people_import_confirm",
    done_url="together_network:pool",
    crumbs=pool_crumbs,
)


@permission_required("together_network.manage_pool")
def people_import(request):
    return import_upload(request, PAGE)


@permission_required("together_network.manage_pool")
def people_import_confirm(request):
    return import_confirm(request, PAGE)
