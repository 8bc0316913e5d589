"""The workforce's panels on the home page.

A peer support worker's "Your protected time" (their involvement hours) is involvement's panel (involvement/home.py).
"""

from peersupport.accounts.home import Panel, register_panel
from peersupport.accounts.roles import Role

from .selectors.compliance import TrainingStatus, training_compliance
from .selectors.organisation import services_with_teams, teams_led_by
from .selectors.people import needing_attention, peer_support_worker_of, person_profile


def _led_teams(user) -> dict:
    return {
        "teams": list(teams_led_by(user=user)),
        "attention": needing_attention(user=user, sees_everyone=False),
    }


def _services(user) -> dict:
    services = list(services_with_teams())
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


def _workforce_dashboard(user) -> dict:
    from .selectors.dashboard import staffing_now
    from .selectors.pathway import ready_to_progress_count

    return {
        "now": staffing_now(),
        "attention": needing_attention(user=user, sees_everyone=True),
        "ready": ready_to_progress_count(),
    }


register_panel(
    Role.PEER_SUPPORT_LEAD,
    Panel(
        key="workforce_dashboard",
        title="Workforce",
        template="workforce/panels/workforce_dashboard.html",
        order=31,
        context=_workforce_dashboard,
    ),
)


def _development(user) -> dict:
    from django.utils import timezone

    from .selectors.pathway import progression

    worker = peer_support_worker_of(user=user)
    if worker is None:
        return {"worker": None}
    worker = person_profile(worker_id=worker.pk)
    today = timezone.localdate()
    compliance = training_compliance(worker, today=today)
    return {
        "worker": worker,
        "needs_training": [row for row in compliance if row.mandatory and row.status != TrainingStatus.CURRENT],
        "progression": progression(worker, today=today),
    }


register_panel(
    Role.PEER_SUPPORT_WORKER,
    Panel(
        key="development",
        title="Your development",
        template="workforce/panels/development.html",
        order=21,
        context=_development,
    ),
)
