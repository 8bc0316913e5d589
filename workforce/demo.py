"""Demo services and teams, named after the trust's own (see shared/seed)."""

from .models import ServiceCategory
from .services import service_ensure, team_ensure

DEMO_SERVICES = [
    ("Acute inpatient services", ServiceCategory.ACUTE, "", ["Willow Ward", "Cedar Ward"]),
    ("Forensic services", ServiceCategory.FORENSIC, "", ["Low Secure Unit", "Forensic Community Team"]),
    (
        "Community mental health services",
        ServiceCategory.COMMUNITY,
        "",
        ["North Community Team", "South Community Team"],
    ),
    ("Crisis services", ServiceCategory.CRISIS, "", ["Crisis Resolution and Home Treatment Team"]),
    ("Rehabilitation services", ServiceCategory.REHABILITATION, "", ["Rehabilitation and Recovery Team"]),
    ("Perinatal mental health service", ServiceCategory.SPECIALIST, "Perinatal", ["Perinatal Community Team"]),
    ("Eating disorders service", ServiceCategory.SPECIALIST, "Eating disorders", ["Eating Disorders Day Service"]),
    ("Gender identity clinic", ServiceCategory.SPECIALIST, "Gender identity clinic", ["Gender Identity Clinic Team"]),
]

# The demo team lead leads these teams, so their home page and approvals have something real.
TEAMS_LED_BY_DEMO_LEAD = {"North Community Team", "Crisis Resolution and Home Treatment Team"}


def seed(*, team_lead) -> None:
    for name, category, specialism, team_names in DEMO_SERVICES:
        service = service_ensure(name=name, category=category, specialism=specialism)
        for team_name in team_names:
            leads = [team_lead] if team_name in TEAMS_LED_BY_DEMO_LEAD else []
            team_ensure(service=service, name=team_name, leads=leads)
