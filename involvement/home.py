"""Involvement's panels on the home page: what needs the person now."""

from peersupport.accounts.home import Panel, register_panel
from peersupport.accounts.roles import Role

from . import selectors


def _approvals(user) -> dict:
    waiting = selectors.waiting_for_approval_by(user=user)
    return {"requests": list(waiting[:5]), "total": waiting.count()}


def _my_requests(user) -> dict:
    return {"requests": list(selectors.requests_for_list(user=user, scope="mine")[:5])}


register_panel(
    Role.TEAM_LEAD,
    Panel(
        key="approvals",
        title="Requests waiting for your approval",
        template="involvement/panels/approvals.html",
        order=10,
        context=_approvals,
    ),
)
register_panel(
    Role.REQUESTER,
    Panel(
        key="my_requests",
        title="Your involvement requests",
        template="involvement/panels/my_requests.html",
        order=10,
        context=_my_requests,
    ),
)
