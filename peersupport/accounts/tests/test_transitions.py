"""The shape every transitions table shares: rows that say how they refuse, and the order they say it in."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured

from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory
from peersupport.accounts.transitions import (
    Button,
    Transition,
    TransitionNotAllowed,
    TransitionsTable,
    from_status,
    guard,
    permitted,
)


def thing(status: str, **fields):
    return SimpleNamespace(status=status, get_status_display=lambda: status.title(), **fields)


def row(action="tidy", **fields) -> Transition:
    return Transition(
        **{
            "action": action,
            "label": "Tidy",
            "from_statuses": frozenset({"messy"}),
            "permission": "workforce.see_workforce",
            "rules": (
                permitted("Only the leads may tidy."),
                from_status("Only a messy thing is tidied; it is {status}."),
                guard(lambda obj, user: obj.size < 3, "It is too big to tidy."),
            ),
            **fields,
        }
    )


def test_a_row_must_say_how_it_refuses_the_wrong_status():
    with pytest.raises(ImproperlyConfigured, match="wrong status"):
        row(rules=(permitted("Only the leads may tidy."),))


def test_a_row_must_say_how_it_refuses_the_wrong_person():
    with pytest.raises(ImproperlyConfigured, match="wrong person"):
        row(rules=(from_status("Only a messy thing is tidied."),))


def test_a_row_names_a_permission_that_exists():
    with pytest.raises(ImproperlyConfigured, match="unknown permission"):
        row(permission="workforce.tidy_up")


def test_the_same_action_is_in_a_table_once():
    with pytest.raises(ImproperlyConfigured, match="twice"):
        TransitionsTable([row(), row()])


@pytest.mark.django_db
def test_a_refusal_gives_the_words_of_the_first_rule_that_fails():
    lead, requester = UserFactory(roles=[Role.PEER_SUPPORT_LEAD]), UserFactory(roles=[Role.REQUESTER])
    tidy = row()

    with pytest.raises(TransitionNotAllowed, match="Only the leads may tidy."):
        tidy.check(thing("done", size=9), requester)
    with pytest.raises(TransitionNotAllowed, match="Only a messy thing is tidied; it is done."):
        tidy.check(thing("done", size=9), lead)
    with pytest.raises(TransitionNotAllowed, match="too big"):
        tidy.check(thing("messy", size=9), lead)
    tidy.check(thing("messy", size=1), lead)


@pytest.mark.django_db
def test_nobody_signed_in_may_act_only_where_the_row_says_so():
    assert not row().allows(thing("messy", size=1), None)
    assert row(without_sign_in=True).allows(thing("messy", size=1), None)


@pytest.mark.django_db
def test_an_action_nobody_takes_by_hand_is_never_offered_to_a_person():
    by_itself = row(
        action="expire", permission=None, rules=(from_status("Only a messy thing expires."),), without_sign_in=False
    )
    table = TransitionsTable([by_itself])
    lead = UserFactory(roles=[Role.PEER_SUPPORT_LEAD])

    assert by_itself.allows(thing("messy"), None)
    assert not by_itself.allows(thing("messy"), lead)
    assert table.allowed(thing("messy"), lead) == []


@pytest.mark.django_db
def test_allowed_actions_answer_by_name_and_share_a_button_once():
    page = Button("Decide", "involvement:decide", method="get")
    table = TransitionsTable([row("yes", button=page), row("no", button=page), row("later")])
    lead = UserFactory(roles=[Role.PEER_SUPPORT_LEAD])

    actions = table.allowed(thing("messy", size=1), lead)

    assert "yes" in actions and "later" in actions and "maybe" not in actions
    assert actions.buttons == [page]
    assert page.css_class == "nhsuk-button"
    assert Button("Withdraw", "involvement:withdraw", style="warning").css_class == "nhsuk-button nhsuk-button--warning"
