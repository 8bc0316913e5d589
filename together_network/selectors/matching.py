"""Ranking experts by experience for an open request, in the database.

Only people who can be asked are ranked: active, onboarding complete, consent current, not
already invited, and with a DBS check recorded when the request's activity type needs one.
Among them, a score adds up what the request wants (lived experience areas, skills,
availability on that day and part of day, the mode); a clashing booking that day sinks
a person to the bottom; fewer activities in the last 90 days breaks ties, so opportunities
spread across the pool. Each part of the score is returned, so the page can say why.
"""

import datetime

from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from involvement.models import InvolvementRequest, Mode
from together_network.models import (
    ExpertByExperience,
    ExpertStatus,
    Invitation,
    InvitationStatus,
    OnboardingRecord,
    OnboardingStep,
    PartOfDay,
    availability_bit,
)

WEIGHTS = {"area": 3, "skill": 2, "available": 2, "mode": 1}
RECENT_DAYS = 90
CLASH_PENALTY = 100


def _count_of(through, owner_field: str, target_field: str, ids) -> Coalesce:
    matches = (
        through.objects.filter(**{owner_field: OuterRef("pk"), f"{target_field}__in": ids})
        .values(owner_field)
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(matches, output_field=IntegerField()), Value(0))


def askable_experts(*, request: InvolvementRequest, today: datetime.date | None = None) -> QuerySet:
    """Who can be asked to take part in this request: the pool's rules, in one place.

    Active, onboarding complete, consent current, a DBS check recorded when the request's activity
    type needs one, and not invited to it already. Ranking reads it, and inviting filters the
    people chosen through it, so nobody outside it is ever invited.
    """
    today = today or timezone.localdate()
    askable = ExpertByExperience.objects.filter(
        status=ExpertStatus.ACTIVE, onboarding_complete=True, consent_review_due__gte=today
    )
    if request.activity_type.needs_dbs:
        askable = askable.filter(has_dbs_check())
    return askable.exclude(invitations__request=request)


def has_dbs_check() -> Exists:
    """A condition on people: a DBS check is recorded on their onboarding checklist."""
    return Exists(OnboardingRecord.objects.filter(expert=OuterRef("pk"), step=OnboardingStep.DBS))


def ranked_experts(*, request: InvolvementRequest, today: datetime.date | None = None) -> QuerySet:
    today = today or timezone.localdate()
    area_ids = list(request.lived_experience_areas.values_list("pk", flat=True))
    skill_ids = list(request.skills.values_list("pk", flat=True))
    slot = availability_bit(request.activity_date.weekday(), PartOfDay.of(request.start_time))
    areas_through = ExpertByExperience.lived_experience_areas.through
    skills_through = ExpertByExperience.skills.through
    # A place someone holds (an activity called off turns its places into "called off").
    booked = Invitation.objects.filter(expert=OuterRef("pk"), status=InvitationStatus.ACCEPTED)
    mode_field = "available_online" if request.mode == Mode.ONLINE else "available_in_person"
    return (
        askable_experts(request=request, today=today)
        .annotate(
            area_matches=_count_of(areas_through, "expertbyexperience_id", "livedexperiencearea_id", area_ids),
            skill_matches=_count_of(skills_through, "expertbyexperience_id", "skill_id", skill_ids),
            slot_bits=ExpressionWrapper(F("availability").bitand(slot), output_field=IntegerField()),
            is_available=Case(When(slot_bits__gt=0, then=Value(1)), default=Value(0), output_field=IntegerField()),
            mode_fits=Case(When(**{mode_field: True}, then=Value(1)), default=Value(0), output_field=IntegerField()),
            has_clash=Exists(booked.filter(activity_date=request.activity_date)),
            recent_activities=Coalesce(
                Subquery(
                    booked.filter(activity_date__range=(today - datetime.timedelta(days=RECENT_DAYS), today))
                    .values("expert")
                    .annotate(total=Count("pk"))
                    .values("total"),
                    output_field=IntegerField(),
                ),
                Value(0),
            ),
        )
        .annotate(
            score=F("area_matches") * WEIGHTS["area"]
            + F("skill_matches") * WEIGHTS["skill"]
            + F("is_available") * WEIGHTS["available"]
            + F("mode_fits") * WEIGHTS["mode"]
            - Case(When(has_clash=True, then=Value(CLASH_PENALTY)), default=Value(0), output_field=IntegerField())
        )
        .order_by("-score", "recent_activities", "full_name", "pk")
    )


def invitations_for(*, request: InvolvementRequest) -> QuerySet[Invitation]:
    return Invitation.objects.filter(request=request).select_related("expert").order_by("status", "answered_at", "pk")


def places_taken(*, request: InvolvementRequest) -> int:
    return Invitation.objects.filter(request=request, status=InvitationStatus.ACCEPTED).count()
