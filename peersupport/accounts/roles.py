"""The seven roles of the product. Each is a Django group of the same name.

A person can hold several roles. Views never test roles directly: they ask for a permission
(peersupport/accounts/permissions.py), whose predicate looks at the role and the object.
"""

from enum import StrEnum


class Role(StrEnum):
    REQUESTER = "requester"
    TEAM_LEAD = "team_lead"
    PEER_SUPPORT_LEAD = "peer_support_lead"
    NETWORK_COORDINATOR = "network_coordinator"
    PEER_SUPPORT_WORKER = "peer_support_worker"
    EXPERT_BY_EXPERIENCE = "expert_by_experience"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]

    @property
    def description(self) -> str:
        return ROLE_DESCRIPTIONS[self]


ROLE_LABELS = {
    Role.REQUESTER: "Requester",
    Role.TEAM_LEAD: "Team lead",
    Role.PEER_SUPPORT_LEAD: "Peer support lead",
    Role.NETWORK_COORDINATOR: "Network coordinator",
    Role.PEER_SUPPORT_WORKER: "Peer support worker",
    Role.EXPERT_BY_EXPERIENCE: "Expert by experience",
    Role.ADMIN: "Admin",
}

ROLE_DESCRIPTIONS = {
    Role.REQUESTER: "Raises involvement requests and follows them through.",
    Role.TEAM_LEAD: "Approves or declines requests from their teams and for their peer support workers.",
    Role.PEER_SUPPORT_LEAD: "Runs the peer support workforce: records, pathway, training, supervision, allowances.",
    Role.NETWORK_COORDINATOR: "Runs the Together network: the pool, matching, invitations and payments.",
    Role.PEER_SUPPORT_WORKER: "Sees their own profile, development and protected involvement time.",
    Role.EXPERT_BY_EXPERIENCE: "Answers invitations and keeps their availability and preferences up to date.",
    Role.ADMIN: "Looks after the system through Django admin.",
}
