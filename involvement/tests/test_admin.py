"""Django admin shows requests and invitations but never changes them past the service."""

import pytest

from involvement.tests.factories import approved_request
from peersupport.accounts.roles import Role
from together_network.tests.factories import ExpertByExperienceFactory

pytestmark = pytest.mark.django_db


def test_admins_read_requests_with_their_timeline_but_cannot_change_them(client, make_person):
    request = approved_request()
    client.force_login(make_person(Role.ADMIN))

    page = client.get(f"/admin/involvement/involvementrequest/{request.pk}/change/")

    assert page.status_code == 200
    assert "Open for the Together network to match and invite" in page.content.decode()
    response = client.post(f"/admin/involvement/involvementrequest/{request.pk}/change/", {"title": "Changed"})
    assert response.status_code == 403
    request.refresh_from_db()
    assert request.title != "Changed"


def test_an_admin_who_is_not_a_coordinator_never_sees_experts_records(client, make_person):
    expert = ExpertByExperienceFactory()
    client.force_login(make_person(Role.ADMIN))

    assert client.get(f"/admin/together_network/expertbyexperience/{expert.pk}/change/").status_code in {302, 403}
    assert "Experts by experience" not in client.get("/admin/").content.decode()


def test_an_admin_who_is_also_a_coordinator_sees_them(client, make_person):
    expert = ExpertByExperienceFactory()
    client.force_login(make_person(Role.ADMIN, Role.NETWORK_COORDINATOR))

    assert client.get(f"/admin/together_network/expertbyexperience/{expert.pk}/change/").status_code == 200
