"""Starting values of the network's managed lists (the first migration and the demo use them)."""

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
    from .models import LivedExperienceArea, Skill

    for name in AREAS:
        LivedExperienceArea.objects.get_or_create(name=name)
    for name in SKILLS:
        Skill.objects.get_or_create(name=name)
