"""Training: expiry from the course's renewal, and each person's compliance with their role's courses."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from workforce.selectors import compliance, people
from workforce.selectors.compliance import TrainingStatus
from workforce.services import add_months, training_record_add
from workforce.tests.factories import (
    PathwayRoleFactory,
    PeerSupportWorkerFactory,
    TrainingCourseFactory,
    TrainingRecordFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days(number: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=number)


def test_months_are_added_to_the_same_day_or_the_months_last():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 11, 15), 14) == datetime.date(2028, 1, 15)


def test_recording_training_sets_the_expiry_from_the_courses_renewal():
    course = TrainingCourseFactory(renewal_months=36)
    worker = PeerSupportWorkerFactory()

    record = training_record_add(peer_support_worker=worker, course=course, completed_on=datetime.date(2025, 3, 10))

    assert record.expires_on == datetime.date(2028, 3, 10)


def test_a_course_without_renewal_never_expires():
    record = training_record_add(
        peer_support_worker=PeerSupportWorkerFactory(),
        course=TrainingCourseFactory(renewal_months=None),
        completed_on=datetime.date(2019, 5, 1),
    )

    assert record.expires_on is None


def test_training_cannot_be_recorded_in_the_future():
    with pytest.raises(ValidationError):
        training_record_add(
            peer_support_worker=PeerSupportWorkerFactory(), course=TrainingCourseFactory(), completed_on=days(1)
        )


@pytest.fixture
def role():
    return PathwayRoleFactory(name="Senior peer support worker", band="4")


def status_of(worker, course) -> TrainingStatus:
    worker = people.people_for_list(user=None, sees_everyone=True).get(pk=worker.pk)
    return next(row.status for row in compliance.training_compliance(worker) if row.course == course)


@pytest.mark.parametrize(
    ("expires_in_days", "status"),
    [
        (31, TrainingStatus.CURRENT),
        (30, TrainingStatus.DUE),
        (0, TrainingStatus.DUE),
        (-1, TrainingStatus.EXPIRED),
    ],
)
def test_a_mandatory_course_is_current_due_or_expired_by_its_expiry(role, expires_in_days, status):
    course = TrainingCourseFactory(mandatory_for=[role])
    worker = PeerSupportWorkerFactory(pathway_role=role)
    TrainingRecordFactory(peer_support_worker=worker, course=course, expires_on=days(expires_in_days))

    assert status_of(worker, course) == status


def test_a_mandatory_course_never_done_is_missing(role):
    course = TrainingCourseFactory(mandatory_for=[role])
    worker = PeerSupportWorkerFactory(pathway_role=role)

    assert status_of(worker, course) == TrainingStatus.MISSING


def test_a_renewal_counts_over_the_expired_record_it_replaces(role):
    course = TrainingCourseFactory(mandatory_for=[role])
    worker = PeerSupportWorkerFactory(pathway_role=role)
    TrainingRecordFactory(peer_support_worker=worker, course=course, expires_on=days(-400))
    TrainingRecordFactory(peer_support_worker=worker, course=course, expires_on=days(200))

    assert status_of(worker, course) == TrainingStatus.CURRENT


def test_the_overall_status_is_the_worst_mandatory_course_and_ignores_optional_ones(role):
    current = TrainingCourseFactory(name="Basic life support", mandatory_for=[role])
    due = TrainingCourseFactory(name="Information governance", mandatory_for=[role])
    optional = TrainingCourseFactory(name="Art of hosting")
    worker = PeerSupportWorkerFactory(pathway_role=role)
    TrainingRecordFactory(peer_support_worker=worker, course=current, expires_on=days(300))
    TrainingRecordFactory(peer_support_worker=worker, course=due, expires_on=days(10))
    TrainingRecordFactory(peer_support_worker=worker, course=optional, expires_on=days(-10))
    worker = people.person_profile(worker_id=worker.pk)

    rows = compliance.training_compliance(worker)

    assert [(row.course, row.mandatory) for row in rows] == [(current, True), (due, True), (optional, False)]
    assert compliance.overall_training_status(rows) == TrainingStatus.DUE


@pytest.mark.parametrize("status", [TrainingStatus.EXPIRED, TrainingStatus.DUE, TrainingStatus.MISSING])
def test_the_database_filter_agrees_with_the_computed_status(role, status):
    course = TrainingCourseFactory(mandatory_for=[role])
    expired = PeerSupportWorkerFactory(pathway_role=role, full_name="Expired")
    TrainingRecordFactory(peer_support_worker=expired, course=course, expires_on=days(-5))
    due = PeerSupportWorkerFactory(pathway_role=role, full_name="Due")
    TrainingRecordFactory(peer_support_worker=due, course=course, expires_on=days(5))
    TrainingRecordFactory(peer_support_worker=due, course=course, expires_on=days(-300))
    PeerSupportWorkerFactory(pathway_role=role, full_name="Missing")
    current = PeerSupportWorkerFactory(pathway_role=role, full_name="Current")
    TrainingRecordFactory(peer_support_worker=current, course=course, expires_on=None)
    PeerSupportWorkerFactory(full_name="Other role, nothing mandatory")

    found = people.people_for_list(user=None, sees_everyone=True, training=status)

    assert [worker.full_name for worker in found] == [status.value.capitalize()]
