"""An activity can have several sessions: the first on the request, the rest alongside it."""

import datetime

import pytest
from django.urls import reverse

from involvement.models import InvolvementRequest
from involvement.tests.factories import date_parts, days_from_today, form_data
from peersupport.accounts.roles import Role

pytestmark = pytest.mark.django_db


def sessions(*rows) -> dict:
    """The further-sessions part of the form: each row is (date, start, minutes) or blanks."""
    data = {"sessions-TOTAL_FORMS": str(len(rows)), "sessions-INITIAL_FORMS": "0"}
    for index, (date, start, minutes) in enumerate(rows):
        data.update(date_parts(f"sessions-{index}-date", date) if date else {})
        data[f"sessions-{index}-start_time"] = start
        data[f"sessions-{index}-duration_minutes"] = minutes
    return data


def test_a_request_keeps_its_further_sessions_and_shows_them(client, login_as):
    login_as(Role.REQUESTER)
    second, third = days_from_today(35), days_from_today(42)

    response = client.post(
        reverse("involvement:create"),
        {**form_data(), **sessions((second, "14:00", "60"), (third, "10:00", "120"), (None, "", ""))},
    )

    request = InvolvementRequest.objects.get()
    assert response.status_code == 302
    assert [(session.date, session.start_time) for session in request.further_sessions.all()] == [
        (second, datetime.time(14, 0)),
        (third, datetime.time(10, 0)),
    ]
    page = client.get(reverse("involvement:detail", args=[request.pk])).content.decode()
    assert "Further sessions" in page
    assert second.strftime("%-d %B %Y") in page


def test_a_half_filled_session_is_refused_with_a_linked_error(client, login_as):
    login_as(Role.REQUESTER)

    response = client.post(reverse("involvement:create"), {**form_data(), **sessions((days_from_today(35), "", ""))})

    html = response.content.decode()
    assert response.status_code == 200
    assert not InvolvementRequest.objects.exists()
    assert '<a href="#id_sessions-0-start_time">Session 2: Give the date, start time and length' in html
    assert 'id="id_sessions-0-date_day" name="sessions-0-date_day" type="text" inputmode="numeric" value="' in html


def test_a_session_in_the_past_is_refused(client, login_as):
    login_as(Role.REQUESTER)

    response = client.post(
        reverse("involvement:create"), {**form_data(), **sessions((days_from_today(-1), "10:00", "60"))}
    )

    assert "The session must be today or in the future" in response.content.decode()
    assert not InvolvementRequest.objects.exists()


def test_changing_a_draft_keeps_or_replaces_its_sessions(client, login_as):
    login_as(Role.REQUESTER)
    client.post(reverse("involvement:create"), {**form_data(), **sessions((days_from_today(35), "14:00", "60"))})
    request = InvolvementRequest.objects.get()

    page = client.get(reverse("involvement:edit", args=[request.pk])).content.decode()
    assert 'name="sessions-0-start_time" value="14:00"' in page
    client.post(
        reverse("involvement:edit", args=[request.pk]),
        {**form_data(), **sessions((days_from_today(50), "09:30", "90"), (days_from_today(57), "09:30", "90"))},
    )

    assert [session.date for session in request.further_sessions.all()] == [days_from_today(50), days_from_today(57)]


def test_a_further_session_before_the_first_is_refused(client, login_as):
    login_as(Role.REQUESTER)

    response = client.post(
        reverse("involvement:create"),
        {**form_data(activity_date=days_from_today(28)), **sessions((days_from_today(21), "10:00", "60"))},
    )

    assert "A further session must be on or after the date of the activity" in response.content.decode()
    assert not InvolvementRequest.objects.exists()
