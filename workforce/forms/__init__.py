"""Workforce forms, a module per concept (records, people, establishment, catalogue)."""

from .catalogue import CompetenceDomainForm, CompetenceForm, PathwayRoleForm, TrainingCourseForm
from .establishment import FundedPostEndForm, FundedPostForm, GrowthTargetForm
from .people import CompetenceSignOffForm, NewPeerSupportWorkerForm, PeerSupportWorkerForm
from .records import RoleChangeForm, SupervisionSessionForm, TrainingRecordForm

__all__ = [
    "CompetenceDomainForm",
    "CompetenceForm",
    "CompetenceSignOffForm",
    "FundedPostEndForm",
    "FundedPostForm",
    "GrowthTargetForm",
    "NewPeerSupportWorkerForm",
    "PeerSupportWorkerForm",
    "PathwayRoleForm",
    "RoleChangeForm",
    "SupervisionSessionForm",
    "TrainingCourseForm",
    "TrainingRecordForm",
]
