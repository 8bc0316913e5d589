"""Thin scheduled jobs for the workforce."""

from celery import shared_task

from .services.reminders import supervision_overdue_reminders, training_expiry_reminders


@shared_task(name="workforce.send_development_reminders")
def send_development_reminders() -> int:
    """Daily: training falling due and supervision overdue. Running it twice sends nothing twice."""
    return training_expiry_reminders() + supervision_overdue_reminders()
