"""Consent reviews: the daily job tells the coordinators and the person once when consent is due
within 30 days, and once more when it lapses; the coordinators' home panel counts what needs them."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import Notification
from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory
from together_network import tasks
from together_network.models import ExpertByExperience
from together_network.services import pool as services
from together_network.services.consent_reviews import consent_review_reminders
from together_network.tests.pool_support import (
    TODAY,
    active_expert,
    applicant,
    bulk_pool,
    days_ago,
    days_ahead,
    make_coordinator,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(db):
    return make_coordinator()


def with_review_due(expert, review_due, *, by):
    """Consent given again today, to review by `review_due`, through the service."""
    services.consent_record(expert=expert, given_on=TODAY, review_due=review_due, by=by)
    expert.refresh_from_db()
    return expert


def told(event: str) -> set[str]:
    return set(Notification.objects.filter(event=event).values_list("recipient_email", flat=True))


def test_the_job_runs_daily_from_the_beat_schedule():
    entry = next(
        item for item in settings.CELERY_BEAT_SCHEDULE.values() if item["task"] == "together_network.consent_reviews"
    )
    assert entry["schedule"].hour == {7}


def test_consent_due_within_30_days_is_told_once_to_coordinators_and_the_person(coordinator):
    login = UserFactory(roles=[Role.EXPERT_BY_EXPERIENCE], email="ayo@example.net")
    due = active_expert(coordinator, email="ayo@example.net")
    due.user = login
    due.save()
    with_review_due(due, days_ahead(20), by=coordinator)
    with_review_due(active_expert(coordinator, email="later@example.net"), days_ahead(45), by=coordinator)

    first = tasks.consent_reviews()
    second = tasks.consent_reviews()

    assert told("network_consent_review_due") == {coordinator.email, "ayo@example.net"}
    assert (first, second) == (2, 0)
    to_person = Notification.objects.get(event="network_consent_review_due", recipient_email="ayo@example.net")
    assert to_person.recipient == login and to_person.link == reverse("together_network:portal")
    to_coordinator = Notification.objects.get(event="network_consent_review_due", recipient=coordinator)
    assert to_coordinator.link == reverse("together_network:expert", args=[due.pk])


def test_a_lapse_is_told_again_and_a_new_consent_starts_afresh(coordinator):
    expert = with_review_due(active_expert(coordinator, email="ayo@example.net"), days_ahead(10), by=coordinator)
    consent_review_reminders()

    consent_review_reminders(today=days_ahead(11))
    consent_review_reminders(today=days_ahead(12))
    assert told("network_consent_lapsed") == {coordinator.email, "ayo@example.net"}
    assert Notification.objects.filter(event="network_consent_lapsed").count() == 2
    lapsed = Notification.objects.get(event="network_consent_lapsed", recipient_email="ayo@example.net")
    assert "we will not invite you to new activities" in lapsed.body_text

    services.consent_record(expert=expert, given_on=TODAY, review_due=days_ahead(25), by=coordinator)
    consent_review_reminders()
    assert Notification.objects.filter(event="network_consent_review_due").count() == 4


def test_someone_without_a_login_is_emailed_and_leavers_are_not(coordinator):
    staying = with_review_due(active_expert(coordinator, email="stay@example.net"), days_ahead(5), by=coordinator)
    leaving = with_review_due(active_expert(coordinator, email="gone@example.net"), days_ahead(5), by=coordinator)
    services.expert_leave(expert=leaving, on=TODAY, by=coordinator)

    consent_review_reminders()

    assert told("network_consent_review_due") == {coordinator.email, "stay@example.net"}
    assert (
        Notification.objects.get(recipient_email="stay@example.net", event="network_consent_review_due").recipient
        is None
    )
    assert staying.user is None


def test_consent_recorded_before_records_were_kept_is_reviewed_too(coordinator):
    expert = applicant(coordinator, email="old@example.net")
    ExpertByExperience.objects.filter(pk=expert.pk).update(consent_review_due=days_ago(3))

    consent_review_reminders()
    consent_review_reminders()

    assert told("network_consent_lapsed") == {coordinator.email, "old@example.net"}
    assert Notification.objects.filter(event="network_consent_lapsed").count() == 2


# --- The coordinators' home panel ---------------------------------------------------------------


def test_the_home_panel_counts_what_needs_the_coordinator_with_links_to_the_list(client, login_as):
    user = login_as(Role.NETWORK_COORDINATOR)
    due = with_review_due(active_expert(user), days_ahead(5), by=user)
    lapsed = active_expert(user)
    ExpertByExperience.objects.filter(pk=lapsed.pk).update(consent_review_due=days_ago(1))
    applicant(user)
    applicant(user)

    content = client.get(reverse("home")).content.decode()

    assert "Joining and consent" in content
    assert '<a href="/network/people/?consent=lapsed">1 consent lapsed</a>' in content
    assert "1 consent due for review within 30 days" in content
    assert (
        '<a href="/network/people/?status=applicant&amp;onboarding=missing&amp;sort=newest">2 applicants waiting'
        in content
    )
    assert due.consent_review_due == days_ahead(5)


def _home_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    return len(queries)


def test_the_home_page_takes_the_same_queries_for_10_or_2000_people(client, login_as):
    login_as(Role.NETWORK_COORDINATOR)
    bulk_pool(10)
    small = _home_queries(client)

    bulk_pool(1990)
    assert _home_queries(client) == small
