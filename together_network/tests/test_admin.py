"""Django admin shows the network's records about people only to staff who are network coordinators."""

import pytest
from django.urls import reverse

from peersupport.accounts.roles import Role

pytestmark = pytest.mark.django_db

PERSONAL = [
    "together_network_expertbyexperience",
    "together_network_onboardingrecord",
    "together_network_consentrecord",
    "together_network_applicationlink",
    "together_network_attendance",
    "together_network_paymentclaim",
    "together_network_activityfeedback",
]


@pytest.mark.parametrize("model", PERSONAL)
def test_an_admin_who_is_not_a_coordinator_cannot_open_the_networks_records_about_people(client, login_as, model):
    login_as(Role.ADMIN)

    assert client.get(reverse(f"admin:{model}_changelist")).status_code == 403


@pytest.mark.parametrize("model", PERSONAL)
def test_a_staff_coordinator_reads_them_but_changes_them_through_the_service(client, login_as, model):
    login_as(Role.ADMIN, Role.NETWORK_COORDINATOR)

    assert client.get(reverse(f"admin:{model}_changelist")).status_code == 200
    if model != "together_network_expertbyexperience":
        assert client.get(reverse(f"admin:{model}_add")).status_code == 403


def test_the_rate_card_is_readable_in_the_admin_and_kept_on_its_own_page(client, login_as):
    login_as(Role.ADMIN)

    assert client.get(reverse("admin:together_network_rate_changelist")).status_code == 200
    assert client.get(reverse("admin:together_network_rate_add")).status_code == 403
