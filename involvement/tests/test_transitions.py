"""Every request status, every role, every action: the request page offers what the services accept.

One table (involvement/transitions.py) gives the request page its buttons and the services their
checks. For each state a request can rest in and each person who might open it, the actions
`allowed_actions` gives must be exactly those the services carry out (each tried in a savepoint
and rolled back); the matrix below says, in the product's words, what that is.
"""

import re
from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import resolve, reverse
from django.utils import timezone

from involvement.models import InvolvementRequest, Route, Status
from involvement.selectors import request_detail
from involvement.services import outcomes
from involvement.services import requests as services
from involvement.services.requests import AllowanceExceeded, TransitionNotAllowed
from involvement.tests.factories import InvolvementRequestFactory
from involvement.transitions import TRANSITIONS, Action, allowed_actions
from notifications.models import Notification
from notifications.types import notification_types
from peersupport.accounts.roles import Role
from together_network.services import invitations
from together_network.tests.factories import ExpertByExperienceFactory
from workforce.tests.factories import PeerSupportWorkerFactory, TeamFactory

pytestmark = pytest.mark.django_db

ROLES = {
    "requester": Role.REQUESTER,  # who raised the request
    "team_lead": Role.TEAM_LEAD,  # a lead of the requesting team
    "psw_lead": Role.TEAM_LEAD,  # a lead of the peer support worker's team
    "psw": Role.PEER_SUPPORT_WORKER,  # the PSW named (for a network request, a PSW not named)
    "coordinator": Role.NETWORK_COORDINATOR,
    "peer_support_lead": Role.PEER_SUPPORT_LEAD,
    "admin": Role.ADMIN,
    "unrelated": Role.REQUESTER,  # someone with nothing to do with the request
}
BY_HAND = [row.action for row in TRANSITIONS if row.permission is not None]


# --- Requests in every state, through the services --------------------------------------------------------


@contextmanager
def days_later(days: int):
    """The trust's "today" (timezone.localdate, which the services and the table read) moved on."""
    today = timezone.localdate()
    with mock.patch.object(timezone, "localdate", lambda *args, **kwargs: today + timedelta(days=days)):
        yield


def submit(request, people):
    services.request_submit(request_id=request.pk, by=people["requester"])


def approve_team(request, people):
    services.request_approve(request_id=request.pk, by=people["team_lead"])


def approve_psw(request, people):
    services.request_approve(request_id=request.pk, by=people["psw_lead"])


def decline(request, people):
    services.request_decline(request_id=request.pk, by=people["psw_lead"], reason="Not this month")


def decline_by_team(request, people):
    services.request_decline(request_id=request.pk, by=people["team_lead"], reason="Not this year")


def redirect(request, people):
    services.request_redirect_to_network(request_id=request.pk, by=people["psw_lead"])


def confirm(request, people):
    services.request_confirm(request_id=request.pk, by=people["psw"])


def psw_decline(request, people):
    services.request_psw_decline(request_id=request.pk, by=people["psw"], reason="On leave")


def fill(request, people):
    experts = [ExpertByExperienceFactory() for _ in range(request.places_needed)]
    sent = invitations.invitations_send(
        request_id=request.pk, expert_ids=[expert.pk for expert in experts], by=people["coordinator"]
    )
    for invitation in sent:
        invitations.invitation_accept(invitation_id=invitation.pk)


def complete(request, people):
    services.request_complete(request_id=request.pk, by=people["requester"])


def close(request, people):
    services.request_close(request_id=request.pk, by=people["requester"])


def withdraw(request, people):
    services.request_withdraw(request_id=request.pk, by=people["requester"])


def cancel(request, people):
    services.request_cancel(request_id=request.pk, by=people["requester"], reason="The room was lost")


def expire(request, people):
    with days_later(1):
        services.request_expire(request_id=request.pk)


NETWORK, PSW = Route.NETWORK, Route.PSW

