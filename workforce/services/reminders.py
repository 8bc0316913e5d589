"""Reminders about development: training falling due and supervision overdue.

Each reminder is a notification (outbox) to the peer support worker and their line manager;
when no line manager is recorded, to the leads of their team. The unique key makes each one go
once: a training reminder once per record (a renewal is a new record), a supervision reminder
once per calendar month while the person stays overdue.
"""

import datetime

from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone

from ..models import PeerSupportWorker, PeerSupportWorkerStatus, TrainingRecord
from ..notification_types import SupervisionOverdue, TrainingExpiring
from ..selectors.compliance import with_supervision

DUE_WITHIN_DAYS = 30


def training_expiry_reminders(*, today: datetime.date | None = None) -> int:
    """Tell people about training that expires in the next 30 days and has not been renewed."""
    today = today or timezone.localdate()
    renewed = TrainingRecord.objects.filter(
        peer_support_worker=OuterRef("peer_support_worker"),
        course=OuterRef("course"),
        completed_on__gt=OuterRef("completed_on"),
    )
    records = (
        TrainingRecord.objects.filter(
            expires_on__range=(today, today + datetime.timedelta(days=DUE_WITHIN_DAYS)),
            peer_support_worker__status=PeerSupportWorkerStatus.ACTIVE,
        )
        .exclude(Exists(renewed))
        .select_related(
            "course", "peer_support_worker__user", "peer_support_worker__line_manager", "peer_support_worker__team"
        )
        .prefetch_related(Prefetch("peer_support_worker__team__leads"))
    )
    sent = 0
    for record in records:
        sent += len(TrainingExpiring(record=record).send())
    return sent


def supervision_overdue_reminders(*, today: datetime.date | None = None) -> int:
    """Tell people once a month while a peer support worker's supervision is overdue."""
    today = today or timezone.localdate()
    overdue = (
        with_supervision(PeerSupportWorker.objects.filter(status=PeerSupportWorkerStatus.ACTIVE), today=today)
        .filter(supervision_overdue=True)
        .select_related("user", "line_manager", "team")
        .prefetch_related(Prefetch("team__leads"))
    )
    sent = 0
    for worker in overdue:
        sent += len(SupervisionOverdue(worker=worker, today=today).send())
    return sent
