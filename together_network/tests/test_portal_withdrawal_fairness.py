"""Wellbeing: a person can give up a place, or say no, without a reason and without it counting
against them later. Matching ranks those with fewer recent activities higher and counts only the
places people kept; giving one up or declining never lowers anyone's rank."""

import pytest
from django.urls import reverse

from involvement.tests.factories import approved_request, days_from_today
from together_network.selectors import matching
from together_network.services import invitations
from together_network.tests.factories import ExpertByExperienceFactory
from together_network.tests.portal_support import days_ago, expert_with_login, happened, invite

pytestmark = pytest.mark.django_db


def ranked(request) -> list:
    return list(matching.ranked_experts(request=request))


def test_giving_up_a_place_or_declining_never_lowers_a_persons_rank(client):
    aled = expert_with_login(full_name="Aled Gave Up")
    bea = ExpertByExperienceFactory(full_name="Bea Declined")
    ExpertByExperienceFactory(full_name="Cai Never Asked")
    dee = ExpertByExperienceFactory(full_name="Dee Came")

    # Aled takes a place, then gives it up from the portal, without a reason.
    gave_up = approved_request(activity_date=days_from_today(14))
    [aled_place] = invite(gave_up, aled)
    invitations.invitation_accept(invitation_id=aled_place.pk)
    client.force_login(aled.user)
    assert client.post(reverse("together_network:give_up", args=[aled_place.pk])).status_code == 302
    # Bea says no, without a reason.
    declined = approved_request(activity_date=days_from_today(14))
    [bea_invitation] = invite(declined, bea)
    invitations.invitation_decline(invitation_id=bea_invitation.pk)
    # Dee kept her place at an activity in the same weeks.
    kept = approved_request(activity_date=days_from_today(14))
    [dee_place] = invite(kept, dee)
    invitations.invitation_accept(invitation_id=dee_place.pk)
    # Time passes: all three activities are now recent.
    for request in (gave_up, declined, kept):
        happened(request, days_ago(10))

    people = ranked(approved_request())

    assert [person.full_name for person in people] == ["Aled Gave Up", "Bea Declined", "Cai Never Asked", "Dee Came"]
    assert [person.recent_activities for person in people] == [0, 0, 0, 1]
    assert len({person.score for person in people}) == 1  # the same match: only fairness orders them


def test_giving_up_a_place_on_the_day_of_another_activity_leaves_no_clash(client):
    aled = expert_with_login(full_name="Aled Gave Up")
    wanted = approved_request(activity_date=days_from_today(21))
    same_day = approved_request(activity_date=days_from_today(21))
    [place] = invite(same_day, aled)
    invitations.invitation_accept(invitation_id=place.pk)
    client.force_login(aled.user)

    client.post(reverse("together_network:give_up", args=[place.pk]))

    [person] = ranked(wanted)
    assert person.has_clash is False
