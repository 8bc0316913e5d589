"""Reads for the pool's pages: the list with its filters, one person's record, the home panel.

The list is a fixed number of queries whatever the pool's size: the page's people, then their
areas, skills and onboarding steps in one query each (prefetched), and the same for a download.
"""

import datetime
from dataclasses import dataclass

import django_filters
from django import forms
from django.db.models import (
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from simple_history.utils import get_m2m_reverse_field_name

from involvement.models import LivedExperienceArea, Skill
from peersupport.ui.filters import ANY, ListFilters, RecordFilter, SortFilter
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


def availability_mask(weekday: int | None, part_of_day: int | None) -> int:
    """The availability bits a filter asks for: a day, a part of day, or both. 0: no filter."""
    days = [weekday] if weekday is not None else (Weekday.values if part_of_day is not None else [])
    parts = [part_of_day] if part_of_day is not None else PartOfDay.values
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


def _choices(values: dict[str, str]) -> list[tuple[str, str]]:
    return list(values.items())


class PoolFilters(ListFilters):
    """The pool's search and filters. Consent "due" and "lapsed" leave out people who have left:
    nobody reviews a leaver's consent."""

    search = "q"

    q = django_filters.CharFilter(
        label="Search by name or email",
        method="filter_search",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = django_filters.ChoiceFilter(choices=ExpertStatus.choices, label="Status", empty_label=ANY)
    area = RecordFilter(
        field_name="lived_experience_areas",
        queryset=LivedExperienceArea.objects.all(),
        label="Lived experience",
        label_from_instance=lambda area: area.name,
    )
    skill = RecordFilter(
        field_name="skills",
        queryset=Skill.objects.all(),
        label="Skill",
        label_from_instance=lambda skill: skill.name,
    )
    weekday = django_filters.ChoiceFilter(
        choices=Weekday.choices, label="Free on", empty_label=ANY, method="filter_availability"
    )
    part_of_day = django_filters.ChoiceFilter(
        choices=PartOfDay.choices, label="Part of the day", empty_label=ANY, method="filter_availability"
    )
    mode = django_filters.ChoiceFilter(
        choices=_choices(MODES), label="Takes part", empty_label=ANY, method="filter_mode"
    )
    onboarding = django_filters.ChoiceFilter(
        choices=_choices(ONBOARDING_FILTERS), label="Onboarding", empty_label=ANY, method="filter_onboarding"
    )
    consent = django_filters.ChoiceFilter(
        choices=_choices(CONSENT_FILTERS), label="Consent", empty_label=ANY, method="filter_consent"
    )
    sort = SortFilter(POOL_SORTS)

    def __init__(self, data=None, queryset=None, *, today: datetime.date):
        super().__init__(data, queryset)
        self.today = today

    def filter_search(self, queryset, name, value):
        if search := value.strip()[:100]:
            return queryset.filter(Q(full_name__icontains=search) | Q(email__icontains=search))
        return queryset

    def filter_availability(self, queryset, name, value):
        """A day, a part of the day, or both: applied once, with whichever of the two was chosen."""
        weekday, part = (self.form.cleaned_data.get(each) or None for each in ("weekday", "part_of_day"))
        if name == "part_of_day" and weekday is not None:
            return queryset  # the weekday's filter took the part of the day into account
        mask = availability_mask(int(weekday) if weekday is not None else None, int(part) if part is not None else None)
        return queryset.annotate(
            wanted_slots=ExpressionWrapper(F("availability").bitand(mask), output_field=IntegerField())
        ).filter(wanted_slots__gt=0)

    def filter_mode(self, queryset, name, value):
        return queryset.filter(**{"available_online" if value == "online" else "available_in_person": True})

    def filter_onboarding(self, queryset, name, value):
        if value == "dbs":
            return queryset.exclude(
                Exists(OnboardingRecord.objects.filter(expert=OuterRef("pk"), step=OnboardingStep.DBS))
            )
        queryset = queryset.annotate(required_done=_required_done())
        if value == "missing":
            return queryset.filter(required_done__lt=len(REQUIRED_STEPS))
        return queryset.filter(required_done__gte=len(REQUIRED_STEPS))

    def filter_consent(self, queryset, name, value):
        if value == "none":
            return queryset.filter(consent_review_due__isnull=True)
        current = ~Q(status=ExpertStatus.LEFT)
        if value == "due":
            due_by = self.today + datetime.timedelta(days=CONSENT_DUE_DAYS)
            return queryset.filter(current, consent_review_due__range=(self.today, due_by))
        return queryset.filter(current, consent_review_due__lt=self.today)


def pool_filters(*, data=None, today: datetime.date | None = None) -> PoolFilters:
    """The pool list (and its downloads): the people with their areas, skills and onboarding steps prefetched."""
    experts = ExpertByExperience.objects.prefetch_related(
        "lived_experience_areas",
        "skills",
        Prefetch("onboarding", queryset=OnboardingRecord.objects.only("pk", "expert_id", "step", "completed_on")),
    )
    return PoolFilters(data, experts, today=today or timezone.localdate())


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
    """What each row shows, from what `pool_filters` prefetched (no further queries)."""
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
