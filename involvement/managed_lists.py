"""Starting values of involvement's managed lists: activity types, lived-experience areas and skills.

The first migration and the demo use them.
"""

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

AREAS = [
    "Anxiety",
    "Bipolar disorder",
    "Carer experience",
    "Depression",
    "Eating disorders",
    "Forensic services",
    "Gender identity",
    "Learning disability",
    "Neurodiversity",
    "Perinatal mental health",
    "Personality disorder",
    "Psychosis",
    "Self-harm",
    "Substance use",
    "Trauma",
]
SKILLS = [
    "Interviewing",
    "Document review",
    "Facilitating groups",
    "Public speaking",
    "Training delivery",
    "Research",
    "Co-production",
    "Writing",
]


def ensure() -> None:
    from .models import ActivityType, LivedExperienceArea, Skill

    for name in AREAS:
        LivedExperienceArea.objects.get_or_create(name=name)
    for name in SKILLS:
        Skill.objects.get_or_create(name=name)

    for order, name in enumerate(ACTIVITY_TYPES, start=1):
        ActivityType.objects.get_or_create(name=name, defaults={"order": order * 10})
