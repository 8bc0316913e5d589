"""Reminders for training falling due and supervision overdue: to the PSW and their line
managers, once per item per period, however often the job runs."""

import datetime

import pytest

from notifications.models import Notification
from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory
from workforce.services.reminders import supervision_overdue_reminders, training_expiry_reminders
from workforce.tasks import send_development_reminders
from workforce.tests.factories import (
    PeerSupportWorkerFactory,
    SupervisionSessionFactory,
    TeamFactory,
    TrainingRecordFactory,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 25)


@pytest.fixture
def worker():
    lead = UserFactory(roles=[Role.TEAM_LEAD], email="lead@example.org")
    return PeerSupportWorkerFactory(
        team=TeamFactory(leads=[lead]),
        user=UserFactory(roles=[Role.PEER_SUPPORT_WORKER], email="sam@example.org"),
        start_date=datetime.date(2020, 1, 1),
    )


def recipients(event: str) -> list[str]:
    return sorted(Notification.objects.filter(event=event).values_list("recipient_email", flat=True))


def test_training_expiring_within_30_days_is_told_to_the_psw_and_their_lead_once(worker):
    TrainingRecordFactory(peer_support_worker=worker, completed_on=TODAY - datetime.timedelta(days=350))
    SupervisionSessionFactory(peer_support_worker=worker, date=TODAY - datetime.timedelta(days=3))

    training_expiry_reminders(today=TODAY)
    training_expiry_reminders(today=TODAY + datetime.timedelta(days=1))

    assert recipients("training_expiring") == ["lead@example.org", "sam@example.org"]


def test_renewed_or_distant_training_is_not_mentioned(worker):
    old = TrainingRecordFactory(peer_support_worker=worker, completed_on=TODAY - datetime.timedelta(days=350))
    TrainingRecordFactory(
        peer_support_worker=worker, course=old.course, completed_on=TODAY - datetime.timedelta(days=5)
    )
    TrainingRecordFactory(peer_support_worker=worker, completed_on=TODAY - datetime.timedelta(days=100))

    assert training_expiry_reminders(today=TODAY) == 0


def test_overdue_supervision_is_told_once_a_month_while_it_stays_overdue(worker):
    SupervisionSessionFactory(peer_support_worker=worker, date=TODAY - datetime.timedelta(days=60))

    supervision_overdue_reminders(today=TODAY)
    supervision_overdue_reminders(today=TODAY + datetime.timedelta(days=2))
    assert len(recipients("supervision_overdue")) == 2
    supervision_overdue_reminders(today=datetime.date(2026, 12, 2))

    assert len(recipients("supervision_overdue")) == 4


def test_supervision_on_time_or_a_psw_who_left_gets_no_reminder(worker):
    SupervisionSessionFactory(peer_support_worker=worker, date=TODAY - datetime.timedelta(days=10))
    PeerSupportWorkerFactory(status="left", start_date=datetime.date(2019, 1, 1), end_date=datetime.date(2024, 1, 1))

    assert supervision_overdue_reminders(today=TODAY) == 0


def test_the_daily_job_twice_sends_nothing_twice(worker):
    TrainingRecordFactory(
        peer_support_worker=worker,
        completed_on=datetime.date.today() - datetime.timedelta(days=350),
    )

    first = send_development_reminders()
    second = send_development_reminders()

    assert first >= 2
    assert second == 0


def test_reminders_go_to_the_line_manager_instead_of_the_team_leads_when_one_is_recorded(worker):
    worker.line_manager = UserFactory(roles=[Role.PEER_SUPPORT_WORKER], email="senior@example.org")
    worker.save()
    SupervisionSessionFactory(peer_support_worker=worker, date=TODAY - datetime.timedelta(days=60))
    TrainingRecordFactory(peer_support_worker=worker, completed_on=TODAY - datetime.timedelta(days=350))

    supervision_overdue_reminders(today=TODAY)
    training_expiry_reminders(today=TODAY)

    assert recipients("supervision_overdue") == ["sam@example.org", "senior@example.org"]
    assert recipients("training_expiring") == ["sam@example.org", "senior@example.org"]


def test_a_line_manager_who_has_left_falls_back_to_the_team_leads(worker):
    worker.line_manager = UserFactory(email="gone@example.org", is_active=False)
    worker.save()
    SupervisionSessionFactory(peer_support_worker=worker, date=TODAY - datetime.timedelta(days=60))

    supervision_overdue_reminders(today=TODAY)

    assert recipients("supervision_overdue") == ["lead@example.org", "sam@example.org"]
