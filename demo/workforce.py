"""Demo services, teams and peer support workers, named after the trust's own (see shared/seed)."""

import datetime
import math
import random
from decimal import Decimal

from peersupport.demo_names import names
from workforce.models import (
    FULL_TIME_HOURS,
    Competence,
    CompetenceAchievement,
    CompetenceDomain,
    FundedPost,
    GrowthTarget,
    PathwayRole,
    PeerSupportWorker,
    PeerSupportWorkerStatus,
    RoleHistory,
    ServiceCategory,
    SupervisionKind,
    SupervisionSession,
    Team,
    TrainingCourse,
    TrainingRecord,
)
from workforce.services import service_ensure, team_ensure, training_expiry

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
    _seed_training(psw_user=psw_user)
    _seed_supervision(team_lead=team_lead, psw_user=psw_user)
    _seed_establishment()
    _seed_pathway(team_lead=team_lead)
    _seed_line_managers(team_lead=team_lead, other_lead=other_lead)


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


# (name, provider, renewal in months or None for never, mandatory for the roles up to this order)
DEMO_COURSES = [
    ("Peer support foundations", "Trust recovery college", None, 40),
    ("Safeguarding adults level 2", "Trust learning and development", 36, 40),
    ("Basic life support", "Trust resuscitation team", 12, 40),
    ("Information governance", "NHS e-Learning for Healthcare", 12, 40),
    ("Intentional Peer Support core", "Intentional Peer Support", None, 20),
]


def _seed_training(*, psw_user) -> None:
    """A catalogue, and records where most are up to date, some due soon, some expired or missing."""
    roles = list(PathwayRole.objects.order_by("order"))
    courses = []
    for name, provider, renewal, up_to_order in DEMO_COURSES:
        course, _ = TrainingCourse.objects.get_or_create(
            name=name, defaults={"provider": provider, "renewal_months": renewal}
        )
        course.mandatory_for.add(*[role for role in roles if role.order <= up_to_order])
        courses.append(course)
    if TrainingRecord.objects.exists():
        return
    generator = random.Random(2024)  # noqa: S311  demo data
    today = datetime.date.today()
    records = []
    workers = PeerSupportWorker.objects.exclude(status=PeerSupportWorkerStatus.LEFT).order_by("pk")
    mandatory = {
        role.pk: {course.pk for course in role.mandatory_courses.all()}
        for role in PathwayRole.objects.prefetch_related("mandatory_courses")
    }
    for worker in workers:
        own = psw_user is not None and worker.user_id == psw_user.pk
        for course in courses:
            if course.pk not in mandatory[worker.pathway_role_id]:
                continue
            roll = generator.random()
            if own:
                roll = 0.05 if course.name == "Basic life support" else 0.9  # Sam has one due soon
            if roll < 0.06 and not own:
                continue  # missing
            if course.renewal_months is None:
                completed = worker.start_date + datetime.timedelta(days=generator.randint(20, 120))
            elif roll < 0.12:
                # Due within 30 days.
                expires = today + datetime.timedelta(days=generator.randint(3, 28))
                completed = expires - datetime.timedelta(days=course.renewal_months * 30 + 5)
            elif roll < 0.2:
                # Expired a while ago.
                completed = today - datetime.timedelta(days=course.renewal_months * 31 + generator.randint(10, 120))
            else:
                completed = today - datetime.timedelta(days=generator.randint(30, course.renewal_months * 25))
            completed = min(max(completed, worker.start_date), today)
            records.append(
                TrainingRecord(
                    peer_support_worker=worker,
                    course=course,
                    completed_on=completed,
                    expires_on=training_expiry(course=course, completed_on=completed),
                    evidence_note="Certificate on the learning record",
                )
            )
    TrainingRecord.objects.bulk_create(records)


SUPERVISORS = ["Olivia Grant", "Marcus Bell", "Hannah Okafor"]


