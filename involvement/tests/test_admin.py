"""Django admin shows requests but never changes them past the service."""

import pytest

from involvement.tests.factories import approved_request
from peersupport.accounts.roles import Role

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
