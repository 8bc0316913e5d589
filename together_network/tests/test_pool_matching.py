"""What joining means for matching: a DBS check where the activity type needs one, and consent
that has passed its review date takes a person out of matching until it is recorded again."""

import pytest
from django.urls import reverse

from involvement.models import ActivityType
from involvement.tests.factories import approved_request
from peersupport.accounts.roles import Role
from together_network.models import ExpertByExperience, OnboardingStep
from together_network.selectors import matching
from together_network.services import pool as services
from together_network.tests.pool_support import TODAY, active_expert, days_ago, days_ahead, make_coordinator

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(db):
    return make_coordinator()


def ranked_names(request) -> list[str]:
    return sorted(expert.full_name for expert in matching.ranked_experts(request=request))


def test_only_people_with_a_dbs_check_are_matched_when_the_activity_type_needs_one(coordinator):
    checked = active_expert(coordinator, full_name="Checked")
    services.onboarding_step_record(expert=checked, step=OnboardingStep.DBS, completed_on=TODAY, by=coordinator)
    active_expert(coordinator, full_name="Not checked")
    needs_dbs = ActivityType.objects.create(name="Ward visit", needs_dbs=True)
    no_dbs = ActivityType.objects.create(name="Leaflet review")

    assert ranked_names(approved_request(activity_type=needs_dbs)) == ["Checked"]
    assert ranked_names(approved_request(activity_type=no_dbs)) == ["Checked", "Not checked"]


def test_the_match_page_leaves_out_people_without_a_dbs_check(client, login_as, coordinator):
    login_as(Role.NETWORK_COORDINATOR)
    active_expert(coordinator, full_name="Not checked")
    request = approved_request(activity_type=ActivityType.objects.create(name="Ward visit", needs_dbs=True))

    response = client.get(reverse("together_network:match", args=[request.pk]))

    assert response.status_code == 200
    assert response.context["rows"] == []


def test_lapsed_consent_leaves_a_person_out_until_it_is_recorded_again(coordinator):
    expert = active_expert(coordinator, full_name="Reviewed")
    request = approved_request()
    assert ranked_names(request) == ["Reviewed"]

    ExpertByExperience.objects.filter(pk=expert.pk).update(consent_review_due=days_ago(1))
    assert ranked_names(request) == []

    services.consent_record(expert=expert, given_on=TODAY, review_due=days_ahead(365), by=coordinator)
    assert ranked_names(request) == ["Reviewed"]


def test_paused_applicants_and_leavers_are_not_matched(coordinator):
    paused = active_expert(coordinator, full_name="Paused")
    services.expert_pause(expert=paused, by=coordinator)
    leaver = active_expert(coordinator, full_name="Leaver")
    services.expert_leave(expert=leaver, on=TODAY, by=coordinator)
    active_expert(coordinator, full_name="Active")

    assert ranked_names(approved_request()) == ["Active"]
