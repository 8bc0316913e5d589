"""Demo services, teams and peer support workers, named after the trust's own (see shared/seed)."""

import datetime
import random
from decimal import Decimal

from peersupport.demo_names import names

from .models import PathwayRole, PeerSupportWorker, PeerSupportWorkerStatus, ServiceCategory, Team
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
DEMO_PSW_COUNT = 48
DEMO_PSW_TEAM = "North Community Team"


def seed(*, team_lead, other_lead=None, psw_user=None) -> None:
    for name, category, specialism, team_names in DEMO_SERVICES:
        service = service_ensure(name=name, category=category, specialism=specialism)
        for team_name in team_names:
            leads = [team_lead] if team_name in TEAMS_LED_BY_DEMO_LEAD else ([other_lead] if other_lead else [])
            team_ensure(service=service, name=team_name, leads=leads)
    _seed_peer_support_workers(psw_user=psw_user)


def _seed_peer_support_workers(*, psw_user) -> None:
    """A workforce that grew from a few roles in 2017 to 45+ today."""
    if PeerSupportWorker.objects.exists():
        return
    generator = random.Random(2017)  # noqa: S311  demo data
    teams = list(Team.objects.order_by("pk"))
    roles = list(PathwayRole.objects.order_by("order"))
    today = datetime.date.today()
    home_team = Team.objects.get(name=DEMO_PSW_TEAM)
    if psw_user is not None:
        PeerSupportWorker.objects.create(
            user=psw_user,
            full_name=psw_user.full_name,
            email=psw_user.email,
            team=home_team,
            pathway_role=roles[1],
            start_date=datetime.date(2019, 4, 1),
            contracted_hours=Decimal("37.5"),
        )
    for index, full_name in enumerate(names(DEMO_PSW_COUNT, seed=45)):
        # Early starters in 2017, more each year since.
        year = min(2017 + int((index / DEMO_PSW_COUNT) ** 0.7 * 9), today.year)
        start = datetime.date(year, generator.randint(1, 12), 1)
        if start > today:
            start = today.replace(day=1)
        role = roles[0] if index > 12 else roles[min(3, 3 - index // 4)]
        left = index % 17 == 5
        PeerSupportWorker.objects.create(
            full_name=full_name,
            email=f"{full_name.lower().replace(' ', '.')}@example.org",
            team=teams[index % len(teams)] if index % 5 else home_team,
            pathway_role=role,
            start_date=start,
            end_date=min(start + datetime.timedelta(days=700), today) if left else None,
            status=PeerSupportWorkerStatus.LEFT if left else PeerSupportWorkerStatus.ACTIVE,
            contracted_hours=Decimal(generator.choice(["37.5", "30", "22.5", "18.75"])),
            allowance_hours=Decimal(generator.choice(["2", "6"])) if index % 7 == 0 else None,
        )
