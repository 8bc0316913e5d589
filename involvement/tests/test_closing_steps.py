"""After approval: cancelling (everyone involved told), marking done, closing, and expiry."""

import pytest
from django.urls import reverse

from involvement.models import InvolvementRequest, Status
from involvement.tasks import expire_overdue
from involvement.tests.factories import approved_request, confirmed_request, days_from_today, submitted_request
from notifications.models import Notification
from peersupport.accounts.roles import Role

pytestmark = pytest.mark.django_db


def status_of(request) -> str:
    return InvolvementRequest.objects.values_list("status", flat=True).get(pk=request.pk)


def test_the_requester_cancels_an_open_request_with_a_reason(client):
    request = approved_request()
    client.force_login(request.requester)

    empty = client.post(reverse("involvement:cancel", args=[request.pk]), {"reason": ""})
    assert empty.status_code == 200
    assert '<a href="#id_reason">Give a reason for cancelling</a>' in empty.content.decode()
    assert status_of(request) == Status.OPEN

    client.post(reverse("involvement:cancel", args=[request.pk]), {"reason": "The panel moved online next year"})

    assert status_of(request) == Status.CANCELLED
    # Nobody else had a part in it yet, and the requester is not told of their own action.
    assert not Notification.objects.filter(event="cancelled").exists()


def test_a_reason_for_cancelling_that_cannot_be_saved_is_refused_on_the_page(client):
    request = approved_request()
    client.force_login(request.requester)

    response = client.post(reverse("involvement:cancel", args=[request.pk]), {"reason": "Moved\x00 online"})

    assert response.status_code == 200
    assert 'class="nhsuk-error-summary"' in response.content.decode()
    assert status_of(request) == Status.OPEN


def test_someone_else_cannot_cancel(client, login_as):
    request = approved_request()
    login_as(Role.REQUESTER)

    response = client.post(reverse("involvement:cancel", args=[request.pk]), {"reason": "Not mine"})

    assert response.status_code == 403
    assert status_of(request) == Status.OPEN


def test_a_confirmed_psw_activity_is_marked_done_then_closed_by_the_requester(client):
    request = confirmed_request(activity_date=days_from_today(0), closing_date=days_from_today(0))
    client.force_login(request.requester)

    page = client.get(reverse("involvement:detail", args=[request.pk])).content.decode()
    assert "Mark as done" in page
    client.post(reverse("involvement:complete", args=[request.pk]))
    assert status_of(request) == Status.COMPLETED
    client.post(reverse("involvement:close", args=[request.pk]))
    assert status_of(request) == Status.CLOSED


def test_an_activity_still_to_come_cannot_be_marked_done(client):
    request = confirmed_request()
    client.force_login(request.requester)

    assert "Mark as done" not in client.get(reverse("involvement:detail", args=[request.pk])).content.decode()
    client.post(reverse("involvement:complete", args=[request.pk]))
    assert status_of(request) == Status.CONFIRMED


def test_overdue_requests_expire_once_and_the_requester_is_told():
    waiting = submitted_request(activity_date=days_from_today(-1), closing_date=days_from_today(-3))
    current = submitted_request()

    assert expire_overdue() == 1
    assert expire_overdue() == 0  # running the job again changes nothing

    assert status_of(waiting) == Status.EXPIRED
    assert status_of(current) == Status.SUBMITTED
    assert Notification.objects.filter(event="expired", recipient_email=waiting.requester.email).count() == 1


def test_the_named_psw_can_say_they_cannot_take_part_and_their_hours_are_released(client):
    from involvement.selectors import psw_hours_booked
    from involvement.tests.factories import approve_fully
    from workforce.tests.factories import PeerSupportWorkerFactory

    worker = PeerSupportWorkerFactory(user=make_worker_login())
    request = approve_fully(
        submitted_request(route="psw", peer_support_worker=worker, psw_reason="Knows the team", psw_hours="2")
    )
    assert psw_hours_booked(peer_support_worker=worker, month_of=request.activity_date) == 2
    client.force_login(worker.user)

    client.post(reverse("involvement:psw_decline", args=[request.pk]), {"reason": "On leave that week"})

    assert status_of(request) == Status.DECLINED
    assert psw_hours_booked(peer_support_worker=worker, month_of=request.activity_date) == 0
    [told] = Notification.objects.filter(event="psw_unable")
    assert told.recipient_email == request.requester.email
    assert "On leave that week" in told.body_text


def make_worker_login():
    from peersupport.accounts.tests.factories import UserFactory

    return UserFactory(roles=[Role.PEER_SUPPORT_WORKER])
