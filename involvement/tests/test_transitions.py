"""Every request status, every role, every action: the request page offers what the services accept.

One table (involvement/transitions.py) gives the request page its buttons and the services their
checks. For each state a request can rest in and each person who might open it, the actions
`allowed_actions` gives must be exactly those the services carry out (each tried in a savepoint
and rolled back); the matrix below says, in the product's words, what that is.

A network request whose places the network fills is the network's to build: those states are tried
in together_network/tests/test_request_transitions.py.
"""

import pytest
from django.urls import resolve, reverse

from involvement.models import InvolvementRequest, Status
from involvement.services.requests import TransitionNotAllowed
from involvement.tests.transitions_support import (
    BY_HAND,
    INVOLVEMENT_SLUGS,
    NETWORK,
    PSW,
    SERVICE_CALLS,
    approve_psw,
    approve_team,
    build_scene,
    buttons_on_the_page,
    cancel,
    close,
    complete,
    confirm,
    days_later,
    decline,
    decline_by_team,
    expire,
    expiry_allowed_and_done,
    offered_and_accepted,
    psw_decline,
    redirect,
    submit,
    withdraw,
)
from involvement.transitions import TRANSITIONS, Action, allowed_actions

pytestmark = pytest.mark.django_db

# Each state a request rests in: its route and the steps that bring it there. The activity and its
# closing date are today, so it may still be sent and approved, and may already be marked done.
SCENES = {
    "network draft": (NETWORK, []),
    "network submitted": (NETWORK, [submit]),
    "network open": (NETWORK, [submit, approve_team]),
    "network declined": (NETWORK, [submit, decline_by_team]),
    "network withdrawn after approval": (NETWORK, [submit, approve_team, withdraw]),
    "network expired": (NETWORK, [submit, approve_team, expire]),
    "psw draft": (PSW, []),
    "psw submitted": (PSW, [submit]),
    "psw submitted, the team's part approved": (PSW, [submit, approve_team]),
    "psw submitted, the psw's time approved": (PSW, [submit, approve_psw]),
    "psw approved": (PSW, [submit, approve_team, approve_psw]),
    "psw confirmed": (PSW, [submit, approve_team, approve_psw, confirm]),
    "psw completed": (PSW, [submit, approve_team, approve_psw, confirm, complete]),
    "psw closed": (PSW, [submit, approve_team, approve_psw, confirm, complete, close]),
    "psw declined by a lead": (PSW, [submit, decline]),
    "psw declined by the psw": (PSW, [submit, approve_team, approve_psw, psw_decline]),
    "psw withdrawn": (PSW, [submit, approve_team, approve_psw, withdraw]),
    "psw cancelled": (PSW, [submit, approve_team, approve_psw, confirm, cancel]),
    "psw sent to the network, waiting for the team": (PSW, [submit, redirect]),
    "psw expired": (PSW, [submit, expire]),
}


# What each person may do in each state; anyone not named may do nothing. The heart of the product's
# rules: the requester withdraws until every place is filled, then cancels; leads decide only the part
# still waiting for them; the PSW named answers once approved; a network request sent on never returns.
EXPECTED = {
    "network draft": {"requester": {"submit", "edit", "withdraw"}},
    "network submitted": {"requester": {"withdraw"}, "team_lead": {"approve", "decline"}},
    "network open": {"requester": {"cancel", "withdraw"}, "team_lead": {"cancel"}},
    "psw draft": {"requester": {"submit", "edit", "withdraw"}},
    "psw submitted": {
        "requester": {"withdraw"},
        "team_lead": {"approve", "decline", "redirect"},
        "psw_lead": {"approve", "decline", "redirect"},
    },
    "psw submitted, the team's part approved": {
        "requester": {"withdraw"},
        "psw_lead": {"approve", "decline", "redirect"},
    },
    "psw submitted, the psw's time approved": {
        "requester": {"withdraw"},
        "team_lead": {"approve", "decline", "redirect"},
    },
    "psw approved": {
        "requester": {"cancel", "withdraw"},
        "team_lead": {"cancel"},
        "psw": {"confirm", "psw_decline"},
    },
    "psw confirmed": {"requester": {"complete", "cancel", "withdraw"}, "team_lead": {"cancel"}},
    "psw completed": {"requester": {"close", "record_outcome"}},
    "psw closed": {"requester": {"record_outcome"}},
    "psw sent to the network, waiting for the team": {
        "requester": {"withdraw"},
        "team_lead": {"approve", "decline"},
    },
}


def build(scene: str, make_person) -> tuple[InvolvementRequest, dict]:
    return build_scene(*SCENES[scene], make_person)


def test_every_notification_a_transition_names_is_a_type_involvement_declares():
    named = set().union(*(row.notifies for row in TRANSITIONS))
    assert named and named <= INVOLVEMENT_SLUGS


def test_every_action_a_person_takes_by_hand_has_a_service_call_here():
    assert set(SERVICE_CALLS) == set(BY_HAND)


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


def test_nobody_expires_a_request_by_hand(make_person):
    request, people = build("network open", make_person)
    with days_later(1), pytest.raises(TransitionNotAllowed):
        TRANSITIONS.check(Action.EXPIRE, request, people["requester"])


# --- The request page shows those actions as its buttons ------------------------------------------------------


@pytest.mark.parametrize(
    "scene, role, buttons",
    [
        ("network draft", "requester", ["Send for approval", "Change", "Withdraw request"]),
        ("network submitted", "team_lead", ["Approve or decline"]),
        ("network submitted", "requester", ["Withdraw request"]),
        ("network open", "requester", ["Cancel the activity", "Withdraw request"]),
        ("network open", "coordinator", ["Match and invite"]),
        ("psw submitted", "psw_lead", ["Approve or decline"]),
        ("psw approved", "psw", ["Confirm I will join", "I cannot take part"]),
        ("psw approved", "requester", ["Cancel the activity", "Withdraw request"]),
        ("psw confirmed", "requester", ["Mark as done", "Cancel the activity", "Withdraw request"]),
        ("psw confirmed", "team_lead", ["Cancel the activity"]),
        ("psw confirmed", "psw", []),
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


def test_each_button_goes_to_a_view_that_asks_for_the_rows_permission():
    """The view's decorator and the table name the same permission, so a page that offers the button
    never leads to a refusal by the view, and a view never lets through someone the table refuses."""
    for row in TRANSITIONS:
        if row.button is None:
            continue
        view = resolve(reverse(row.button.url_name, args=[1])).func
        assert view.permission == row.permission, row.action


def test_the_record_outcome_page_asks_for_the_rows_permission():
    view = resolve(reverse("involvement:record_outcome", args=[1])).func
    assert view.permission == TRANSITIONS[Action.RECORD_OUTCOME].permission
