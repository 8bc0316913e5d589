"""The Together network's part of `seed_demo`, a module per concept."""

from . import network_feedback as feedback
from . import network_payments as payments
from . import network_pool as pool


def seed(*, expert_user=None) -> None:
    pool.seed(expert_user=expert_user)


def seed_after_requests(*, requester, team_lead, coordinator, expert_user=None) -> None:
    """What happens once activities have taken place (attendance, feedback, "you said, we did",
    debriefs): runs after the involvement demo, whose people and teams it uses."""
    payments.seed(requester=requester, team_lead=team_lead, coordinator=coordinator, expert_user=expert_user)
    feedback.seed(requester=requester, team_lead=team_lead, coordinator=coordinator, expert_user=expert_user)
