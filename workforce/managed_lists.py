"""Starting values of the workforce's managed lists (the first migrations and the demo use them)."""

PATHWAY_ROLES = [
    ("Peer support worker", "3", 10),
    ("Senior peer support worker", "4", 20),
    ("Lead peer support worker / peer trainer", "5", 30),
    ("Peer support manager", "7", 40),
]

# The domains of the national peer support worker competence framework, in its order.
COMPETENCE_DOMAINS = [
    ("Values and principles of peer support", 10),
    ("Building relationships", 20),
    ("Supporting recovery and wellbeing", 30),
    ("Working in teams and organisations", 40),
    ("Professional development and self-care", 50),
    ("Equality, diversity and inclusion", 60),
]


def ensure() -> None:
    from .models import CompetenceDomain, PathwayRole

    for name, band, order in PATHWAY_ROLES:
        PathwayRole.objects.get_or_create(name=name, defaults={"band": band, "order": order})
    for name, order in COMPETENCE_DOMAINS:
        CompetenceDomain.objects.get_or_create(name=name, defaults={"order": order})
