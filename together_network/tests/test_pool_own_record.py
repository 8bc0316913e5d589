"""Nobody manages their own record: a coordinator who is also an expert by experience has their
details, onboarding, consent and status kept by another coordinator, in the pages and the services."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory
from together_network.models import ExpertStatus, OnboardingStep
from together_network.services import data_rights
from together_network.services import pool as services
from together_network.tests.pool_support import TODAY, active_expert, days_ahead, make_coordinator

pytestmark = pytest.mark.django_db

FORMS = ["change_expert", "record_step", "record_consent", "expert_pause", "expert_leave"]


@pytest.fixture
def coordinator_in_the_pool():
    """A coordinator who is also in the pool, active, with their record kept by a colleague."""
    user = UserFactory(roles=[Role.NETWORK_COORDINATOR, Role.EXPERT_BY_EXPERIENCE], full_name="Nia Both")
    expert = active_expert(make_coordinator(), full_name="Nia Both", email="nia@example.net")
    expert.user = user
    expert.save(update_fields=["user"])
    return expert


@pytest.mark.parametrize("form", FORMS)
def test_a_coordinator_cannot_open_the_forms_for_their_own_record(client, coordinator_in_the_pool, form):
    client.force_login(coordinator_in_the_pool.user)

    url = reverse(f"together_network:{form}", args=[coordinator_in_the_pool.pk])

    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "A break", "full_name": "Someone Else"}).status_code == 403
    coordinator_in_the_pool.refresh_from_db()
    assert (coordinator_in_the_pool.status, coordinator_in_the_pool.full_name) == (ExpertStatus.ACTIVE, "Nia Both")


@pytest.mark.parametrize("form", FORMS)
def test_they_still_manage_everyone_else(client, coordinator_in_the_pool, form):
    client.force_login(coordinator_in_the_pool.user)
    someone = active_expert(make_coordinator())

    assert client.get(reverse(f"together_network:{form}", args=[someone.pk])).status_code == 200


def test_their_own_record_shows_them_no_coordinator_actions(client, coordinator_in_the_pool):
    client.force_login(coordinator_in_the_pool.user)

    response = client.get(reverse("together_network:expert", args=[coordinator_in_the_pool.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Nia Both" in html
    for action in ("Change details", "Record an onboarding step", "Record consent", "Pause", "Anonymise"):
        assert action not in html, action


def test_the_services_refuse_a_coordinator_acting_on_their_own_record(coordinator_in_the_pool):
    me = coordinator_in_the_pool.user

    refusals = [
        lambda: services.expert_update(expert=coordinator_in_the_pool, by=me, full_name="Someone Else"),
        lambda: services.onboarding_step_record(
            expert=coordinator_in_the_pool, step=OnboardingStep.DBS, completed_on=TODAY, by=me
        ),
        lambda: services.consent_record(
            expert=coordinator_in_the_pool, given_on=TODAY, review_due=days_ahead(300), by=me
        ),
        lambda: services.expert_leave(expert=coordinator_in_the_pool, on=TODAY, by=me),
    ]
    for refused in refusals:
        with pytest.raises(PermissionDenied, match="Nobody manages their own record"):
            refused()

    coordinator_in_the_pool.refresh_from_db()
    assert (coordinator_in_the_pool.full_name, coordinator_in_the_pool.status) == ("Nia Both", ExpertStatus.ACTIVE)


def test_they_may_still_pause_themselves_from_their_portal_like_anyone_in_the_pool(coordinator_in_the_pool):
    services.expert_pause(expert=coordinator_in_the_pool, by=coordinator_in_the_pool.user)

    coordinator_in_the_pool.refresh_from_db()
    assert coordinator_in_the_pool.status == ExpertStatus.PAUSED


def test_they_cannot_anonymise_their_own_record(client, coordinator_in_the_pool):
    services.expert_leave(expert=coordinator_in_the_pool, on=TODAY, by=make_coordinator())
    client.force_login(coordinator_in_the_pool.user)

    assert client.get(reverse("together_network:anonymise", args=[coordinator_in_the_pool.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        data_rights.expert_anonymise(expert=coordinator_in_the_pool, by=coordinator_in_the_pool.user)
