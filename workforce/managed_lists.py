"""Starting values of the workforce's managed lists (the first migration and the demo use them)."""

PATHWAY_ROLES = [
    ("Peer support worker", "3", 10),
    ("Senior peer support worker", "4", 20),
    ("Lead peer support worker / peer trainer", "5", 30),
    ("Peer support manager", "7", 40),
]


def ensure() -> None:
    from .models import PathwayRole

    for name, band, order in PATHWAY_ROLES:
        PathwayRole.objects.get_or_create(name=name, defaults={"band": band, "order": order})
