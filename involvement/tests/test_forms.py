"""The request form: the Together network by default, a PSW only with a reason (rules 1 and 2)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from involvement.forms import InvolvementRequestForm
from involvement.models import Mode, Route
from involvement.services import requests as services
from involvement.tests.factories import days_from_today, form_data
from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory
from workforce.tests.factories import PeerSupportWorkerFactory

pytestmark = pytest.mark.django_db


def test_a_request_without_a_psw_chosen_is_a_network_request():
    form = InvolvementRequestForm(data=form_data())

    assert form.is_valid(), form.errors
    assert form.cleaned_data["route"] == Route.NETWORK
    assert form.cleaned_data["peer_support_worker"] is None


def test_the_form_starts_on_the_together_network():
    assert InvolvementRequestForm().fields["route"].initial == Route.NETWORK


def test_psw_details_left_on_a_network_request_are_not_kept():
    worker = PeerSupportWorkerFactory()
    form = InvolvementRequestForm(
        data=form_data(peer_support_worker=str(worker.pk), psw_reason="Knows the team", psw_hours="2")
    )
    assert form.is_valid(), form.errors

    request = services.request_create(by=UserFactory(roles=[Role.REQUESTER]), fields=form.request_fields())

    assert request.route == Route.NETWORK
    assert request.peer_support_worker is None
    assert request.psw_hours is None


def test_a_valid_psw_request_names_the_psw_a_reason_and_the_hours():
    worker = PeerSupportWorkerFactory()
    form = InvolvementRequestForm(
        data=form_data(
            route=Route.PSW,
            peer_support_worker=str(worker.pk),
            psw_reason="The panel is for a PSW post in this team.",
            psw_hours="2.5",
        )
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["peer_support_worker"] == worker


def test_asking_for_a_psw_without_a_reason_is_refused_on_the_reason():
    worker = PeerSupportWorkerFactory()
    form = InvolvementRequestForm(
        data=form_data(route=Route.PSW, peer_support_worker=str(worker.pk), psw_reason="   ", psw_hours="2")
    )

    assert not form.is_valid()
    assert form.errors == {"psw_reason": ["Explain why the Together network cannot meet this need"]}


def test_asking_for_a_psw_without_naming_one_or_the_hours_is_refused_on_each():
    form = InvolvementRequestForm(data=form_data(route=Route.PSW, psw_reason="Knows the team"))

    assert not form.is_valid()
    assert form.errors == {
        "peer_support_worker": ["Choose the peer support worker you are asking for"],
        "psw_hours": ["Enter how many hours of their time you need"],
    }


def test_only_an_active_psw_can_be_asked_for():
    worker = PeerSupportWorkerFactory(status="left")
    form = InvolvementRequestForm(
        data=form_data(route=Route.PSW, peer_support_worker=str(worker.pk), psw_reason="Knows us", psw_hours="2")
    )

    assert not form.is_valid()
    assert "peer_support_worker" in form.errors


def test_an_activity_in_the_past_is_refused():
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    form = InvolvementRequestForm(data=form_data(activity_date=yesterday, closing_date=yesterday))

    assert not form.is_valid()
    assert form.errors["activity_date"] == ["The date of the activity must be today or in the future"]


def test_answers_needed_after_the_activity_are_refused():
    activity_date = days_from_today(10)
    form = InvolvementRequestForm(
        data=form_data(activity_date=activity_date, closing_date=activity_date + datetime.timedelta(days=1))
    )

    assert not form.is_valid()
    assert form.errors == {"closing_date": ["Answers must be needed by the date of the activity or earlier"]}


def test_answers_needed_on_the_day_of_the_activity_are_fine():
    activity_date = days_from_today(10)

    assert InvolvementRequestForm(data=form_data(activity_date=activity_date, closing_date=activity_date)).is_valid()


def test_an_in_person_activity_needs_a_location():
    form = InvolvementRequestForm(data=form_data(mode=Mode.IN_PERSON, location=" "))

    assert not form.is_valid()
    assert form.errors == {"location": ["Enter where the activity is, for an in-person activity"]}


def test_an_in_person_activity_with_a_location_is_fine():
    form = InvolvementRequestForm(data=form_data(mode=Mode.IN_PERSON, location="Trust headquarters, room 2"))

    assert form.is_valid(), form.errors


# --- The error summary, as the create page shows it ------------------------------------------------


def summary_links(html: str) -> list[str]:
    summary = re.search(r'<div class="nhsuk-error-summary".*?</ul>', html, re.S)
    assert summary, "the page has no error summary"
    return re.findall(r'<a href="#([^"]+)"', summary.group(0))


def test_the_error_summary_links_to_each_field_in_the_order_of_the_page(client, login_as):
    login_as(Role.REQUESTER)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    data = form_data(
        route=Route.PSW,
        mode=Mode.IN_PERSON,
        activity_date=yesterday,
        closing_date=timezone.localdate() + datetime.timedelta(days=1),
    )

    response = client.post(reverse("involvement:create"), data)

    assert response.status_code == 200
    html = response.content.decode()
    links = summary_links(html)
    assert links == [
        "id_peer_support_worker",
        "id_psw_reason",
        "id_psw_hours",
        "id_activity_date_day",
        "id_location",
        "id_closing_date_day",
    ]
    for target in links:
        assert f'id="{target}"' in html, f"the summary links to #{target}, which is not on the page"


def test_the_error_summary_links_to_the_first_radio_when_no_route_is_chosen(client, login_as):
    login_as(Role.REQUESTER)

    response = client.post(reverse("involvement:create"), form_data(route=None))

    html = response.content.decode()
    assert summary_links(html) == ["id_route_0"]
    assert 'id="id_route_0"' in html
    assert "<title>Error:" in html


def test_the_psw_picker_shows_each_persons_hours_left_this_month_in_one_query():
    from decimal import Decimal

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from involvement.tests.factories import approved_request

    worker = PeerSupportWorkerFactory(full_name="Pat Peer", allowance_hours=Decimal(4))
    PeerSupportWorkerFactory(full_name="Kim Kind", allowance_hours=Decimal("7.5"))
    approved_request(
        route=Route.PSW, peer_support_worker=worker, psw_hours=Decimal(1), activity_date=timezone.localdate()
    )

    with CaptureQueriesContext(connection) as captured:
        labels = [label for _value, label in InvolvementRequestForm().fields["peer_support_worker"].choices]

    assert f"Pat Peer ({worker.team.name}) \u2013 3 of 4 hours left this month" in labels
    assert any(
        label.startswith("Kim Kind (") and label.endswith("7.5 of 7.5 hours left this month") for label in labels
    )
    assert len(captured) == 1
