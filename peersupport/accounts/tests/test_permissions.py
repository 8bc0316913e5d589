"""A page refused says so and offers the way home.

Which roles open each area's page: tests/test_permissions_table.py; a team's page, decided with the
role and the team: workforce/tests/test_team_permissions.py.
"""

import pytest
from django.urls import reverse

from peersupport.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_the_forbidden_page_explains_and_offers_the_way_home(client, login_as):
    login_as(Role.EXPERT_BY_EXPERIENCE)

    response = client.get(reverse("workforce:index"))

    assert response.status_code == 403
    assert "You do not have access to this page" in response.content.decode()
