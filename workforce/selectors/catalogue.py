"""Reads for the competence framework and the training catalogue pages.

Each costs the same number of queries whatever the number of domains, competences, courses or
people: the counts are worked out in the database, the related lists prefetched.
"""

import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from ..models import Competence, CompetenceDomain, PathwayRole, PeerSupportWorkerStatus, TrainingCourse

IN_POST = [status for status in PeerSupportWorkerStatus.values if status != PeerSupportWorkerStatus.LEFT]


def _roles_in_order() -> QuerySet[PathwayRole]:
    return PathwayRole.objects.order_by("order")


def competence_framework() -> QuerySet[CompetenceDomain]:
    """The domains in order, each with its competences, how many people achieved each, and which roles need it.

    Three queries. The counts tell the peer support lead which competences can be deleted.
    """
    competences = (
        Competence.objects.annotate(achieved_count=Count("achievements", distinct=True))
        .prefetch_related(Prefetch("required_for", queryset=_roles_in_order()))
        .order_by("name")
    )
    return CompetenceDomain.objects.prefetch_related(Prefetch("competences", queryset=competences)).order_by(
        "order", "name"
    )


def courses_for_catalogue(*, today: datetime.date | None = None) -> QuerySet[TrainingCourse]:
    """Every course with the roles it is mandatory for and `current_holders`: people in post holding it now.

    A record is current until it expires (a course that never expires is always current), as on a
    profile, where one due for renewal still counts as held. People who have left are not counted.
    Two queries.
    """
    today = today or timezone.localdate()
    current = Q(records__expires_on__isnull=True) | Q(records__expires_on__gte=today)
    in_post = Q(records__peer_support_worker__status__in=IN_POST)
    return (
        TrainingCourse.objects.annotate(
            current_holders=Count("records__peer_support_worker", filter=current & in_post, distinct=True)
        )
        .prefetch_related(Prefetch("mandatory_for", queryset=_roles_in_order()))
        .order_by("name")
    )
