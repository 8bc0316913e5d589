"""Reads for the pool's pages: the list with its filters, one person's record, the home panel.

The list is a fixed number of queries whatever the pool's size: the page's people, then their
areas, skills and onboarding steps in one query each (prefetched), and the same for a download.
"""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from simple_history.utils import get_m2m_reverse_field_name

from peersupport.record_ids import record_id
from together_network.models import Invitation

from ..models import (
    REQUIRED_STEPS,
    ConsentRecord,
    ExpertByExperience,
    ExpertStatus,
    OnboardingRecord,
    OnboardingStep,
    PartOfDay,
    Weekday,
    availability_bit,
)

CONSENT_DUE_DAYS = 30

POOL_SORTS = {
    "name": ("Name", ["full_name", "pk"]),
    "status": ("Status", ["status", "full_name", "pk"]),
    "newest": ("Newest applications first", ["-joined_on", "full_name", "pk"]),
    "consent": (
        "Consent review date, soonest first",
        [F("consent_review_due").asc(nulls_last=True), "full_name", "pk"],
    ),
}
MODES = {"online": "Online", "in_person": "In person"}
ONBOARDING_FILTERS = {
    "missing": "A required step still to do",
    "complete": "Every required step done",
    "dbs": "No DBS check",
}
CONSENT_FILTERS = {
    "due": f"Review due within {CONSENT_DUE_DAYS} days",
    "lapsed": "Lapsed",
    "none": "None recorded",
}


def _digit(value: str) -> int | None:
    """A small whole number (a weekday, a part of the day); anything else, however long, is None."""
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 2 else None


def availability_mask(weekday: str, part_of_day: str) -> int:
    """The availability bits a filter asks for: a day, a part of day, or both. 0: no filter."""
    day, part = _digit(weekday), _digit(part_of_day)
    days = [day] if day in Weekday.values else (Weekday.values if part in PartOfDay.values else [])
    parts = [part] if part in PartOfDay.values else PartOfDay.values
    mask = 0
    for each_day in days:
        for each_part in parts:
            mask |= availability_bit(each_day, each_part)
    return mask


def _required_done() -> Coalesce:
    done = (
        OnboardingRecord.objects.filter(expert=OuterRef("pk"), step__in=REQUIRED_STEPS)
        .values("expert")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(done, output_field=IntegerField()), Value(0))


def pool_for_list(
    *,
    status: str = "",
    area: str = "",
    skill: str = "",
    weekday: str = "",
    part_of_day: str = "",
    mode: str = "",
    onboarding: str = "",
    consent: str = "",
    search: str = "",
    sort: str = "name",
    today: datetime.date | None = None,
) -> QuerySet[ExpertByExperience]:
    """The pool list (and its downloads): filters as given, values it does not know ignored.

    Consent "due" and "lapsed" leave out people who have left: nobody reviews a leaver's consent.
    """
    today = today or timezone.localdate()
    experts = ExpertByExperience.objects.all()
    if status in ExpertStatus.values:
        experts = experts.filter(status=status)
    if (area_id := record_id(area)) is not None:
        experts = experts.filter(lived_experience_areas=area_id)
    if (skill_id := record_id(skill)) is not None:
        experts = experts.filter(skills=skill_id)
    if mask := availability_mask(weekday, part_of_day):
        experts = experts.annotate(
            wanted_slots=ExpressionWrapper(F("availability").bitand(mask), output_field=IntegerField())
        ).filter(wanted_slots__gt=0)
    if mode == "online":
        experts = experts.filter(available_online=True)
    elif mode == "in_person":
        experts = experts.filter(available_in_person=True)
    if onboarding in {"missing", "complete"}:
        experts = experts.annotate(required_done=_required_done())
        if onboarding == "missing":
            experts = experts.filter(required_done__lt=len(REQUIRED_STEPS))
        else:
            experts = experts.filter(required_done__gte=len(REQUIRED_STEPS))
    elif onboarding == "dbs":
        experts = experts.exclude(
            Exists(OnboardingRecord.objects.filter(expert=OuterRef("pk"), step=OnboardingStep.DBS))
        )
    current = ~Q(status=ExpertStatus.LEFT)
    if consent == "due":
        due_by = today + datetime.timedelta(days=CONSENT_DUE_DAYS)
        experts = experts.filter(current, consent_review_due__range=(today, due_by))
    elif consent == "lapsed":
        experts = experts.filter(current, consent_review_due__lt=today)
    elif consent == "none":
        experts = experts.filter(consent_review_due__isnull=True)
    if search := search.strip():
        experts = experts.filter(Q(full_name__icontains=search) | Q(email__icontains=search))
    return experts.prefetch_related(
        "lived_experience_areas",
        "skills",
        Prefetch("onboarding", queryset=OnboardingRecord.objects.only("pk", "expert_id", "step", "completed_on")),
    ).order_by(*POOL_SORTS.get(sort, POOL_SORTS["name"])[1])


@dataclass(frozen=True)
class PoolRow:
    """One person as the list and its downloads show them."""

    expert: ExpertByExperience
    areas: list[str]
    skills: list[str]
    steps_to_do: list[str]
    has_dbs: bool
    consent: str  # "current", "due", "lapsed" or "none"


