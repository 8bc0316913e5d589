"""Django admin's forms have the same input guards as every product form: an admin's change page
answers a tampered id or hidden control characters with the field's error, never an error page."""

import pytest
from django.contrib import admin
from django.urls import reverse

from peersupport.accounts.roles import Role
from peersupport.admin_site import GuardedAdminMixin
from peersupport.ui.forms import GuardedFormMixin
from workforce.models import Team
from workforce.tests.factories import ServiceFactory, TeamFactory

pytestmark = pytest.mark.django_db


def test_every_model_admin_and_inline_builds_guarded_forms(rf, make_person):
    request = rf.get("/admin/")
    request.user = make_person(Role.ADMIN)
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, GuardedAdminMixin), model
        for inline in model_admin.get_inline_instances(request):
            assert issubclass(inline.form, GuardedFormMixin), (model, inline)


@pytest.mark.parametrize("service_id", ["99999999999999999999", str(2**63), "-1", "1.5", "１"])
def test_a_team_change_with_an_id_that_cannot_be_a_service_is_refused_on_the_field(client, make_person, service_id):
    client.force_login(make_person(Role.ADMIN))
    team = TeamFactory(name="North Community Team", service=ServiceFactory())

    response = client.post(
        reverse("admin:workforce_team_change", args=[team.pk]),
        {"name": "North Community Team", "service": service_id, "is_active": "on"},
    )

    assert response.status_code == 200
    assert "service" in response.context["adminform"].form.errors
    assert Team.objects.get(pk=team.pk).service_id == team.service_id


def test_a_name_with_hidden_control_characters_is_refused_on_the_field(client, make_person):
    client.force_login(make_person(Role.ADMIN))
    team = TeamFactory(name="North Community Team")

    response = client.post(
        reverse("admin:workforce_team_change", args=[team.pk]),
        {"name": "North\x1b Team", "service": str(team.service_id), "is_active": "on"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"] == ["Remove the hidden control characters and try again"]
    assert Team.objects.get(pk=team.pk).name == "North Community Team"


@pytest.mark.parametrize("query", ["id__in=1,99999999999999999999", "service__id__exact=99999999999999999999"])
def test_a_list_filtered_on_a_number_too_big_for_the_database_is_not_an_error_page(client, make_person, query):
    client.force_login(make_person(Role.ADMIN))
    TeamFactory()

    response = client.get(f"{reverse('admin:workforce_team_changelist')}?{query}")

    assert response.status_code in (200, 302)
