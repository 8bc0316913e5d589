"""Many peer support workers at once, for the tests that count queries from 10 to 300 people.

Factories create one row at a time; here each table takes one `bulk_create`, so a test can
grow the workforce to 300 people with their training and supervision in a fraction of a second.
"""

import datetime
import itertools

from workforce.models import PeerSupportWorker, SupervisionKind, SupervisionSession, TrainingRecord
from workforce.services import training_expiry

_batch = itertools.count()


def bulk_workforce(
    count: int,
    *,
    teams,
    roles,
    courses=(),
    supervisions: int = 2,
    start_date: datetime.date = datetime.date(2020, 1, 1),
    lapsed: bool = False,
) -> list[PeerSupportWorker]:
    """`count` people spread over `teams` and `roles`, each with a record of every course and some supervision.

    Lapsed people did their courses over a year ago (expired, for a course renewed yearly) and
    were last supervised two months ago (overdue). Names sort in the order people were made.
    """
    batch = next(_batch)
    workers = PeerSupportWorker.objects.bulk_create(
        PeerSupportWorker(
            full_name=f"Person {batch:04d}-{index:04d}",
            email=f"bulk{batch}-{index}@example.org",
            team=teams[index % len(teams)],
            pathway_role=roles[index % len(roles)],
            start_date=start_date,
        )
        for index in range(count)
    )
    today = datetime.date.today()
    completed_on = today - datetime.timedelta(days=400 if lapsed else 30)
    last_supervised = today - datetime.timedelta(days=60 if lapsed else 7)
    TrainingRecord.objects.bulk_create(
        TrainingRecord(
            peer_support_worker=worker,
            course=course,
            completed_on=completed_on,
            expires_on=training_expiry(course=course, completed_on=completed_on),
        )
        for worker in workers
        for course in courses
    )
    SupervisionSession.objects.bulk_create(
        SupervisionSession(
            peer_support_worker=worker,
            date=last_supervised - datetime.timedelta(days=30 * number),
            kind=SupervisionKind.LINE_MANAGEMENT,
            supervisor_name="Olivia Grant",
            duration_minutes=60,
        )
        for worker in workers
        for number in range(supervisions)
    )
    return workers
