"""A sample of each of the workforce's notification types, for the test that renders every registered
type (notifications/tests/test_types.py). A new type in workforce/notification_types.py needs one here."""

import datetime

from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory
from workforce.models import PeerSupportWorker
from workforce.notification_types import SupervisionOverdue, TrainingExpiring
from workforce.selectors.compliance import with_supervision
from workforce.tests.factories import PeerSupportWorkerFactory, TrainingRecordFactory


def worker():
    return PeerSupportWorkerFactory(user=UserFactory(roles=[Role.PEER_SUPPORT_WORKER]))


def _overdue():
    today = datetime.date(2026, 11, 23)
    annotated = with_supervision(PeerSupportWorker.objects.filter(pk=worker().pk), today=today).get()
    return SupervisionOverdue(worker=annotated, today=today)


SAMPLES = {
    "training_expiring": lambda: TrainingExpiring(record=TrainingRecordFactory(peer_support_worker=worker())),
    "supervision_overdue": _overdue,
}
