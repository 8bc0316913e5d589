"""Supervision: the log, and the overdue flag worked out in the database."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory
from workforce.models import PeerSupportWorkerStatus, SupervisionKind
from workforce.selectors import people
from workforce.services import supervision_session_record
from workforce.tests.factories import PeerSupportWorkerFactory, SupervisionSessionFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days_ago(number: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=number)


def overdue(worker) -> bool:
    return people.people_for_list(user=None, sees_everyone=True).get(pk=worker.pk).supervision_overdue


@pytest.mark.parametrize(("last_session_days_ago", "expected"), [(31, False), (32, True), (5, False)])
def test_a_person_is_overdue_when_their_last_supervision_is_older_than_expected(
    settings, last_session_days_ago, expected
):
    settings.SUPERVISION_EXPECTED_DAYS = 31
    worker = PeerSupportWorkerFactory()
    SupervisionSessionFactory(peer_support_worker=worker, date=days_ago(90))
    SupervisionSessionFactory(peer_support_worker=worker, date=days_ago(last_session_days_ago))

    assert overdue(worker) is expected


@pytest.mark.parametrize(("started_days_ago", "expected"), [(10, False), (31, False), (32, True)])
def test_a_person_with_no_supervision_is_overdue_once_they_have_been_here_long_enough(
    settings, started_days_ago, expected
):
    settings.SUPERVISION_EXPECTED_DAYS = 31
    worker = PeerSupportWorkerFactory(start_date=days_ago(started_days_ago))

    assert overdue(worker) is expected


def test_the_expected_interval_is_a_setting(settings):
    worker = PeerSupportWorkerFactory()
    SupervisionSessionFactory(peer_support_worker=worker, date=days_ago(40))
    settings.SUPERVISION_EXPECTED_DAYS = 45

    assert overdue(worker) is False


def test_people_who_have_left_are_never_overdue():
    worker = PeerSupportWorkerFactory(status=PeerSupportWorkerStatus.LEFT)

    assert overdue(worker) is False


def test_the_overdue_filter_lists_only_the_overdue():
    late = PeerSupportWorkerFactory(full_name="Late")
    SupervisionSessionFactory(peer_support_worker=late, date=days_ago(60))
    on_time = PeerSupportWorkerFactory(full_name="On time")
    SupervisionSessionFactory(peer_support_worker=on_time, date=days_ago(3))

    found = people.people_for_list(user=None, sees_everyone=True, supervision="overdue")

    assert [worker.full_name for worker in found] == ["Late"]


def test_a_supervisor_with_a_login_is_linked_and_named():
    supervisor = UserFactory(roles=[Role.TEAM_LEAD], full_name="Tariq Lewis")

    session = supervision_session_record(
        peer_support_worker=PeerSupportWorkerFactory(),
        date=days_ago(1),
        kind=SupervisionKind.REFLECTIVE_PRACTICE,
        duration_minutes=60,
        supervisor=supervisor,
    )

    assert (session.supervisor, session.supervisor_name) == (supervisor, "Tariq Lewis")


@pytest.mark.parametrize(("date", "minutes"), [(TODAY + datetime.timedelta(days=1), 60), (TODAY, 14), (TODAY, 481)])
def test_the_service_refuses_future_dates_and_lengths_out_of_range(date, minutes):
    with pytest.raises(ValidationError):
        supervision_session_record(
            peer_support_worker=PeerSupportWorkerFactory(),
            date=date,
            kind=SupervisionKind.GROUP,
            duration_minutes=minutes,
            supervisor_name="Olivia Grant",
        )
