"""Which roles open each area's page, and what the navigation offers each role (peersupport/accounts/permissions.py)."""

import pytest
from django.urls import reverse

from peersupport.accounts.roles import Role

pytestmark = pytest.mark.django_db


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
