"""A person's email choices: only summaries can be switched off, each person changes only their
own. (A team lead who switches the weekly digest off on the page stops getting it: involvement's
tests of the digest, involvement/tests/test_reminders_digest.py.)"""

import pytest
from django.urls import reverse

from notifications.models import NotificationPreference
from peersupport.accounts.roles import Role
from tests.support.roles import answers

pytestmark = pytest.mark.django_db

URL = "/notifications/preferences/"
OPERATIONAL = "cannot be switched off: approvals and decisions, invitations and answers, reminders"


def page(response) -> str:
    return response.content.decode()


def test_the_page_has_its_address_and_needs_a_login(client):
    assert reverse("notifications:preferences") == URL

    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(("role", "status"), answers(*Role))
def test_everyone_signed_in_can_open_their_own_choices(client, login_as, role, status):
    login_as(role)

    response = client.get(URL)

    assert response.status_code == status
    assert OPERATIONAL in page(response)


def test_the_notifications_list_links_to_the_choices_of_people_offered_an_optional_email(client, login_as):
    login_as(Role.TEAM_LEAD)  # offered the weekly digest

    assert f'href="{URL}"' in page(client.get(reverse("notifications:index")))


@pytest.mark.parametrize("role", [Role.REQUESTER, Role.PEER_SUPPORT_WORKER, Role.EXPERT_BY_EXPERIENCE])
def test_the_notifications_list_does_not_link_to_choices_there_is_nothing_to_switch_off(client, login_as, role):
    login_as(role)

    assert f'href="{URL}"' not in page(client.get(reverse("notifications:index")))


def test_a_team_lead_is_offered_the_weekly_digest_ticked_until_they_switch_it_off(client, login_as):
    lead = login_as(Role.TEAM_LEAD)

    shown = page(client.get(URL))
    assert (
        '<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Which optional emails do you want?' in shown
    )
    assert 'name="emails" value="weekly_digest" id="id_emails_0" checked class="nhsuk-checkboxes__input"' in shown
    assert '<label class="nhsuk-label nhsuk-checkboxes__label" for="id_emails_0">Weekly summary for team leads' in shown

    response = client.post(URL, {})  # nothing ticked

    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:index")
    assert NotificationPreference.objects.get(user=lead).weekly_digest is False
    assert 'id="id_emails_0" class="nhsuk-checkboxes__input"' in page(client.get(URL))  # not checked

    client.post(URL, {"emails": ["weekly_digest"]})
    assert NotificationPreference.objects.get(user=lead).weekly_digest is True


def test_someone_who_gets_no_optional_email_is_told_nothing_can_be_switched_off(client, login_as):
    login_as(Role.EXPERT_BY_EXPERIENCE)

    shown = page(client.get(URL))

    assert "None of the emails you get can be switched off." in shown
    assert 'name="emails"' not in shown


def test_a_person_changes_only_their_own_choices(client, login_as, make_person):
    other = make_person(Role.TEAM_LEAD)
    NotificationPreference.choose(user=other, weekly_digest=True)
    me = login_as(Role.TEAM_LEAD)

    # There is no one else's page to open, and nothing in the form names a person.
    client.post(URL, {"emails": [], "user": other.pk, "user_id": other.pk})

    assert NotificationPreference.objects.get(user=me).weekly_digest is False
    assert NotificationPreference.objects.get(user=other).weekly_digest is True


def test_an_option_not_offered_cannot_be_chosen(client, login_as):
    person = login_as(Role.REQUESTER)

    response = client.post(URL, {"emails": ["weekly_digest"]})

    assert response.status_code == 200
    assert "None of the emails you get can be switched off." in page(response)
    assert not NotificationPreference.objects.filter(user=person).exists()
