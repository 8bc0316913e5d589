"""Each person's home page: their name, their roles and what needs them now."""

import pytest
from django.urls import reverse

from peersupport.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_home_shows_the_persons_name_and_roles(client, login_as):
    login_as(Role.TEAM_LEAD, Role.REQUESTER, full_name="Tariq Lewis")

    html = client.get(reverse("home")).content.decode()

    assert "Hello, Tariq Lewis" in html
    assert "Team lead" in html
    assert "Requester" in html


def test_someone_without_roles_is_told_to_ask_for_them(client, login_as):
    login_as()

    html = client.get(reverse("home")).content.decode()

    assert "You have no roles yet" in html
