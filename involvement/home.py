"""Involvement's panels on the home page."""

from peersupport.accounts.home import Panel, register_panel
from peersupport.accounts.roles import Role

register_panel(
    Role.TEAM_LEAD,
    Panel(
        key="approvals",
        title="Requests waiting for your approval",
        template="involvement/panels/approvals.html",
        order=10,
    ),
)
register_panel(
    Role.REQUESTER,
    Panel(
        key="my_requests", title="Your involvement requests", template="involvement/panels/my_requests.html", order=10
    ),
)
