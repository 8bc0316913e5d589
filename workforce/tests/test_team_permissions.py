"""A team's page is open to its own leads and the peer support lead, decided with the role and the team."""

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
