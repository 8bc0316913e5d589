"""A network request the network fills: the request page offers what the services accept.

The request's table (involvement/transitions.py) is tried for every state in
involvement/tests/test_transitions.py; the states a network request reaches once the network has
filled its places (filled, then done, closed or cancelled) are tried here, where the invitations are.
"""

import pytest
from django.urls import reverse

from involvement.models import InvolvementRequest, Status
from involvement.services import requests as services
from involvement.services.requests import TransitionNotAllowed
from involvement.tests.transitions_support import (
    NETWORK,
    approve_team,
    build_scene,
    buttons_on_the_page,
    cancel,
    close,
    complete,
    expiry_allowed_and_done,
    offered_and_accepted,
    submit,
)
from involvement.transitions import allowed_actions
from together_network.services import invitations
from together_network.tests.factories import ExpertByExperienceFactory

pytestmark = pytest.mark.django_db


def fill(request, people):
    experts = [ExpertByExperienceFactory() for _ in range(request.places_needed)]
    sent = invitations.invitations_send(
        request_id=request.pk, expert_ids=[expert.pk for expert in experts], by=people["coordinator"]
    )
    for invitation in sent:
        invitations.invitation_accept(invitation_id=invitation.pk)


# The states a network request reaches once every place is taken, as in the request's own table test.
SCENES = {
    "network filled": (NETWORK, [submit, approve_team, fill]),
    "network completed": (NETWORK, [submit, approve_team, fill, complete]),
    "network closed": (NETWORK, [submit, approve_team, fill, complete, close]),
    "network cancelled": (NETWORK, [submit, approve_team, fill, cancel]),
}


# What each person may do in each state; anyone not named may do nothing.
EXPECTED = {
    "network filled": {"requester": {"complete", "cancel"}, "team_lead": {"cancel"}},
    "network completed": {"requester": {"close", "record_outcome"}},
    "network closed": {"requester": {"record_outcome"}},
}


def build(scene: str, make_person) -> tuple[InvolvementRequest, dict]:
    return build_scene(*SCENES[scene], make_person)


@pytest.mark.parametrize("scene", SCENES)
def test_the_actions_offered_are_the_actions_the_services_accept(scene, make_person):
    request, people = build(scene, make_person)
    found, disagreements = offered_and_accepted(request, people)
    assert disagreements == [], f"{scene}: (role, offered, accepted)"
    assert found == EXPECTED.get(scene, {})


@pytest.mark.parametrize("scene", SCENES)
def test_only_a_waiting_or_open_request_expires_once_its_closing_date_has_passed(scene, make_person):
    request, _people = build(scene, make_person)
    allowed, done = expiry_allowed_and_done(request)
    assert allowed == done == (request.status in {Status.SUBMITTED, Status.OPEN})


# --- The request page shows those actions as its buttons ------------------------------------------------------


@pytest.mark.parametrize(
    "scene, role, buttons",
    [
        ("network filled", "requester", ["Mark as done", "Cancel the activity"]),
        ("network completed", "requester", ["Close the request"]),
        ("network cancelled", "requester", []),
    ],
)
def test_the_request_page_shows_the_allowed_actions_as_its_buttons(client, make_person, scene, role, buttons):
    request, people = build(scene, make_person)
    client.force_login(people[role])

    response = client.get(reverse("involvement:detail", args=[request.pk]))

    assert response.status_code == 200
    assert buttons_on_the_page(response.content.decode()) == buttons
    offered = allowed_actions(request, people[role])
    assert [button.label for button in offered.buttons] == [label for label in buttons if label != "Match and invite"]


def test_what_changed_is_offered_when_the_table_allows_it(client, make_person):
    request, people = build("network closed", make_person)
    client.force_login(people["requester"])

    page = client.get(reverse("involvement:detail", args=[request.pk])).content.decode()

    assert "Record what changed" in page


def test_a_refusal_says_why_in_the_words_of_the_first_rule_that_fails(make_person):
    request, people = build("network filled", make_person)

    with pytest.raises(TransitionNotAllowed, match="cancel it instead"):
        services.request_withdraw(request_id=request.pk, by=request.requester)
    with pytest.raises(TransitionNotAllowed, match="Only the person who raised the request can withdraw it."):
        services.request_withdraw(request_id=request.pk, by=people["team_lead"])
