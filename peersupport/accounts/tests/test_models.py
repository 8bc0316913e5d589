import pytest
from django.contrib.auth import authenticate

from peersupport.accounts.models import User
from peersupport.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_email_is_the_login_and_is_stored_lower_case():
    user = User.objects.create_user("Sam.Porter@Example.org", password="long-enough-password")

    assert user.email == "sam.porter@example.org"
    assert authenticate(email="sam.porter@example.org", password="long-enough-password") == user
    assert not hasattr(user, "username")


def test_a_person_can_hold_several_roles(make_person):
    person = make_person(Role.TEAM_LEAD, Role.REQUESTER)

    assert person.roles == {Role.TEAM_LEAD, Role.REQUESTER}
    assert person.role_labels == ["Requester", "Team lead"]
    assert not person.has_role(Role.PEER_SUPPORT_LEAD)


def test_an_inactive_person_holds_no_role(make_person):
    person = make_person(Role.TEAM_LEAD, is_active=False)

    assert not person.has_role(Role.TEAM_LEAD)


def test_every_role_exists_as_a_group_after_migrations():
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= {role.value for role in Role}