def consent_state(expert: ExpertByExperience, today: datetime.date) -> str:
    due = expert.consent_review_due
    if due is None:
        return "none"
    if due < today:
        return "lapsed"
    if due <= today + datetime.timedelta(days=CONSENT_DUE_DAYS):
        return "due"
    return "current"


def pool_rows(experts, *, today: datetime.date | None = None) -> list[PoolRow]:
    """What each row shows, from what `pool_for_list` prefetched (no further queries)."""
    today = today or timezone.localdate()
    rows = []
    for expert in experts:
        done = {record.step for record in expert.onboarding.all()}
        rows.append(
            PoolRow(
                expert=expert,
                areas=[area.name for area in expert.lived_experience_areas.all()],
                skills=[skill.name for skill in expert.skills.all()],
                steps_to_do=[step.label for step in REQUIRED_STEPS if step not in done],
                has_dbs=OnboardingStep.DBS in done,
                consent=consent_state(expert, today),
            )
        )
    return rows


# --- One person's record ----------------------------------------------------------------------


def expert_record(*, expert_id: int) -> ExpertByExperience:
    """One person with what their record shows: areas, skills, checklist and consents with who recorded them."""
    return (
        ExpertByExperience.objects.select_related("user")
        .prefetch_related(
            "lived_experience_areas",
            "skills",
            Prefetch("onboarding", queryset=OnboardingRecord.objects.select_related("recorded_by")),
            Prefetch("consents", queryset=ConsentRecord.objects.select_related("recorded_by")),
        )
        .get(pk=expert_id)
    )


def onboarding_checklist(expert: ExpertByExperience) -> list[dict]:
    """Every step in order: its record (done on, by whom) or None, and whether everyone needs it."""
    records = {record.step: record for record in expert.onboarding.all()}
    return [
        {"step": step, "record": records.get(step.value), "required": step in REQUIRED_STEPS} for step in OnboardingStep
    ]


def availability_grid(expert: ExpertByExperience) -> list[dict]:
    """Weekdays down, parts of the day across: whether the person is usually free."""
    return [
        {"day": day.label, "free": [expert.is_available(day.value, part.value) for part in PartOfDay]}
        for day in Weekday
    ]


RECENT_INVITATIONS = 10


def recent_invitations(*, expert: ExpertByExperience, limit: int = RECENT_INVITATIONS) -> list[Invitation]:
    return list(
        Invitation.objects.filter(expert=expert)
        .select_related("request__activity_type")
        .order_by("-activity_date", "-pk")[:limit]
    )


def _history_rows_of(history_model, field) -> str:
    """The name under which a historical record reaches its rows of a many-to-many field."""
    rows_model = f"{history_model._meta.object_name}_{field.name}"
    return next(
        relation.get_accessor_name()
        for relation in history_model._meta.related_objects
        if relation.related_model._meta.object_name == rows_model
    )


def _related_ids(entry, field, rows: str) -> set[int]:
    """The ids a historical record's many-to-many field held, from its prefetched rows."""
    target = get_m2m_reverse_field_name(field)
    return {getattr(row, f"{target}_id") for row in getattr(entry, rows).all()}


def record_changes(record, *, limit: int = 10) -> list[dict]:
    """A record's latest changes (who, when, which fields, why), newest first, from its simple-history.

    Many-to-many fields (areas, skills) are compared from rows prefetched for every entry at
    once, so the page's queries stay the same however long the history.
    """
    model = type(record)
    history_model = record.history.model
    many = {
        field: _history_rows_of(history_model, field) for field in getattr(history_model, "_history_m2m_fields", [])
    }
    entries = list(
        record.history.select_related("history_user")
        .prefetch_related(*many.values())
        .order_by("-history_date", "-history_id")[: limit + 1]
    )
    changes = []
    for newer, older in zip(entries, [*entries[1:], None], strict=True):
        if len(changes) == limit:
            break
        fields = []
        if older is not None:
            diff = newer.diff_against(
                older, excluded_fields=[field.name for field in many], foreign_keys_are_objs=False
            )
            fields = [str(model._meta.get_field(change.field).verbose_name) for change in diff.changes]
            fields += [
                str(field.verbose_name)
                for field, rows in many.items()
                if _related_ids(newer, field, rows) != _related_ids(older, field, rows)
            ]
        changes.append(
            {
                "when": newer.history_date,
                "who": newer.history_user,
                "kind": newer.get_history_type_display(),
                "fields": fields,
                "reason": newer.history_change_reason or "",
            }
        )
    return changes


# --- The coordinators' home panel --------------------------------------------------------------


def pool_attention(*, today: datetime.date | None = None) -> dict[str, int]:
    """What needs a coordinator now, in one query: consents due or lapsed, applicants part way."""
    today = today or timezone.localdate()
    due_by = today + datetime.timedelta(days=CONSENT_DUE_DAYS)
    applicant = Q(status=ExpertStatus.APPLICANT)
    steps = len(REQUIRED_STEPS)
    return (
        ExpertByExperience.objects.exclude(status=ExpertStatus.LEFT)
        .annotate(required_done=_required_done())
        .aggregate(
            consent_due=Count("pk", filter=Q(consent_review_due__range=(today, due_by))),
            consent_lapsed=Count("pk", filter=Q(consent_review_due__lt=today)),
            applicants_onboarding=Count("pk", filter=applicant & Q(required_done__lt=steps)),
            applicants_ready=Count("pk", filter=applicant & Q(required_done__gte=steps)),
        )
    )
