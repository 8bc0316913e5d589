"""The retention review: people with nothing happening on their record for longer than
NETWORK_RETENTION_MONTHS, who may open it, and the same queries for 10 people as for 2,000."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from involvement.models import Status
from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory
from tests.support.html import rows_of
from tests.support.roles import answers
from together_network.models import ConsentRecord, ExpertByExperience, InvitationStatus
from together_network.selectors.data_rights import retention_cutoff, retention_review
from together_network.tests.data_support import bulk_pool, days_ago, invite, moment, network_request, queries_to_open
from together_network.tests.factories import ExpertByExperienceFactory

pytestmark = pytest.mark.django_db

RETENTION = reverse("together_network:retention")
LONG_AGO = 3 * 365


def aged(expert: ExpertByExperience, days: int = LONG_AGO) -> ExpertByExperience:
    """As if everything on the record happened `days` ago."""
    ExpertByExperience.objects.filter(pk=expert.pk).update(joined_on=days_ago(days))
    ExpertByExperience.history.filter(id=expert.pk).update(history_date=moment(days))
    ConsentRecord.objects.filter(expert=expert).update(given_on=days_ago(days), recorded_at=moment(days))
    expert.refresh_from_db()
    return expert


def person(name: str, status: str = "left", **fields) -> ExpertByExperience:
    return aged(ExpertByExperienceFactory(full_name=name, status=status, **fields))


def listed() -> list[str]:
    return [expert.full_name for expert in retention_review()]


def test_people_with_nothing_happening_for_longer_than_the_setting_are_listed_oldest_first():
    person("Left long ago")
    person("Paused long ago", status="paused")
    person("Applied long ago", status="applicant")
    aged(ExpertByExperienceFactory(full_name="Left even longer ago", status="left"), days=LONG_AGO + 100)
    person("Still active", status="active")
    assert listed() == ["Left even longer ago", "Left long ago", "Paused long ago", "Applied long ago"]
    assert retention_review()[0].last_activity_on == days_ago(LONG_AGO + 100)


def test_anything_recent_keeps_someone_off_the_list():
    came = person("Came to an activity last year")
    invite(came, network_request(on=days_ago(300), status=Status.COMPLETED), status=InvitationStatus.ACCEPTED)
    declined = person("Declined an invitation last year")
    invite(declined, network_request(on=days_ago(300)), status=InvitationStatus.DECLINED)
    logged_in = person("Logged in last year", user=UserFactory(last_login=moment(300)))
    consented = person("Gave consent last year")
    ConsentRecord.objects.create(expert=consented, given_on=days_ago(200), review_due=days_ago(-165))
    changed = person("Record changed last year")
    changed.phone = "07700 900456"
    changed.save()
    ExpertByExperienceFactory(full_name="Anonymised", status="left", anonymised_at=timezone.now())
    assert listed() == ["Declined an invitation last year"]
    assert logged_in.user.last_login is not None


def test_the_cutoff_follows_the_setting(settings):
    person("Left three years ago")
    settings.NETWORK_RETENTION_MONTHS = 48
    assert listed() == []
    assert retention_cutoff(datetime.date(2026, 3, 31)) == datetime.date(2022, 3, 31)
    settings.NETWORK_RETENTION_MONTHS = 1
    assert retention_cutoff(datetime.date(2026, 3, 31)) == datetime.date(2026, 2, 28)
    assert listed() == ["Left three years ago"]


def test_the_page_lists_each_person_with_their_last_activity_and_what_to_do(client, login_as):
    login_as(Role.NETWORK_COORDINATOR)
    left = person("Left long ago")
    paused = person("Paused long ago", status="paused")
    html = client.get(RETENTION).content.decode()
    rows = rows_of(html)
    assert f"Left long ago Left {days_ago(LONG_AGO):%-d %B %Y} Anonymise Left long ago's record" in rows
    assert reverse("together_network:anonymise", args=[left.pk]) in html
    assert reverse("together_network:expert", args=[paused.pk]) in html
    assert "2 people to review, 1 of them left." in html


@pytest.mark.parametrize(("role", "status"), answers(Role.NETWORK_COORDINATOR))
def test_only_coordinators_open_the_retention_review(client, login_as, role, status):
    login_as(role)
    assert client.get(RETENTION).status_code == status


def _age_everyone() -> None:
    ExpertByExperience.objects.update(joined_on=days_ago(LONG_AGO))
    ExpertByExperience.history.update(history_date=moment(LONG_AGO))


def test_the_review_makes_the_same_queries_for_10_people_as_for_2000(client, login_as):
    login_as(Role.NETWORK_COORDINATOR)
    bulk_pool(10)
    _age_everyone()
    client.get(RETENTION)
    with_10 = queries_to_open(client, RETENTION)

    bulk_pool(1990)
    _age_everyone()
    assert queries_to_open(client, RETENTION) == with_10
    assert client.get(RETENTION).context["counts"]["total"] > 600
