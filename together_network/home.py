"""The Together network's panels on the home page."""

from peersupport.accounts.home import Panel, register_panel
from peersupport.accounts.roles import Role

register_panel(
    Role.NETWORK_COORDINATOR,
    Panel(
        key="network_requests", title="Requests to match", template="together_network/panels/to_match.html", order=10
    ),
)
register_panel(
    Role.EXPERT_BY_EXPERIENCE,
    Panel(key="invitations", title="Your invitations", template="together_network/panels/invitations.html", order=10),
)
