"""Background jobs for the Together network (consent reviews, claim notices), thin: each calls a service."""

from celery import shared_task

from .services.activity_reminders import activity_reminders_send
from .services.consent_reviews import consent_review_reminders
from .services.feedback import feedback_requests_send


@shared_task(name="together_network.consent_reviews")
def consent_reviews() -> int:
    """Daily: consent due for review within 30 days, or lapsed. Running it twice sends nothing twice."""
    return consent_review_reminders()


@shared_task(name="together_network.feedback_requests")
def feedback_requests() -> int:
    """Daily: ask people who came to an activity that has ended for their feedback, once each."""
    return feedback_requests_send()


@shared_task(name="together_network.activity_reminders")
def activity_reminders() -> int:
    """Daily, early: remind people taking part two days before each session and on its morning."""
    return activity_reminders_send()
