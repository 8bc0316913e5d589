"""Starting values of involvement's managed lists (the first migration and the demo use them)."""

ACTIVITY_TYPES = [
    "Interview panel",
    "Focus group",
    "Co-production",
    "Training delivery",
    "Document review",
    "Research advisory group",
    "Event or talk",
    "Other",
]


def ensure() -> None:
    from .models import ActivityType

    for order, name in enumerate(ACTIVITY_TYPES, start=1):
        ActivityType.objects.get_or_create(name=name, defaults={"order": order * 10})
