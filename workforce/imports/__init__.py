"""Importing from CSV or Excel files: peer support workers, teams and training records.

Each kind is an `Importer` (peersupport/imports.py) in a module of its own; they share the reading, the dry
run and the signed, all-or-none confirmation. The names below the kinds are those the people
import has always had, kept so callers need not change.
"""

from peersupport.imports import (
    DATE_FORMATS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    PAYLOAD_MAX_AGE_SECONDS,
    Column,
    ImportCheck,
    Importer,
    ImportFileError,
    ImportRefused,
    PreviewCell,
    RowProblem,
)

from .people import COLUMNS, OPTIONAL, PEOPLE, REQUIRED, SIGNING_SALT, check_rows, people_import
from .teams import TEAMS, teams_import
from .training import TRAINING, training_records_import

IMPORTERS = {importer.kind: importer for importer in (PEOPLE, TEAMS, TRAINING)}

# The people import's reading and signing, under their first names.
read_rows = PEOPLE.read
sign_rows = PEOPLE.sign
unsign_rows = PEOPLE.unsign

__all__ = [
    "COLUMNS",
    "DATE_FORMATS",
    "IMPORTERS",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "OPTIONAL",
    "PAYLOAD_MAX_AGE_SECONDS",
    "PEOPLE",
    "REQUIRED",
    "SIGNING_SALT",
    "TEAMS",
    "TRAINING",
    "Column",
    "ImportCheck",
    "ImportFileError",
    "ImportRefused",
    "Importer",
    "PreviewCell",
    "RowProblem",
    "check_rows",
    "people_import",
    "read_rows",
    "sign_rows",
    "teams_import",
    "training_records_import",
    "unsign_rows",
]
