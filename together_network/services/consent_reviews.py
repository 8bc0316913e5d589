"""Consent reviews: a daily job tells the coordinators and the person when consent is due for
review within 30 days, and again when it has lapsed (matching already leaves them out then).

Each message goes once per consent record (the outbox's unique key), so running the job twice,
or every day for a month, tells nobody twice; a new consent is a new record, with its own
reminders in a year's time.
"""

import datetime

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from ..models import ConsentRecord, ExpertByExperience, ExpertStatus
from ..notification_types import ConsentLapsed, ConsentReviewDue
from .common import coordinators

DUE_WITHIN_DAYS = 30


def _about(expert: ExpertByExperience) -> str:
    """The consent the reminder is about: the person's latest record (or, for consent recorded
    before records were kept, the review date itself)."""
    if expert.consent_id:
        return f"together_network.consentrecord:{expert.consent_id}"
    return f"together_network.expertbyexperience:{expert.pk}:consent:{expert.consent_review_due:%Y-%m-%d}"


def consent_review_reminders(*, today: datetime.date | None = None) -> int:
    """Tell people about consent due for review soon, or lapsed. Returns how many messages were written."""
    today = today or timezone.localdate()
    latest = ConsentRecord.objects.filter(expert=OuterRef("pk")).order_by("-given_on", "-pk").values("pk")[:1]
    experts = (
        ExpertByExperience.objects.exclude(status=ExpertStatus.LEFT)
        .filter(anonymised_at__isnull=True, consent_review_due__lte=today + datetime.timedelta(days=DUE_WITHIN_DAYS))
        .annotate(consent_id=Subquery(latest))
        .select_related("user")
        .order_by("consent_review_due", "pk")
    )
    staff = list(coordinators())
    sent = 0
    for expert in experts:
        reminder = ConsentLapsed if expert.consent_review_due < today else ConsentReviewDue
        for for_coordinator in (True, False):
            sent += len(
                reminder(expert=expert, window=_about(expert), for_coordinator=for_coordinator, to=staff).send()
            )
    return sent
