"""Requests in every state and the people around them, for the tests of the request's table.

The steps bring a request to a state through the services, as people would; a test module names its
scenes (a route and its steps). The network's part (filling the places) is the network's: its tests
add that step (together_network/tests/test_request_transitions.py).
"""

import re
from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from involvement.models import InvolvementRequest, Route
from involvement.selectors import request_detail
from involvement.services import outcomes
from involvement.services import requests as services
from involvement.services.requests import AllowanceExceeded, TransitionNotAllowed
from involvement.tests.factories import InvolvementRequestFactory
from involvement.transitions import TRANSITIONS, Action, allowed_actions
from notifications.models import Notification
from notifications.types import notification_types
from peersupport.accounts.roles import Role
from workforce.tests.factories import PeerSupportWorkerFactory, TeamFactory

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


def build_scene(route: Route, steps: list, make_person) -> tuple[InvolvementRequest, dict]:
    """A request on `route` brought to its state by `steps`, and the people around it by their part."""
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


def offered_and_accepted(request: InvolvementRequest, people: dict) -> tuple[dict, list]:
    """What the page offers each person against what the services accept from them: the actions
    offered, by role in the product's words, and (role, offered, accepted) where the two differ."""
    found, disagreements = {}, []
    for role, person in people.items():
        offered = {row.action for row in allowed_actions(request, person)}
        done = {action for action in BY_HAND if accepted(action, request, person)}
        if offered != done:
            disagreements.append((role, sorted(offered), sorted(done)))
        if offered:
            found[role] = {str(action) for action in offered}
    return found, disagreements


def expiry_allowed_and_done(request: InvolvementRequest) -> tuple[bool, bool]:
    """The day after the closing date: whether the table lets the request expire, and whether the
    service expires it (then undone)."""
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
    return allowed, done


def buttons_on_the_page(html: str) -> list[str]:
    """The labels of the buttons at the top of the request page, in order."""
    group = re.search(r'<div class="nhsuk-button-group">(.*?)</div>', html, re.S)
    if group is None:
        return []
    return [re.sub(r"<[^>]+>", "", label).strip() for label in re.findall(r"<(?:a|button)\b[^>]*>(.*?)</", group[1])]
