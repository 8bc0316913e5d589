"""Reads for the career pathway: where a person stands and what they need for the next step.

A person is ready to progress when they hold every mandatory course of the next role and have
achieved every competence it requires. A course falling due for renewal within 30 days is still
held: it does not hold them back, but it is listed so that it is renewed before the move (the
reasoning is in docs/adr/0012-career-pathway-and-records.md). The profile computes this
from what `person_profile` prefetched plus one query for the next role (with its courses and
competences), so the page costs the same whatever the length of someone's record.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from ..models import Competence, PathwayRole, PeerSupportWorker, PeerSupportWorkerStatus, TrainingRecord
from .compliance import CourseCompliance, TrainingStatus, training_compliance


@dataclass(frozen=True)
class Progression:
    current_role: PathwayRole
    next_role: PathwayRole | None
    missing_training: list[CourseCompliance]
    missing_competences: list[Competence]
    renew_soon: list[CourseCompliance]

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


_UNKNOWN = object()


def progression(worker: PeerSupportWorker, *, today: datetime.date | None = None, next_role=_UNKNOWN) -> Progression:
    """Uses what `person_profile` prefetches: training records and competence achievements.

    `next_role`, when the caller already has it (with its courses and competences prefetched),
    saves the query for it: the pathway page works out everyone's position from one list of roles.
    """
    today = today or timezone.localdate()
    if next_role is _UNKNOWN:
        next_role = next_pathway_role(worker.pathway_role)
    if next_role is None:
        return Progression(worker.pathway_role, None, [], [], [])
    mandatory = [row for row in training_compliance(worker, today=today, role=next_role) if row.mandatory]
    missing_training = [row for row in mandatory if row.status in (TrainingStatus.EXPIRED, TrainingStatus.MISSING)]
    renew_soon = [row for row in mandatory if row.status == TrainingStatus.DUE]
    achieved = {achievement.competence_id for achievement in worker.competence_achievements.all()}
    missing_competences = [
        competence for competence in next_role.required_competences.all() if competence.pk not in achieved
    ]
    return Progression(worker.pathway_role, next_role, missing_training, missing_competences, renew_soon)


@dataclass(frozen=True)
class RoleOnPathway:
    role: PathwayRole
    people: list[PeerSupportWorker]


@dataclass(frozen=True)
class PathwayOverview:
    roles: list[RoleOnPathway]
    ready: list[tuple[PeerSupportWorker, Progression]]
    nearly_ready: list[tuple[PeerSupportWorker, Progression]]


def pathway_overview(*, today: datetime.date | None = None) -> PathwayOverview:
    """Every role with what it needs and who is in it, and who is ready (or one step from ready) to progress.

    Six queries whatever the size of the workforce: the roles with their courses and
    competences, then everyone not marked as left with their training and competences.
    """
    today = today or timezone.localdate()
    roles = list(
        PathwayRole.objects.order_by("order").prefetch_related(
            "mandatory_courses",
            Prefetch("required_competences", queryset=Competence.objects.select_related("domain")),
        )
    )
    following = {role.pk: later for role, later in zip(roles, [*roles[1:], None], strict=True)}
    workers = (
        PeerSupportWorker.objects.exclude(status=PeerSupportWorkerStatus.LEFT)
        .select_related("team__service", "pathway_role")
        .prefetch_related(
            Prefetch("training_records", queryset=TrainingRecord.objects.select_related("course")),
            "competence_achievements",
        )
        .order_by("full_name", "pk")
    )
    by_role: dict[int, list[PeerSupportWorker]] = {role.pk: [] for role in roles}
    ready, nearly_ready = [], []
    for worker in workers:
        by_role[worker.pathway_role_id].append(worker)
        position = progression(worker, today=today, next_role=following[worker.pathway_role_id])
        if position.ready_to_progress:
            ready.append((worker, position))
        elif position.next_role is not None and len(position.missing_training) + len(position.missing_competences) == 1:
            nearly_ready.append((worker, position))
    return PathwayOverview([RoleOnPathway(role, by_role[role.pk]) for role in roles], ready, nearly_ready)


def ready_to_progress_count(*, today: datetime.date | None = None) -> int:
    return len(pathway_overview(today=today).ready)
