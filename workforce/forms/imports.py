"""The upload form of an import, shared by every kind of import (peersupport/ui/imports.py)."""

from peersupport.ui.imports import ImportForm

__all__ = ["ImportForm"]
