"""Reminders about development: training falling due and supervision overdue.

Each reminder is a notification (outbox) to the peer support worker and their line manager;
when no line manager is recorded, to the leads of their team. The unique key makes each one go
once: a training reminder once per record (a renewal is a new record), a supervision reminder
once per calendar month while the person stays overdue.
"""

import datetime

from django.db.models import Exists, OuterRef, Prefetch
from django.urls import reverse
from django.utils import timezone

from notifications.services import notify

from ..models import PeerSupportWorker, PeerSupportWorkerStatus, TrainingRecord
from ..selectors.compliance import with_supervision

DUE_WITHIN_DAYS = 30


def _recipients(worker: PeerSupportWorker) -> list:
    people = [worker.user] if worker.user_id and worker.user.is_active else []
    if worker.line_manager_id and worker.line_manager.is_active:
        managers = [worker.line_manager]
    else:
        managers = [lead for lead in worker.team.leads.all() if lead.is_active]
    return people + [manager for manager in managers if manager not in people]


def _link(worker: PeerSupportWorker) -> str:
    return reverse("workforce:person", args=[worker.pk])


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
        worker = record.peer_support_worker
        sent += len(
            notify(
                event="training_expiring",
                obj=record,
                recipients=_recipients(worker),
                subject=f"Training due for renewal: {record.course} ({worker.full_name})",
                context={"record": record, "worker": worker},
                link=_link(worker),
            )
        )
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
        sent += len(
            notify(
                event="supervision_overdue",
                object_key=f"workforce.peersupportworker:{worker.pk}:{today:%Y-%m}",
                recipients=_recipients(worker),
                subject=f"Supervision overdue: {worker.full_name}",
                context={"worker": worker, "last": worker.last_supervision_on},
                link=_link(worker),
            )
        )
    return sent
