"""The workforce's panels on the home page."""

from peersupport.accounts.home import Panel, register_panel
from peersupport.accounts.roles import Role

from . import selectors


def _led_teams(user) -> dict:
    return {"teams": list(selectors.teams_led_by(user=user))}


def _services(user) -> dict:
    services = list(selectors.services_with_teams())
    return {"services": services, "team_total": sum(service.team_count for service in services)}


register_panel(
    Role.TEAM_LEAD,
    Panel(
        key="led_teams", title="Your teams", template="workforce/panels/led_teams.html", order=20, context=_led_teams
    ),
)
register_panel(
    Role.PEER_SUPPORT_LEAD,
    Panel(
        key="services",
        title="Services and teams",
        template="workforce/panels/services.html",
        order=30,
        context=_services,
    ),
)
register_panel(
    Role.PEER_SUPPORT_WORKER,
    Panel(key="protected_time", title="Your protected time", template="workforce/panels/protected_time.html", order=20),
)
