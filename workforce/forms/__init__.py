"""Workforce forms, a module per concept (records, people, imports, establishment)."""

from .imports import PeopleImportForm
from .records import PastDateField, RoleChangeForm, SupervisionSessionForm, TrainingRecordForm

__all__ = ["PastDateField", "PeopleImportForm", "RoleChangeForm", "SupervisionSessionForm", "TrainingRecordForm"]
