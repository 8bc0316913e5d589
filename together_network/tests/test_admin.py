"""Django admin shows the network's records about people only to staff who are network coordinators."""

import pytest
from django.urls import reverse

from peersupport.accounts.roles import Role
from together_network.tests.factories import ExpertByExperienceFactory

pytestmark = pytest.mark.django_db

PERSONAL = [
    "together_network_expertbyexperience",
    "together_network_onboardingrecord",
    "together_network_consentrecord",
    "together_network_applicationlink",
    "together_network_attendance",
    "together_network_paymentclaim",
    "together_network_activityfeedback",
    "together_network_invitation",  # which experts were invited to or booked on which activity
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


@pytest.fixture
def staff_coordinator(login_as):
    return login_as(Role.ADMIN, Role.NETWORK_COORDINATOR)


@pytest.fixture
def expert():
    person = ExpertByExperienceFactory(full_name="Rhian Evans", email="rhian@example.org", status="active")
    person.phone = "07700 900555"  # a change, so there is a past version to look at
    person.save()
    return person


def test_a_persons_record_is_read_only_in_the_admin(client, staff_coordinator, expert):
    """Status, onboarding, consent and the earnings limit change on the network's pages, which keep
    the history and tell people; the admin only reads them."""
    url = reverse("admin:together_network_expertbyexperience_change", args=[expert.pk])

    page = client.get(url)
    posted = client.post(url, {"full_name": "Changed", "status": "left", "onboarding_complete": "", "email": "x@y.z"})

    assert page.status_code == 200
    html = page.content.decode()
    assert "Rhian Evans" in html and 'name="_save"' not in html and 'name="status"' not in html
    assert posted.status_code == 403
    expert.refresh_from_db()
    assert (expert.full_name, expert.status, expert.onboarding_complete) == ("Rhian Evans", "active", True)
    assert client.get(reverse("admin:together_network_expertbyexperience_add")).status_code == 403


def test_a_past_version_can_be_read_but_never_put_back(client, staff_coordinator, expert):
    first = expert.history.earliest("history_date")
    url = reverse("admin:together_network_expertbyexperience_simple_history", args=[expert.pk, first.history_id])

    page = client.get(url)
    reverted = client.post(url, {"full_name": "Rhian Evans", "email": "rhian@example.org", "status": "applicant"})

    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert reverted.status_code == 403
    expert.refresh_from_db()
    assert (expert.phone, expert.status) == ("07700 900555", "active")


def test_the_admin_list_still_searches_and_filters(client, staff_coordinator, expert):
    ExpertByExperienceFactory(full_name="Someone Else", status="paused")
    url = reverse("admin:together_network_expertbyexperience_changelist")

    found = client.get(url, {"q": "rhian@example"})
    paused = client.get(url, {"status__exact": "paused"})

    assert [person.full_name for person in found.context["cl"].result_list] == ["Rhian Evans"]
    assert [person.full_name for person in paused.context["cl"].result_list] == ["Someone Else"]
    assert reverse("together_network:expert", args=[expert.pk]) in found.content.decode()


# --- The admin's own index: experts' records only for coordinators ----------------------------------------


def test_an_admin_who_is_not_a_coordinator_never_sees_experts_records(client, make_person):
    expert = ExpertByExperienceFactory()
    client.force_login(make_person(Role.ADMIN))

    assert client.get(f"/admin/together_network/expertbyexperience/{expert.pk}/change/").status_code in {302, 403}
    assert "Experts by experience" not in client.get("/admin/").content.decode()


def test_an_admin_who_is_also_a_coordinator_sees_them(client, make_person):
    expert = ExpertByExperienceFactory()
    client.force_login(make_person(Role.ADMIN, Role.NETWORK_COORDINATOR))

    assert client.get(f"/admin/together_network/expertbyexperience/{expert.pk}/change/").status_code == 200


def test_an_expert_cannot_be_deleted_in_the_admin_and_their_claims_are_protected(client, login_as, expert):
    """Leaving is a status; deleting an expert never takes their payment claims with it."""
    from together_network.models import ExpertByExperience, PaymentClaim

    login_as(Role.ADMIN, Role.NETWORK_COORDINATOR)

    assert client.get(reverse("admin:together_network_expertbyexperience_delete", args=[expert.pk])).status_code == 403
    from django.db.models import PROTECT

    assert PaymentClaim._meta.get_field("expert").remote_field.on_delete is PROTECT
    assert ExpertByExperience.objects.filter(pk=expert.pk).exists()