def _seed_supervision(*, team_lead, psw_user) -> None:
    """Monthly supervision for most; about one in five has gone more than a month without."""
    if SupervisionSession.objects.exists():
        return
    generator = random.Random(31)  # noqa: S311  demo data
    today = datetime.date.today()
    kinds = list(SupervisionKind)
    sessions = []
    workers = PeerSupportWorker.objects.exclude(status=PeerSupportWorkerStatus.LEFT).select_related("team")
    workers = workers.order_by("pk")
    for index, worker in enumerate(workers):
        own = psw_user is not None and worker.user_id == psw_user.pk
        overdue = not own and index % 5 == 3
        date = today - datetime.timedelta(days=generator.randint(40, 80) if overdue else generator.randint(3, 25))
        for _ in range(6):
            if date < worker.start_date:
                break
            led_by_demo_lead = worker.team.name in TEAMS_LED_BY_DEMO_LEAD
            sessions.append(
                SupervisionSession(
                    peer_support_worker=worker,
                    date=date,
                    kind=kinds[generator.randrange(len(kinds))],
                    supervisor=team_lead if led_by_demo_lead else None,
                    supervisor_name=team_lead.full_name if led_by_demo_lead else generator.choice(SUPERVISORS),
                    duration_minutes=generator.choice([45, 60, 60, 90]),
                )
            )
            date -= datetime.timedelta(days=generator.randint(24, 34))
    SupervisionSession.objects.bulk_create(sessions)


# (target date, headcount, WTE, note): the Peer Support Strategy's growth.
DEMO_GROWTH_TARGETS = [
    (datetime.date(2026, 3, 31), 50, Decimal("42"), "Peer Support Strategy, year 1"),
    (datetime.date(2027, 3, 31), 60, Decimal("50"), "Peer Support Strategy, year 2"),
]


def financial_year_start(day: datetime.date) -> datetime.date:
    """1 April on or before `day`: posts are funded from the start of an NHS financial year."""
    return datetime.date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def _seed_establishment() -> None:
    """Posts funded as each team grew, covering its people today; a new, vacant post in every third team.

    Each team's k-th whole-time post was funded from the financial year its k-th current member
    started, so establishment grows with the workforce since 2017. One pilot post was funded for
    two years only.
    """
    for target_date, headcount, whole_time_equivalent, note in DEMO_GROWTH_TARGETS:
        GrowthTarget.objects.get_or_create(
            target_date=target_date,
            defaults={"headcount": headcount, "whole_time_equivalent": whole_time_equivalent, "note": note},
        )
    if FundedPost.objects.exists():
        return
    today = datetime.date.today()
    members: dict[int, list[tuple[datetime.date, Decimal]]] = {}
    in_post = PeerSupportWorker.objects.filter(start_date__lte=today).exclude(end_date__lt=today)
    for team_id, start, hours in in_post.order_by("start_date").values_list(
        "team_id", "start_date", "contracted_hours"
    ):
        members.setdefault(team_id, []).append((start, hours))
    role = PathwayRole.objects.order_by("order").first()
    posts = []
    for index, team in enumerate(Team.objects.order_by("pk")):
        people = members.get(team.pk, [])
        whole_posts = math.ceil(sum((hours for _start, hours in people), Decimal(0)) / FULL_TIME_HOURS)
        for number in range(whole_posts):
            start = people[min(number, len(people) - 1)][0]
            posts.append(
                FundedPost(
                    team=team,
                    pathway_role=role,
                    whole_time_equivalent=Decimal("1.00"),
                    funded_from=financial_year_start(start),
                    note="Recurrent funding",
                )
            )
        if index % 3 == 0:
            posts.append(
                FundedPost(
                    team=team,
                    pathway_role=role,
                    whole_time_equivalent=Decimal("1.00"),
                    funded_from=financial_year_start(today),
                    note="New post from the Peer Support Strategy",
                )
            )
        if index == 1:
            posts.append(
                FundedPost(
                    team=team,
                    whole_time_equivalent=Decimal("0.50"),
                    funded_from=datetime.date(2019, 4, 1),
                    funded_until=datetime.date(2021, 3, 31),
                    note="Two-year pilot funding",
                )
            )
    FundedPost.objects.bulk_create(posts)


