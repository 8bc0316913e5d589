"""Requests past their closing date unfilled expire on the hourly job, and the requester is told
by email once, however often the job runs."""

import pytest
from django.conf import settings
from django.core import mail

from involvement.models import InvolvementRequest, Status
from involvement.tasks import expire_overdue
from involvement.tests.factories import approved_request, days_from_today, submitted_request

pytestmark = pytest.mark.django_db


def test_the_expiry_job_runs_every_hour():
    [entry] = [item for item in settings.CELERY_BEAT_SCHEDULE.values() if item["task"] == "involvement.expire_overdue"]
    assert len(entry["schedule"].hour) == 24


def test_an_expired_request_emails_its_requester_once(django_capture_on_commit_callbacks):
    waiting = submitted_request(
        title="Carers' leaflet review", activity_date=days_from_today(-1), closing_date=days_from_today(-3)
    )
    unfilled = approved_request(activity_date=days_from_today(-1), closing_date=days_from_today(-2))
    still_open = approved_request()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert expire_overdue() == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert expire_overdue() == 0

    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [waiting.requester.email, unfilled.requester.email]
    )
    [to_waiting] = [message for message in mail.outbox if message.to == [waiting.requester.email]]
    assert to_waiting.subject.endswith("Expired: Carers' leaflet review")
    assert "so the request has expired" in to_waiting.body
    assert InvolvementRequest.objects.get(pk=still_open.pk).status == Status.OPEN
