"""The daily job asks people who came to an activity that has ended for their feedback: once each,
never someone who did not come, has given feedback already, or whose activity is still going on."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from involvement.models import FurtherSession
from notifications.models import Notification
from together_network import tasks
from together_network.models import ActivityFeedback, ExpertByExperience, ExpertStatus, FeedbackRating
from together_network.services.feedback import feedback_requests_send
from together_network.tests.factories import ExpertByExperienceFactory
from together_network.tests.portal_support import days_ago, expert_with_login, past_place

pytestmark = pytest.mark.django_db

EVENT = "network_feedback_requested"


def asked() -> list[Notification]:
    return list(Notification.objects.filter(event=EVENT).order_by("pk"))


def test_people_who_came_are_asked_once_with_a_link_to_the_page():
    eve = expert_with_login(full_name="Eve Morgan", email="eve@example.org")
    place = past_place(eve, title="Carers' leaflet review", on=days_ago(1))

    assert feedback_requests_send() == 1
    assert feedback_requests_send() == 0

    [message] = asked()
    assert message.recipient_email == "eve@example.org"
    assert message.recipient == eve.user
    assert message.subject == "How was it? Carers' leaflet review"
    assert reverse("together_network:give_feedback", args=[place.pk]) in message.body_text
    assert message.object_key == f"together_network.invitation:{place.pk}"


def test_people_without_a_login_are_asked_by_email():
    past_place(ExpertByExperienceFactory(email="no.login@example.org"))

    feedback_requests_send()

    assert [message.recipient_email for message in asked()] == ["no.login@example.org"]


def test_nobody_is_asked_who_did_not_come_or_whose_attendance_is_not_recorded():
    past_place(ExpertByExperienceFactory(), attended=False)
    past_place(ExpertByExperienceFactory(), attended=None)

    assert feedback_requests_send() == 0


def test_nobody_is_asked_who_has_given_feedback():
    place = past_place(ExpertByExperienceFactory())
    ActivityFeedback.objects.create(invitation=place, rating=FeedbackRating.GOOD, felt_listened_to=True)

    assert feedback_requests_send() == 0


def test_an_activity_today_or_with_sessions_to_come_is_not_over():
    past_place(ExpertByExperienceFactory(), on=timezone.localdate())
    going_on = past_place(ExpertByExperienceFactory(), on=days_ago(3))
    FurtherSession.objects.create(
        request=going_on.request,
        date=timezone.localdate() + datetime.timedelta(days=4),
        start_time=datetime.time(10),
        duration_minutes=60,
    )

    assert feedback_requests_send() == 0


def test_long_past_activities_and_people_who_left_are_not_asked():
    past_place(ExpertByExperienceFactory(), on=days_ago(61))
    leaver = ExpertByExperienceFactory()
    past_place(leaver)  # they had a place, then left the network (only people who can be asked are invited)
    ExpertByExperience.objects.filter(pk=leaver.pk).update(status=ExpertStatus.LEFT)

    assert feedback_requests_send() == 0


def test_the_scheduled_job_asks_each_person_once_however_often_it_runs():
    for _ in range(3):
        past_place(ExpertByExperienceFactory())

    assert tasks.feedback_requests() == 3
    assert tasks.feedback_requests() == 0
    assert len(asked()) == 3


def test_the_job_is_on_the_daily_schedule(settings):
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert "together_network.feedback_requests" in schedule
