"""Reads for the people pages: the list (with its filters), one person's profile and its history,
and the home page's counts of who needs something done."""

import datetime
from dataclasses import dataclass

import django_filters
from django.db.models import F, Prefetch, QuerySet
from django.utils import timezone

from peersupport.ui.filters import ANY, ListFilters, RecordFilter, SortFilter

from ..models import (
    CompetenceAchievement,
    PathwayRole,
    PeerSupportWorker,
    PeerSupportWorkerStatus,
    RoleHistory,
    Service,
    SupervisionSession,
    Team,
    TrainingRecord,
)
from .compliance import TrainingStatus, mandatory_courses_with, with_supervision
from .organisation import teams_for_filter


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


class PeopleFilters(ListFilters):
    """The people list's filters. Only those who see every team are offered the service; a team lead
    chooses among their own teams."""

    service = RecordFilter(
        field_name="team__service",
        queryset=Service.objects.filter(is_active=True).order_by("name"),
        label="Service",
        label_from_instance=lambda service: service.name,
    )
    team = RecordFilter(queryset=Team.objects.none(), label="Team", label_from_instance=lambda team: team.name)
    pathway_role = RecordFilter(
        queryset=PathwayRole.objects.order_by("order"),
        label="Pathway role",
        label_from_instance=lambda role: role.name,
    )
    status = django_filters.ChoiceFilter(choices=PeerSupportWorkerStatus.choices, label="Status", empty_label=ANY)
    training = django_filters.ChoiceFilter(
        choices=[
            (TrainingStatus.EXPIRED, TrainingStatus.EXPIRED.label),
            (TrainingStatus.DUE, TrainingStatus.DUE.label),
            (TrainingStatus.MISSING, "Mandatory course missing"),
        ],
        label="Mandatory training",
        empty_label=ANY,
        method="filter_training",
    )
    supervision = django_filters.ChoiceFilter(
        choices=[("overdue", "Overdue")], label="Supervision", empty_label=ANY, method="filter_supervision"
    )
    sort = SortFilter(PEOPLE_SORTS)

    def __init__(self, data=None, queryset=None, *, user, sees_everyone: bool, today: datetime.date):
        super().__init__(data, queryset)
        self.sees_everyone = sees_everyone
        self.today = today
        self.filters["team"].queryset = teams_for_filter(user=user, sees_everyone=sees_everyone)

    def offered(self) -> list[str]:
        names = super().offered()
        return names if self.sees_everyone else [name for name in names if name != "service"]

    def filter_training(self, queryset, name, value):
        return queryset.filter(mandatory_courses_with(value, self.today))

    def filter_supervision(self, queryset, name, value):
        return queryset.filter(supervision_overdue=True)  # annotated by `with_supervision`


def people_filters(*, user, sees_everyone: bool, data=None, today: datetime.date | None = None) -> PeopleFilters:
    """The people list (and its downloads) over the people this person may see, with what each row shows."""
    today = today or timezone.localdate()
    workers = (
        with_supervision(people_visible_to(user=user, sees_everyone=sees_everyone), today=today)
        .select_related("team__service", "pathway_role")
        .prefetch_related(
            "pathway_role__mandatory_courses",
            Prefetch("training_records", queryset=TrainingRecord.objects.select_related("course")),
        )
    )
    return PeopleFilters(data, workers, user=user, sees_everyone=sees_everyone, today=today)


def people_for_list(
    *, user, sees_everyone: bool, today: datetime.date | None = None, **filters: str
) -> QuerySet[PeerSupportWorker]:
    """The people list as filtered by `filters` (the page's parameters by name), values it does not know ignored."""
    return people_filters(user=user, sees_everyone=sees_everyone, data=filters, today=today).qs


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
