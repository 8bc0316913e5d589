"""Importing from CSV or Excel files: an existing pool of experts by experience (`pool`).

As in the workforce's `imports/`: each kind is an `Importer` (peersupport/ui/imports/reading.py)
in a module of its own, with the rules its rows are held to; `views/imports.py` guards its pages.
"""
