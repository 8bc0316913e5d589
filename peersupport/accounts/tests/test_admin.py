"""The user form in Django admin tells the admin role and Django's superuser flag apart."""

import html

import pytest
from django.urls import reverse

from peersupport.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_the_user_form_explains_the_admin_role_and_the_superuser_flag(client, make_person):
    admin = make_person(Role.ADMIN)
    client.force_login(admin)

    page = html.unescape(client.get(reverse("admin:accounts_user_change", args=[admin.pk])).content.decode())
    add_page = html.unescape(client.get(reverse("admin:accounts_user_add")).content.decode())

    assert "makes them an admin of the service" in page
    assert "Django's superuser flag" in page
    assert "makes them an admin of the service" in add_page
