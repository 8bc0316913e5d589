"""Reads for the people pages: the list (with its filters), one person's profile and its history,
and the home page's counts of who needs something done."""

import datetime
from dataclasses import dataclass

from django.db.models import F, Prefetch, QuerySet
from django.utils import timezone

from peersupport.record_ids import record_id

from ..models import (
    CompetenceAchievement,
    PeerSupportWorker,
    PeerSupportWorkerStatus,
    RoleHistory,
    SupervisionSession,
    TrainingRecord,
)
from .compliance import TrainingStatus, mandatory_courses_with, with_supervision


def peer_support_worker_of(*, user) -> PeerSupportWorker | None:
    return PeerSupportWorker.objects.select_related("team", "pathway_role").filter(user=user).first()


PEOPLE_SORTS = {
    "name": ("Name", ["full_name", "pk"]),
    "team": ("Team", ["team__name", "full_name", "pk"]),
    "start": ("Start date, newest first", ["-start_date", "full_name", "pk"]),
    "supervision": ("Last supervision, longest ago first", [F("last_supervision_on").asc(nulls_first=True), "pk"]),
}


def people_visible_to(*, user, sees_everyone: bool) -> QuerySet[PeerSupportWorker]:
    """Everyone for the peer support lead and admins; a team lead's own teams' people otherwise."""
    workers = PeerSupportWorker.objects.all()
    return workers if sees_everyone else workers.filter(team__leads=user)


def people_for_list(
    *,
    user,
    sees_everyone: bool,
    service: str = "",
    team: str = "",
    pathway_role: str = "",
    status: str = "",
    training: str = "",
    supervision: str = "",
    sort: str = "name",
    today: datetime.date | None = None,
) -> QuerySet[PeerSupportWorker]:
    """The people list (and its CSV): filters as given, unknown values ignored."""
    today = today or timezone.localdate()
    workers = people_visible_to(user=user, sees_everyone=sees_everyone)
    if service_id := record_id(service):
        workers = workers.filter(team__service_id=service_id)
    if team_id := record_id(team):
        workers = workers.filter(team_id=team_id)
    if role_id := record_id(pathway_role):
        workers = workers.filter(pathway_role_id=role_id)
    if status in PeerSupportWorkerStatus.values:
        workers = workers.filter(status=status)
    if training in {TrainingStatus.EXPIRED, TrainingStatus.DUE, TrainingStatus.MISSING}:
        workers = workers.filter(mandatory_courses_with(training, today))
    workers = with_supervision(workers, today=today)
    if supervision == "overdue":
        workers = workers.filter(supervision_overdue=True)
    return (
        workers.select_related("team__service", "pathway_role")
        .prefetch_related(
            "pathway_role__mandatory_courses",
            Prefetch("training_records", queryset=TrainingRecord.objects.select_related("course")),
        )
        .order_by(*PEOPLE_SORTS.get(sort, PEOPLE_SORTS["name"])[1])
    )


@dataclass(frozen=True)
class Attention:
    """How many people need something done about their development: the home page's counts."""

    supervision_overdue: int
    training_expired: int
    training_missing: int

    @property
    def anything(self) -> bool:
        return bool(self.supervision_overdue or self.training_expired or self.training_missing)


def needing_attention(*, user, sees_everyone: bool, today: datetime.date | None = None) -> Attention:
    """Counts of active people the person can see with overdue supervision, expired or missing training (one query)."""
    today = today or timezone.localdate()
    workers = with_supervision(
        people_visible_to(user=user, sees_everyone=sees_everyone).filter(status=PeerSupportWorkerStatus.ACTIVE),
        today=today,
    )
    workers = workers.annotate(
        has_expired=mandatory_courses_with(TrainingStatus.EXPIRED, today),
        has_missing=mandatory_courses_with(TrainingStatus.MISSING, today),
    )
    # Counted here rather than with a filtered aggregate: the overdue flag sits on a grouped Max,
    # which an aggregate over it would have to nest; a few hundred small rows are cheaper to add up.
    flags = list(workers.values_list("supervision_overdue", "has_expired", "has_missing"))
    return Attention(*(sum(bool(row[column]) for row in flags) for column in range(3)))


def person_profile(*, worker_id: int) -> PeerSupportWorker:
    """One person's profile: their team (with leads, for the permission), training, supervision and pathway."""
    workers = with_supervision(PeerSupportWorker.objects.filter(pk=worker_id))
    return (
        workers.select_related("team__service", "pathway_role", "user", "line_manager", "supervisor")
        .prefetch_related(
            "team__leads",
            "pathway_role__mandatory_courses",
            Prefetch("training_records", queryset=TrainingRecord.objects.select_related("course")),
            Prefetch(
                "supervision_sessions",
                queryset=SupervisionSession.objects.select_related("supervisor").order_by("-date", "-pk"),
            ),
            Prefetch("role_history", queryset=RoleHistory.objects.select_related("pathway_role")),
            Prefetch(
                "competence_achievements",
                queryset=CompetenceAchievement.objects.select_related("competence__domain"),
            ),
        )
        .get()
    )


def person_changes(*, worker: PeerSupportWorker, limit: int = 10) -> list[dict]:
    """The record's latest changes (who, when, which fields), newest first, from its history."""
    entries = list(worker.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    changes = []
    for newer, older in zip(entries, [*entries[1:], None], strict=True):
        if len(changes) == limit:
            break
        if older is None:
            fields = []
        else:
            fields = [
                PeerSupportWorker._meta.get_field(change.field).verbose_name
                for change in newer.diff_against(older, foreign_keys_are_objs=False).changes
            ]
        changes.append(
            {
                "when": newer.history_date,
                "who": newer.history_user,
                "kind": newer.get_history_type_display(),
                "fields": fields,
            }
        )
    return changes
