"""Reads for the career pathway: where a person stands and what they need for the next step.

A person is ready to progress when every mandatory course of the next role is up to date
(a course falling due within 30 days is not: it would lapse in the new role's first month)
and they have achieved every competence the next role requires. The profile computes this
from what `person_profile` prefetched plus one query for the next role (with its courses and
competences), so the page costs the same whatever the length of someone's record.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from ..models import Competence, PathwayRole, PeerSupportWorker
from . import CourseCompliance, TrainingStatus, training_compliance


@dataclass(frozen=True)
class Progression:
    current_role: PathwayRole
    next_role: PathwayRole | None
    missing_training: list[CourseCompliance]
    missing_competences: list[Competence]

    @property
    def ready_to_progress(self) -> bool:
        """Nothing missing for the next role; never at the top of the pathway, where there is none."""
        return self.next_role is not None and not self.missing_training and not self.missing_competences


def next_pathway_role(role: PathwayRole) -> PathwayRole | None:
    """The step after `role` by order, with what it asks for prefetched (three queries)."""
    return (
        PathwayRole.objects.filter(order__gt=role.order)
        .order_by("order")
        .prefetch_related(
            "mandatory_courses",
            Prefetch("required_competences", queryset=Competence.objects.select_related("domain")),
        )
        .first()
    )


def progression(worker: PeerSupportWorker, *, today: datetime.date | None = None) -> Progression:
    """Uses what `person_profile` prefetches: training records and competence achievements."""
    today = today or timezone.localdate()
    next_role = next_pathway_role(worker.pathway_role)
    if next_role is None:
        return Progression(worker.pathway_role, None, [], [])
    missing_training = [
        row
        for row in training_compliance(worker, today=today, role=next_role)
        if row.mandatory and row.status != TrainingStatus.CURRENT
    ]
    achieved = {achievement.competence_id for achievement in worker.competence_achievements.all()}
    missing_competences = [
        competence for competence in next_role.required_competences.all() if competence.pk not in achieved
    ]
    return Progression(worker.pathway_role, next_role, missing_training, missing_competences)
