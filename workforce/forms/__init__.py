"""Workforce forms, a module per concept (records, people, imports, establishment, catalogue)."""

from .catalogue import CompetenceDomainForm, CompetenceForm, PathwayRoleForm, TrainingCourseForm
from .establishment import FundedPostEndForm, FundedPostForm, GrowthTargetForm
from .imports import ImportForm
from .people import CompetenceSignOffForm, NewPeerSupportWorkerForm, PeerSupportWorkerForm
from .records import RoleChangeForm, SupervisionSessionForm, TrainingRecordForm

__all__ = [
    "CompetenceDomainForm",
    "CompetenceForm",
    "CompetenceSignOffForm",
    "FundedPostEndForm",
    "FundedPostForm",
    "GrowthTargetForm",
    "ImportForm",
    "NewPeerSupportWorkerForm",
    "PeerSupportWorkerForm",
    "PathwayRoleForm",
    "RoleChangeForm",
    "SupervisionSessionForm",
    "TrainingCourseForm",
    "TrainingRecordForm",
]
