"""Inviting keeps the pool's rules whatever is posted: only people matching could rank are invited
(active, onboarding complete, consent current, a DBS check when the activity needs one), and the
coordinator is told how many of those chosen could not be invited, and why. Odd ids change nothing."""

import pytest
from django.urls import reverse

from involvement.models import ActivityType
from involvement.tests.factories import approved_request, days_from_today
from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory
from together_network.models import ExpertStatus, Invitation, OnboardingRecord, OnboardingStep
from together_network.selectors import matching
from together_network.services import invitations
from together_network.tests.factories import ExpertByExperienceFactory

pytestmark = pytest.mark.django_db

CANNOT_BE_ASKED = [
    ("left", {"status": ExpertStatus.LEFT}, "1 person could not be invited: 1 has left the network."),
    ("paused", {"status": ExpertStatus.PAUSED}, "1 person could not be invited: 1 is paused."),
    ("applicant", {"status": ExpertStatus.APPLICANT}, "1 person could not be invited: 1 is still an applicant."),
    (
        "onboarding",
        {"onboarding_complete": False},
        "1 person could not be invited: 1 has not finished onboarding.",
    ),
    (
        "consent",
        {"consent_review_due": days_from_today(-1)},
        "1 person could not be invited: 1 has consent due for review.",
    ),
    ("consent", {"consent_review_due": None}, "1 person could not be invited: 1 has consent due for review."),
]


@pytest.fixture
def coordinator():
    return UserFactory(roles=[Role.NETWORK_COORDINATOR])


def match_url(request) -> str:
    return reverse("together_network:match", args=[request.pk])


@pytest.mark.parametrize(
    ("why", "fields", "message"), CANNOT_BE_ASKED, ids=[c[0] + str(i) for i, c in enumerate(CANNOT_BE_ASKED)]
)
def test_someone_who_cannot_be_asked_is_not_invited_even_when_posted(client, coordinator, why, fields, message):
    request = approved_request()
    can = ExpertByExperienceFactory(full_name="Can Be Asked")
    cannot = ExpertByExperienceFactory(full_name="Cannot Be Asked", **fields)
    client.force_login(coordinator)

    response = client.post(match_url(request), {"expert": [can.pk, cannot.pk]}, follow=True)

    assert [invitation.expert for invitation in Invitation.objects.filter(request=request)] == [can]
    words = response.content.decode()
    assert "1 invitation sent." in words
    assert message in words


def test_an_activity_that_needs_a_dbs_check_invites_only_people_with_one(coordinator):
    request = approved_request(activity_type=ActivityType.objects.create(name="Ward visit", needs_dbs=True))
    checked, unchecked = ExpertByExperienceFactory(), ExpertByExperienceFactory()
    OnboardingRecord.objects.create(expert=checked, step=OnboardingStep.DBS, completed_on=days_from_today(-10))

    sent = invitations.invitations_send(request_id=request.pk, expert_ids=[checked.pk, unchecked.pk], by=coordinator)

    assert [invitation.expert for invitation in sent] == [checked]
    assert sent.not_invited == {"dbs": 1}
    assert invitations.not_invited_message(sent.not_invited) == (
        "1 person could not be invited: 1 has no DBS check, which this activity needs."
    )


def test_the_reasons_are_counted_together(client, coordinator):
    request = approved_request()
    left = [ExpertByExperienceFactory(status=ExpertStatus.LEFT) for _ in range(2)]
    paused = ExpertByExperienceFactory(status=ExpertStatus.PAUSED)
    invited = ExpertByExperienceFactory()
    invitations.invitations_send(request_id=request.pk, expert_ids=[invited.pk], by=coordinator)
    client.force_login(coordinator)

    chosen = [*(person.pk for person in left), paused.pk, invited.pk, 987654]
    words = client.post(match_url(request), {"expert": chosen}, follow=True).content.decode()

    assert Invitation.objects.filter(request=request).count() == 1
    assert (
        "5 people could not be invited: 1 was invited already; 1 is not in the Together network; "
        "2 have left the network; 1 is paused."
    ) in words
    assert "invitations sent" not in words


@pytest.mark.parametrize("posted", ["abc", "99999999999999999999999", "-3", "1.5", "²", "9" * 5000, ""])
def test_an_id_that_is_not_a_whole_number_is_ignored_not_an_error(client, coordinator, posted):
    request = approved_request()
    client.force_login(coordinator)

    response = client.post(match_url(request), {"expert": [posted]}, follow=True)

    assert response.status_code == 200
    assert "Select at least one person to invite." in response.content.decode()
    assert not Invitation.objects.exists()


def test_odd_ids_alongside_good_ones_leave_the_good_ones_invited(coordinator):
    request = approved_request()
    person = ExpertByExperienceFactory()

    sent = invitations.invitations_send(
        request_id=request.pk, expert_ids=["abc", str(person.pk), "99999999999999999999"], by=coordinator
    )

    assert [invitation.expert for invitation in sent] == [person]
    assert sent.not_invited == {}


def test_ranking_and_inviting_read_the_same_rules():
    request = approved_request()
    for fields in [{}, {}, *(fields for _why, fields, _message in CANNOT_BE_ASKED)]:
        ExpertByExperienceFactory(**fields)

    askable = set(matching.askable_experts(request=request).values_list("pk", flat=True))

    assert len(askable) == 2
    assert {expert.pk for expert in matching.ranked_experts(request=request)} == askable
