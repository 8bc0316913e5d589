"""The workforce's notifications: development falling due (workforce/services/reminders.py).

Each class is one kind of message (notifications.types); its body is
workforce/templates/workforce/email/<slug>.txt.
"""

import datetime
from dataclasses import dataclass

from django.urls import reverse

from notifications.types import NotificationType

from .models import PeerSupportWorker, TrainingRecord

SENT_TO = "the peer support worker and their line manager (without one, the leads of their team)"


def worker_and_manager(worker: PeerSupportWorker) -> list:
    """The person (with a login) and their line manager; without one, their team's leads (prefetched)."""
    people = [worker.user] if worker.user_id and worker.user.is_active else []
    if worker.line_manager_id and worker.line_manager.is_active:
        managers = [worker.line_manager]
    else:
        managers = [lead for lead in worker.team.leads.all() if lead.is_active]
    return people + [manager for manager in managers if manager not in people]


def profile_page(worker: PeerSupportWorker) -> str:
    return reverse("workforce:person", args=[worker.pk])


@dataclass(kw_only=True)
class TrainingExpiring(NotificationType):
    """Once per training record (a renewal is a new record)."""

    slug = "training_expiring"
    title = "Training due for renewal within 30 days"
    sent_to = SENT_TO
    record: TrainingRecord

    def recipients(self) -> list:
        return worker_and_manager(self.record.peer_support_worker)

    def about(self) -> TrainingRecord:
        return self.record

    def subject(self) -> str:
        return f"Training due for renewal: {self.record.course} ({self.record.peer_support_worker.full_name})"

    def context(self) -> dict:
        return {"record": self.record, "worker": self.record.peer_support_worker}

    def link(self) -> str:
        return profile_page(self.record.peer_support_worker)


@dataclass(kw_only=True)
class SupervisionOverdue(NotificationType):
    """Once a calendar month while the person stays overdue (the key names the month)."""

    slug = "supervision_overdue"
    title = "Supervision overdue"
    sent_to = SENT_TO
    worker: PeerSupportWorker  # annotated with `last_supervision_on` (selectors.with_supervision)
    today: datetime.date

    def recipients(self) -> list:
        return worker_and_manager(self.worker)

    def object_key(self) -> str:
        return f"workforce.peersupportworker:{self.worker.pk}:{self.today:%Y-%m}"

    def subject(self) -> str:
        return f"Supervision overdue: {self.worker.full_name}"

    def context(self) -> dict:
        return {"worker": self.worker, "last": self.worker.last_supervision_on}

    def link(self) -> str:
        return profile_page(self.worker)
