"""One permission module decides, with the role and the object."""

import pytest
from django.urls import reverse

from peersupport.accounts.roles import Role
from workforce.tests.factories import TeamFactory

pytestmark = pytest.mark.django_db


def test_a_team_lead_sees_their_own_team_and_not_another(client, login_as):
    lead = login_as(Role.TEAM_LEAD)
    own_team = TeamFactory(leads=[lead])
    other_team = TeamFactory()

    assert client.get(reverse("workforce:team_detail", args=[own_team.pk])).status_code == 200
    assert client.get(reverse("workforce:team_detail", args=[other_team.pk])).status_code == 403


def test_the_peer_support_lead_sees_every_team(client, login_as):
    login_as(Role.PEER_SUPPORT_LEAD)
    team = TeamFactory()

    response = client.get(reverse("workforce:team_detail", args=[team.pk]))

    assert response.status_code == 200
    assert team.name in response.content.decode()


@pytest.mark.parametrize(
    "role",
    [Role.REQUESTER, Role.NETWORK_COORDINATOR, Role.PEER_SUPPORT_WORKER, Role.EXPERT_BY_EXPERIENCE],
)
def test_other_roles_cannot_see_a_team(client, login_as, role):
    login_as(role)
    team = TeamFactory()

    assert client.get(reverse("workforce:team_detail", args=[team.pk])).status_code == 403


def test_a_missing_team_is_not_found_rather_than_an_error(client, login_as):
    login_as(Role.PEER_SUPPORT_LEAD)

    assert client.get(reverse("workforce:team_detail", args=[999999])).status_code == 404


# Each area's page, and the roles that may open it. Everyone else gets 403.
ACCESS = {
    "involvement:index": {
        Role.REQUESTER,
        Role.TEAM_LEAD,
        Role.PEER_SUPPORT_LEAD,
        Role.NETWORK_COORDINATOR,
        Role.PEER_SUPPORT_WORKER,
        Role.ADMIN,
    },
    "workforce:index": {Role.PEER_SUPPORT_LEAD, Role.TEAM_LEAD, Role.ADMIN},
    "together_network:index": {Role.NETWORK_COORDINATOR},
    "together_network:portal": {Role.EXPERT_BY_EXPERIENCE},
    "home": set(Role),
}


@pytest.mark.parametrize("url_name", ACCESS)
@pytest.mark.parametrize("role", list(Role))
def test_each_page_is_open_only_to_its_roles(client, login_as, url_name, role):
    login_as(role)

    response = client.get(reverse(url_name))

    assert response.status_code == (200 if role in ACCESS[url_name] else 403)


def test_the_forbidden_page_explains_and_offers_the_way_home(client, login_as):
    login_as(Role.EXPERT_BY_EXPERIENCE)

    response = client.get(reverse("workforce:index"))

    assert response.status_code == 403
    assert "You do not have access to this page" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        (Role.REQUESTER, ["Involvement requests"], ["Workforce", "Together network", "My involvement", "Admin"]),
        (Role.TEAM_LEAD, ["Involvement requests", "Workforce"], ["Together network", "My involvement", "Admin"]),
        (Role.PEER_SUPPORT_LEAD, ["Workforce"], ["Together network", "My involvement", "Admin"]),
        (Role.NETWORK_COORDINATOR, ["Together network"], ["Workforce", "My involvement", "Admin"]),
        (Role.PEER_SUPPORT_WORKER, ["Involvement requests"], ["Workforce", "Together network", "Admin"]),
        (Role.EXPERT_BY_EXPERIENCE, ["My involvement"], ["Involvement requests", "Workforce", "Admin"]),
        (Role.ADMIN, ["Admin", "Workforce"], ["Together network", "My involvement"]),
    ],
)
def test_navigation_shows_what_the_roles_allow(client, login_as, role, shown, hidden):
    login_as(role)

    navigation = [item["label"] for item in client.get(reverse("home")).context["navigation"]]

    assert navigation[0] == "Home"
    for label in shown:
        assert label in navigation
    for label in hidden:
        assert label not in navigation