# A few competences in each domain of the framework; the first two of each are required to become
# a senior peer support worker.
DEMO_COMPETENCES = {
    "Values and principles of peer support": [
        "Uses lived experience purposefully",
        "Works to the values of mutuality and hope",
        "Explains the peer support role to others",
    ],
    "Building relationships": [
        "Builds trust through shared experience",
        "Holds boundaries in a peer relationship",
        "Ends a peer relationship well",
    ],
    "Supporting recovery and wellbeing": [
        "Supports recovery and wellbeing planning",
        "Connects people with community resources",
        "Responds to distress safely",
    ],
    "Working in teams and organisations": [
        "Brings the peer perspective to team meetings",
        "Records and shares information appropriately",
        "Raises safeguarding concerns",
    ],
    "Professional development and self-care": [
        "Uses supervision to reflect on practice",
        "Keeps a wellness and recovery action plan",
        "Supports a newer peer support worker",
    ],
    "Equality, diversity and inclusion": [
        "Works in a trauma-informed way",
        "Challenges stigma and discrimination",
        "Adapts support to people's culture and identity",
    ],
}
REQUIRED_FOR_SENIOR = 2
SENIOR_ROLE_ORDER = 20


def _seed_pathway(*, team_lead) -> None:
    """Competences, what the senior role requires, role history, and achievements that make some ready."""
    domains = {domain.name: domain for domain in CompetenceDomain.objects.all()}
    Competence.objects.bulk_create(
        [
            Competence(domain=domains[domain_name], name=name)
            for domain_name, names in DEMO_COMPETENCES.items()
            if domain_name in domains
            for name in names
        ],
        ignore_conflicts=True,
    )
    by_name = {competence.name: competence for competence in Competence.objects.all()}
    required = [
        by_name[name] for names in DEMO_COMPETENCES.values() for name in names[:REQUIRED_FOR_SENIOR] if name in by_name
    ]
    senior = PathwayRole.objects.filter(order=SENIOR_ROLE_ORDER).first()
    if senior is not None:
        senior.required_competences.add(*required)
    _seed_role_history(senior=senior)
    if CompetenceAchievement.objects.exists():
        return
    today = datetime.date.today()
    first_order = PathwayRole.objects.order_by("order").values_list("order", flat=True).first()
    achievements = []
    workers = PeerSupportWorker.objects.exclude(status=PeerSupportWorkerStatus.LEFT).select_related("pathway_role")
    for index, worker in enumerate(workers.order_by("pk")):
        # Above the first step they have all of it; on it, every third has all, the rest some.
        complete = worker.pathway_role.order > first_order or index % 3 == 0
        achieved = required if complete else required[: index % len(required)]
        for offset, competence in enumerate(achieved):
            achievements.append(
                CompetenceAchievement(
                    peer_support_worker=worker,
                    competence=competence,
                    achieved_on=min(worker.start_date + datetime.timedelta(days=60 + 14 * offset), today),
                    signed_off_by=team_lead,
                )
            )
    CompetenceAchievement.objects.bulk_create(achievements)


def _seed_role_history(*, senior) -> None:
    """Each person's current role from its start; those above the first step started on it."""
    if RoleHistory.objects.exists():
        return
    first_step = PathwayRole.objects.order_by("order").first()
    today = datetime.date.today()
    periods = []
    for worker in PeerSupportWorker.objects.select_related("pathway_role").order_by("pk"):
        current_from = worker.start_date
        promoted = worker.start_date + datetime.timedelta(days=540)
        last_day = worker.end_date or today
        if worker.pathway_role_id != first_step.pk and promoted <= last_day:
            periods.append(
                RoleHistory(
                    peer_support_worker=worker,
                    pathway_role=first_step,
                    started_on=worker.start_date,
                    ended_on=promoted - datetime.timedelta(days=1),
                )
            )
            current_from = promoted
        periods.append(
            RoleHistory(
                peer_support_worker=worker,
                pathway_role=worker.pathway_role,
                started_on=current_from,
                ended_on=worker.end_date,
            )
        )
    RoleHistory.objects.bulk_create(periods)


def _seed_line_managers(*, team_lead, other_lead) -> None:
    """Everyone in the demo lead's teams is line managed by them; everyone else by the other lead."""
    unmanaged = PeerSupportWorker.objects.filter(line_manager__isnull=True)
    unmanaged.filter(team__name__in=TEAMS_LED_BY_DEMO_LEAD).update(line_manager=team_lead)
    if other_lead is not None:
        unmanaged.exclude(team__name__in=TEAMS_LED_BY_DEMO_LEAD).update(line_manager=other_lead)
