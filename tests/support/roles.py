"""Who may open a page, as test parameters: every role, with the status it should get."""

from peersupport.accounts.roles import Role


def answers(*allowed: Role, refused: int = 403) -> list[tuple[Role, int]]:
    """(role, status) for every role: 200 for the roles allowed, `refused` (403) for the rest."""
    return [(role, 200 if role in allowed else refused) for role in Role]
