"""The home page's panels: each app adds its own for the roles it serves (peersupport/accounts/home.py)."""

import pytest
from django.urls import reverse

from peersupport.accounts.roles import Role
from workforce.tests.factories import TeamFactory

pytestmark = pytest.mark.django_db


def panel_titles(response) -> list[str]:
    return [item["panel"].title for item in response.context["panels"]]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.REQUESTER, ["Your involvement requests"]),
        (Role.TEAM_LEAD, ["Requests waiting for your approval", "Your teams"]),
        (Role.PEER_SUPPORT_LEAD, ["Services and teams", "Workforce"]),
        (Role.NETWORK_COORDINATOR, ["Requests to match", "Attendance and claims", "Joining and consent"]),
        (Role.PEER_SUPPORT_WORKER, ["Your protected time"]),
        (Role.EXPERT_BY_EXPERIENCE, ["Your invitations"]),
        (Role.ADMIN, ["The Together network"]),
    ],
)
def test_each_role_gets_its_own_panels(client, login_as, role, expected):
    login_as(role)

    assert panel_titles(client.get(reverse("home"))) == expected


def test_a_person_with_two_roles_sees_both_sets_of_panels_once(client, login_as):
    login_as(Role.TEAM_LEAD, Role.REQUESTER)

    titles = panel_titles(client.get(reverse("home")))

    assert titles == ["Requests waiting for your approval", "Your involvement requests", "Your teams"]


def test_a_team_lead_sees_the_teams_they_lead(client, login_as):
    lead = login_as(Role.TEAM_LEAD)
    TeamFactory(name="North Community Team", leads=[lead])
    TeamFactory(name="Willow Ward")

    html = client.get(reverse("home")).content.decode()

    assert "North Community Team" in html
    assert "Willow Ward" not in html


def test_the_home_page_keeps_a_constant_number_of_queries(client, login_as, django_assert_max_num_queries):
    lead = login_as(Role.TEAM_LEAD, Role.PEER_SUPPORT_LEAD, Role.REQUESTER)
    for _ in range(3):
        TeamFactory(leads=[lead])
    client.get(reverse("home"))
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("home"))
    for _ in range(30):
        TeamFactory(leads=[lead])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("home"))


def test_an_admin_finds_the_network_pages_admins_may_open_from_their_home_page(client, login_as):
    login_as(Role.ADMIN)

    html = client.get(reverse("home")).content.decode()
    pages = ("together_network:claims", "together_network:health", "together_network:feedback_summary")
    links = [reverse(name) for name in pages]

    assert all(f'href="{link}"' in html for link in links)
    assert [client.get(link).status_code for link in links] == [200, 200, 200]
    assert f'href="{reverse("together_network:pool")}"' not in html
