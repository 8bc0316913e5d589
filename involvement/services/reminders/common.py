"""What the scheduled jobs share: who was told already, and counting working days."""

import contextlib
import datetime
import logging

from notifications.models import Notification
from notifications.services import Recipient

logger = logging.getLogger(__name__)


@contextlib.contextmanager
def each_on_its_own(job: str, what):
    """One request's (or person's) failure is logged and the job goes on with the rest; the next
    run tries it again, since nothing of it was recorded."""
    try:
        yield
    except Exception:
        logger.exception("%s: %s failed; the rest go on and the next run tries it again", job, what)


def already_told(*, events, object_keys) -> set[tuple[str, str, str]]:
    """(event, recipient email, object key) of the notifications already recorded for these
    windows: one query, so a job renders only what is new (the unique key still has the last word)."""
    if not object_keys:
        return set()
    return set(
        Notification.objects.filter(event__in=list(events), object_key__in=list(object_keys)).values_list(
            "event", "recipient_email", "object_key"
        )
    )


def still_to_tell(people, *, event: str, object_key: str, told: set) -> list[Recipient]:
    """The people (users or Recipients) not yet told about this window; users who left are skipped."""
    recipients = []
    for person in people:
        if not isinstance(person, Recipient):
            if person is None or not person.is_active:
                continue
            person = Recipient.of_user(person)
        if person.email and (event, person.email, object_key) not in told:
            recipients.append(person)
    return recipients


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Weekdays (Monday to Friday) after `start`, up to and including `end`.

    Bank holidays count as working days: the trust's list is not kept here, and a reminder a
    day early after a bank holiday does no harm.
    """
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if (start + datetime.timedelta(days=weeks * 7 + offset)).weekday() < 5:
            count += 1
    return count
