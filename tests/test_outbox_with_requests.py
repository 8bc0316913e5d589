"""The outbox with real involvement requests: what a notification records about its request, and a
whole transition delivering each email once. The outbox's own rules: notifications/tests/test_outbox.py."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from involvement.services import requests as services
from involvement.tests.factories import InvolvementRequestFactory, make_team_lead
from notifications.models import DeliveryStatus, Notification
from notifications.services import notify
from notifications.tasks import send_pending_notifications
from peersupport.accounts.tests.factories import UserFactory
from workforce.tests.factories import TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def involvement_request():
    return InvolvementRequestFactory(title="Ward manager interview panel")


def tell(recipients, about, *, event="cancelled") -> list[Notification]:
    """Record the `event` notification about the request `about`, as a service would."""
    return notify(
        event=event,
        obj=about,
        recipients=recipients,
        subject=f"Cancelled: {about.title}",
        context={"request": about, "reason": "The post was withdrawn"},
        link=reverse("involvement:detail", args=[about.pk]),
    )


def test_notify_records_one_pending_notification_per_recipient(involvement_request):
    first, second = UserFactory(full_name="Ada Lovelace"), UserFactory()

    tell([first, second], involvement_request)

    rows = Notification.objects.order_by("pk")
    assert [(row.recipient, row.recipient_email) for row in rows] == [
        (first, first.email),
        (second, second.email),
    ]
    row = rows[0]
    assert row.status == DeliveryStatus.PENDING
    assert row.object_key == f"involvement.involvementrequest:{involvement_request.pk}"
    assert row.subject == "Cancelled: Ward manager interview panel"
    assert row.body_text.startswith("Hello Ada Lovelace,")
    assert "The post was withdrawn" in row.body_text
    assert row.link == reverse("involvement:detail", args=[involvement_request.pk])
    assert "The post was withdrawn" in row.body_html


def test_a_whole_transition_delivers_each_email_once(django_capture_on_commit_callbacks):
    lead = make_team_lead()
    request = InvolvementRequestFactory(requesting_team=TeamFactory(leads=[lead]))

    with django_capture_on_commit_callbacks(execute=True):
        services.request_submit(request_id=request.pk, by=request.requester)
    Notification.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    send_pending_notifications()

    assert sorted(email.to[0] for email in mail.outbox) == sorted([lead.email, request.requester.email])
