"""Withdrawing asks first and says who will be told; nothing changes until the button is pressed."""

import pytest
from django.urls import reverse

from involvement.models import Status
from involvement.tests.factories import (
    InvolvementRequestFactory,
    approved_request,
    confirmed_request,
    reload,
    submitted_request,
)
from notifications.models import Notification
from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory
from workforce.tests.factories import PeerSupportWorkerFactory, TeamFactory

pytestmark = pytest.mark.django_db


def withdraw_url(request) -> str:
    return reverse("involvement:withdraw", args=[request.pk])


def test_the_request_page_links_to_a_page_that_asks_before_withdrawing(client):
    request = approved_request()
    before = request.status
    client.force_login(request.requester)

    page = client.get(reverse("involvement:detail", args=[request.pk])).content.decode()
    asked = client.get(withdraw_url(request))

    assert f'href="{withdraw_url(request)}"' in page
    assert asked.status_code == 200
    assert "Withdraw this request?" in asked.content.decode() and request.title in asked.content.decode()
    assert reload(request).status == before  # opening the page changes nothing


def test_the_page_names_who_is_told_for_a_request_waiting_for_approval(client):
    request = submitted_request()
    client.force_login(request.requester)

    text = client.get(withdraw_url(request)).content.decode()

    assert "the leads still deciding on it" in text
    assert "expert by experience" not in text


def test_the_page_names_the_peer_support_worker_once_their_time_is_approved(client):
    worker = PeerSupportWorkerFactory(user=UserFactory(roles=[Role.PEER_SUPPORT_WORKER]), team=TeamFactory())
    request = confirmed_request(peer_support_worker=worker)
    client.force_login(request.requester)

    text = client.get(withdraw_url(request)).content.decode()

    assert f"{worker}, the peer support worker named" in text


def test_an_approved_network_request_warns_that_people_with_a_place_are_told(client):
    request = approved_request()
    client.force_login(request.requester)

    assert "every expert by experience with a place" in client.get(withdraw_url(request)).content.decode()


def test_a_draft_says_nobody_is_told(client):
    request = InvolvementRequestFactory()
    client.force_login(request.requester)

    assert "Nobody is told" in client.get(withdraw_url(request)).content.decode()


def test_pressing_the_button_withdraws_with_the_reason_and_tells_the_people_named(client):
    request = submitted_request()
    client.force_login(request.requester)

    response = client.post(withdraw_url(request), {"reason": "The panel moved to next year"})

    assert response.url == reverse("involvement:detail", args=[request.pk])
    assert reload(request).status == Status.WITHDRAWN
    told = Notification.objects.filter(event="withdrawn")
    assert told.exists() and request.requester.email not in {row.recipient_email for row in told}
    assert "The panel moved to next year" in told.first().body_text


def test_without_a_reason_the_email_has_no_gap_where_it_would_be(client):
    request = submitted_request()
    client.force_login(request.requester)

    client.post(withdraw_url(request), {"reason": ""})

    body = Notification.objects.filter(event="withdrawn").first().body_text
    assert "The reason given" not in body
    assert "\n\n\n" not in body


def test_someone_else_cannot_open_the_page(client, make_person):
    request = submitted_request()
    client.force_login(make_person(Role.REQUESTER))

    assert client.get(withdraw_url(request)).status_code == 403


def test_the_cancel_page_names_the_people_cancelling_tells_and_not_the_leads_who_approved(client):
    request = approved_request()
    lead = reload(request).team_approved_by
    client.force_login(request.requester)

    text = client.get(reverse("involvement:cancel", args=[request.pk])).content.decode()
    client.post(reverse("involvement:cancel", args=[request.pk]), {"reason": "The room is no longer available"})

    assert "anyone with a place or on the waiting list, the peer support worker named" in text
    assert "the people who approved it" not in text
    assert not Notification.objects.filter(event="cancelled", recipient_email=lead.email).exists()
