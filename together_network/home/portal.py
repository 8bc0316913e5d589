"""The Together network's panels on the home page."""

from peersupport.accounts.home import Panel, register_panel
from peersupport.accounts.roles import Role

from .. import selectors


def _to_match(user) -> dict:
    from involvement.selectors import requests_for_list

    open_requests = requests_for_list(user=user, scope="network", status="open", sort="soonest")
    return {"requests": list(open_requests[:5]), "total": open_requests.count()}


def _invitations(user) -> dict:
    expert = selectors.expert_of(user=user)
    if expert is None:
        return {"expert": None}
    invitations = selectors.portal_invitations(expert=expert)
    return {
        "expert": expert,
        "to_answer": invitations["to_answer"],
        "upcoming": invitations["upcoming"],
        "feedback_due": invitations["feedback_due"],
    }


register_panel(
    Role.NETWORK_COORDINATOR,
    Panel(
        key="network_requests",
        title="Requests to match",
        template="together_network/panels/to_match.html",
        order=10,
        context=_to_match,
    ),
)
register_panel(
    Role.EXPERT_BY_EXPERIENCE,
    Panel(
        key="invitations",
        title="Your invitations",
        template="together_network/panels/invitations.html",
        order=10,
        context=_invitations,
    ),
)
