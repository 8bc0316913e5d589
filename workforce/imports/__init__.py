"""Importing from CSV or Excel files: peer support workers (`people`), teams and training records.

Each kind is an `Importer` (peersupport/ui/imports/reading.py) in a module of its own, with the
rules its rows are held to; they share the reading, the dry run and the signed, all-or-none
confirmation, and the pages (peersupport/ui/imports/pages.py) that `views/imports.py` guards.
"""