# Each state a request rests in: its route and the steps that bring it there. The activity and its
# closing date are today, so it may still be sent and approved, and may already be marked done.
SCENES = {
    "network draft": (NETWORK, []),
    "network submitted": (NETWORK, [submit]),
    "network open": (NETWORK, [submit, approve_team]),
    "network filled": (NETWORK, [submit, approve_team, fill]),
    "network completed": (NETWORK, [submit, approve_team, fill, complete]),
    "network closed": (NETWORK, [submit, approve_team, fill, complete, close]),
    "network declined": (NETWORK, [submit, decline_by_team]),
    "network withdrawn after approval": (NETWORK, [submit, approve_team, withdraw]),
    "network cancelled": (NETWORK, [submit, approve_team, fill, cancel]),
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
    "network filled": {"requester": {"complete", "cancel"}, "team_lead": {"cancel"}},
    "network completed": {"requester": {"close", "record_outcome"}},
    "network closed": {"requester": {"record_outcome"}},
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
    route, steps = SCENES[scene]
    people = {name: make_person(role) for name, role in ROLES.items()}
    worker = PeerSupportWorkerFactory(user=people["psw"], team=TeamFactory(leads=[people["psw_lead"]]))
    today = timezone.localdate()
    fields = {
        "requester": people["requester"],
        "requesting_team": TeamFactory(leads=[people["team_lead"]]),
        "activity_date": today,
        "closing_date": today,
        "route": route,
    }
    if route == PSW:
        fields["peer_support_worker"] = worker
    request = InvolvementRequestFactory(**fields)
    for step in steps:
        step(request, people)
    return request_detail(request_id=request.pk), people


# --- Trying each action through its service ---------------------------------------------------------------

SERVICE_CALLS = {
    Action.SUBMIT: lambda request, by: services.request_submit(request_id=request.pk, by=by),
    Action.EDIT: lambda request, by: services.request_update(
        request_id=request.pk, by=by, fields={"title": "A new title"}
    ),
    Action.APPROVE: lambda request, by: services.request_approve(request_id=request.pk, by=by),
    Action.DECLINE: lambda request, by: services.request_decline(request_id=request.pk, by=by, reason="No"),
    Action.REDIRECT: lambda request, by: services.request_redirect_to_network(request_id=request.pk, by=by),
    Action.CONFIRM: lambda request, by: services.request_confirm(request_id=request.pk, by=by),
    Action.PSW_DECLINE: lambda request, by: services.request_psw_decline(request_id=request.pk, by=by),
    Action.COMPLETE: lambda request, by: services.request_complete(request_id=request.pk, by=by),
    Action.CLOSE: lambda request, by: services.request_close(request_id=request.pk, by=by),
    Action.CANCEL: lambda request, by: services.request_cancel(request_id=request.pk, by=by, reason="No room"),
    Action.WITHDRAW: lambda request, by: services.request_withdraw(request_id=request.pk, by=by),
    Action.RECORD_OUTCOME: lambda request, by: outcomes.outcome_record(
        request_id=request.pk, by=by, what_changed="We changed the questions"
    ),
}


INVOLVEMENT_SLUGS = {kind.slug for kind in notification_types() if kind.app_label() == "involvement"}


def test_every_notification_a_transition_names_is_a_type_involvement_declares():
    named = set().union(*(row.notifies for row in TRANSITIONS))
    assert named and named <= INVOLVEMENT_SLUGS


class RolledBack(Exception):
    pass


def accepted(action: Action, request: InvolvementRequest, by) -> bool:
    """Whether the service carries out the action (then undone). Over the allowance counts as
    accepted: the state allows the approval; the hours are what stop it. What it did must be what
    the table says: a status it leads to, and notifications it sends."""
    row = TRANSITIONS[action]
    told_before = set(Notification.objects.values_list("pk", flat=True))
    try:
        with transaction.atomic():
            try:
                SERVICE_CALLS[action](request, by)
            except AllowanceExceeded:
                return True
            status = InvolvementRequest.objects.values_list("status", flat=True).get(pk=request.pk)
            assert status in row.leads_to, f"{action} led to {status}"
            # Involvement's own messages; the network tells its people of the same event on a signal
            # (coordinators of a request open for matching, experts with a place), in its own table.
            events = set(Notification.objects.exclude(pk__in=told_before).values_list("event", flat=True))
            events &= INVOLVEMENT_SLUGS
            assert events <= row.notifies, f"{action} sent {events - row.notifies}"
            raise RolledBack
    except RolledBack:
        return True
    except (TransitionNotAllowed, ValidationError):
        return False


def test_every_action_a_person_takes_by_hand_has_a_service_call_here():
    assert set(SERVICE_CALLS) == set(BY_HAND)


@pytest.mark.parametrize("scene", SCENES)
def test_the_actions_offered_are_the_actions_the_services_accept(scene, make_person):
    request, people = build(scene, make_person)
    found, disagreements = {}, []
    for role, person in people.items():
        offered = {row.action for row in allowed_actions(request, person)}
        done = {action for action in BY_HAND if accepted(action, request, person)}
        if offered != done:
            disagreements.append((role, sorted(offered), sorted(done)))
        if offered:
            found[role] = {str(action) for action in offered}
    assert disagreements == [], f"{scene}: (role, offered, accepted)"
    assert found == EXPECTED.get(scene, {})


@pytest.mark.parametrize("scene", SCENES)
def test_only_a_waiting_or_open_request_expires_once_its_closing_date_has_passed(scene, make_person):
    request, _people = build(scene, make_person)
    with days_later(1):
        allowed = TRANSITIONS[Action.EXPIRE].allows(request, None)
        try:
            with transaction.atomic():
                services.request_expire(request_id=request.pk)
                raise RolledBack
        except RolledBack:
            done = True
        except TransitionNotAllowed:
            done = False
    assert allowed == done == (request.status in {Status.SUBMITTED, Status.OPEN})


def test_nobody_expires_a_request_by_hand(make_person):
    request, people = build("network open", make_person)
    with days_later(1), pytest.raises(TransitionNotAllowed):
        TRANSITIONS.check(Action.EXPIRE, request, people["requester"])


# --- The request page shows those actions as its buttons ------------------------------------------------------


def buttons_on_the_page(html: str) -> list[str]:
    """The labels of the buttons at the top of the request page, in order."""
    group = re.search(r'<div class="nhsuk-button-group">(.*?)</div>', html, re.S)
    if group is None:
        return []
    return [re.sub(r"<[^>]+>", "", label).strip() for label in re.findall(r"<(?:a|button)\b[^>]*>(.*?)</", group[1])]


@pytest.mark.parametrize(
    "scene, role, buttons",
    [
        ("network draft", "requester", ["Send for approval", "Change", "Withdraw request"]),
        ("network submitted", "team_lead", ["Approve or decline"]),
        ("network submitted", "requester", ["Withdraw request"]),
        ("network open", "requester", ["Cancel the activity", "Withdraw request"]),
        ("network open", "coordinator", ["Match and invite"]),
        ("network filled", "requester", ["Mark as done", "Cancel the activity"]),
        ("network completed", "requester", ["Close the request"]),
        ("psw submitted", "psw_lead", ["Approve or decline"]),
        ("psw approved", "psw", ["Confirm I will join", "I cannot take part"]),
        ("psw approved", "requester", ["Cancel the activity", "Withdraw request"]),
        ("psw confirmed", "requester", ["Mark as done", "Cancel the activity", "Withdraw request"]),
        ("psw confirmed", "team_lead", ["Cancel the activity"]),
        ("psw confirmed", "psw", []),
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


def test_a_refusal_says_why_in_the_words_of_the_first_rule_that_fails(make_person):
    request, people = build("network filled", make_person)

    with pytest.raises(TransitionNotAllowed, match="cancel it instead"):
        services.request_withdraw(request_id=request.pk, by=request.requester)
    with pytest.raises(TransitionNotAllowed, match="Only the person who raised the request can withdraw it."):
        services.request_withdraw(request_id=request.pk, by=people["team_lead"])
