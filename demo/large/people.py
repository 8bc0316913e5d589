"""The large set's people: more teams with their leads and requesters, peer support workers with
logins, and a Together network pool whose onboarding and consent history agree with their record.

Teams go through the workforce's service (a few dozen calls); people and their records are
written in bulk, each person consistent with the rules the pool's services keep: active only
after every required onboarding step, consent renewed each year until it is due for review.
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from involvement.models import LivedExperienceArea, Skill
from peersupport.accounts.models import User
from peersupport.accounts.roles import Role
from peersupport.accounts.services import roles_ensure
from peersupport.demo_names import FIRST_NAMES, SURNAMES
from together_network.models import (
    REQUIRED_STEPS,
    ConsentRecord,
    ExpertByExperience,
    ExpertStatus,
    OnboardingRecord,
    OnboardingStep,
    PartOfDay,
    PaymentPreference,
    Weekday,
)
from together_network.services.common import add_years
from workforce.models import PathwayRole, PeerSupportWorker, PeerSupportWorkerStatus, Service, Team
from workforce.services import team_ensure

from .writing import insert

# Every login of the large set has an address at this domain: it marks the set as made.
DOMAIN = "history.example.org"
REQUESTERS_PER_TEAM = 10
BATCH = 2000


@dataclass
class People:
    teams: list[Team]
    leads: dict[int, User]  # team id -> its lead
    requesters: dict[int, list[User]]  # team id -> the people who raise its requests
    coordinators: list[User]
    workers: list[PeerSupportWorker]
    experts: list[ExpertByExperience]  # ordered by active_from
    expert_users: dict[int, int] = field(default_factory=dict)  # expert id -> their login's id


def _name(generator: random.Random) -> str:
    return f"{generator.choice(FIRST_NAMES)} {generator.choice(SURNAMES)}"


def _email(full_name: str, kind: str, index: int) -> str:
    return f"{full_name.lower().replace(' ', '.')}.{kind}{index}@{DOMAIN}"


def users_create(people: list[tuple[str, str]], role: Role) -> list[User]:
    """Logins without a usable password (they would set one from a welcome email), with their role."""
    unusable = make_password(None)
    users = User.objects.bulk_create(
        [User(email=email, full_name=name, password=unusable) for name, email in people], batch_size=BATCH
    )
    group = Group.objects.get(name=role.value)
    membership = User.groups.through
    membership.objects.bulk_create([membership(user_id=user.pk, group_id=group.pk) for user in users], batch_size=BATCH)
    return users


def seed_staff(*, generator: random.Random, team_count: int) -> tuple[list[Team], dict, dict, list[User]]:
    roles_ensure()
    services = list(Service.objects.order_by("pk"))
    names = [_name(generator) for _ in range(team_count * (REQUESTERS_PER_TEAM + 1) + 3)]
    lead_users = users_create(
        [(names[index], _email(names[index], "lead", index)) for index in range(team_count)], Role.TEAM_LEAD
    )
    teams, leads = [], {}
    for index, lead in enumerate(lead_users):
        service = services[index % len(services)]
        team = team_ensure(service=service, name=f"Locality team {index + 1:02d}", leads=[lead])
        teams.append(team)
        leads[team.pk] = lead
    first = team_count
    people = [(names[first + index], _email(names[first + index], "staff", index)) for index in range(team_count * 10)]
    staff = users_create(people, Role.REQUESTER)
    requesters = {team.pk: staff[index::team_count] for index, team in enumerate(teams)}
    coordinator_names = names[-3:]
    coordinators = users_create(
        [(name, _email(name, "network", index)) for index, name in enumerate(coordinator_names)],
        Role.NETWORK_COORDINATOR,
    )
    return teams, leads, requesters, coordinators


def seed_workers(*, generator: random.Random, teams: list[Team], count: int, history_start) -> list[PeerSupportWorker]:
    """Peer support workers, each with a login; most on the trust's default allowance."""
    names = [_name(generator) for _ in range(count)]
    users = users_create(
        [(name, _email(name, "psw", index)) for index, name in enumerate(names)], Role.PEER_SUPPORT_WORKER
    )
    roles = list(PathwayRole.objects.order_by("order"))
    workers = []
    for index, user in enumerate(users):
        start = history_start - datetime.timedelta(days=generator.randint(0, 700))
        workers.append(
            PeerSupportWorker(
                user=user,
                full_name=user.full_name,
                email=user.email,
                team=teams[index % len(teams)],
                pathway_role=roles[0] if index % 4 else roles[min(index % 3 + 1, len(roles) - 1)],
                start_date=start,
                status=PeerSupportWorkerStatus.ACTIVE,
                contracted_hours=Decimal(generator.choice(["37.5", "30", "22.5"])),
                allowance_hours=Decimal(generator.choice(["6", "8"])) if index % 6 == 0 else None,
            )
        )
    return PeerSupportWorker.objects.bulk_create(workers, batch_size=BATCH)


def _status(generator: random.Random) -> str:
    roll = generator.random()
    if roll < 0.06:
        return ExpertStatus.LEFT
    if roll < 0.10:
        return ExpertStatus.PAUSED
    return ExpertStatus.ACTIVE


def seed_experts(*, generator: random.Random, count: int, history_start, today, progress) -> tuple[list, dict]:
    """The pool: joined over the years before and during the history, onboarded, consent kept current
    (a few lapsed or due soon), some left. About one in seven has a login for the portal."""
    areas = list(LivedExperienceArea.objects.all())
    skills = list(Skill.objects.all())
    span = (today - datetime.timedelta(days=120) - (history_start - datetime.timedelta(days=365))).days
    experts, steps_of = [], []
    for index in range(count):
        full_name = _name(generator)
        joined = history_start - datetime.timedelta(days=365) + datetime.timedelta(days=generator.randint(0, span))
        founder = index % 10 == 0  # one in ten has been in the pool since before the history starts
        if founder:
            joined = history_start - datetime.timedelta(days=generator.randint(400, 700))
        day, steps = joined, []
        for step in REQUIRED_STEPS:
            steps.append((step, day))
            day += datetime.timedelta(days=generator.randint(3, 15))
        if generator.random() < 0.5:
            steps.append((OnboardingStep.DBS, day))
        status = ExpertStatus.ACTIVE if founder else _status(generator)
        # Consent is first given at the welcome conversation and renewed each year; one in twenty
        # missed their last review (lapsed).
        consent_days = [steps[1][1]]
        while add_years(consent_days[-1], 1) <= today:
            consent_days.append(add_years(consent_days[-1], 1))
        if not founder and generator.random() < 0.05 and len(consent_days) > 1:
            consent_days.pop()
        review_due = add_years(consent_days[-1], 1)
        expert = ExpertByExperience(
            full_name=full_name,
            email=_email(full_name, "ebye", index),
            status=status,
            joined_on=joined,
            onboarding_complete=True,
            active_from=day,
            consent_given_on=consent_days[-1],
            consent_review_due=review_due,
            payment_preference=generator.choice(
                [PaymentPreference.PAID] * 6 + [PaymentPreference.VOLUNTARY, PaymentPreference.UNPAID_BENEFITS]
            ),
            available_online=generator.random() < 0.85,
            available_in_person=generator.random() < 0.6,
        )
        if status == ExpertStatus.LEFT:
            expert.left_on = day + datetime.timedelta(days=generator.randint(60, max(61, (today - day).days)))
            expert.left_on = min(expert.left_on, today)
        if not (expert.available_online or expert.available_in_person):
            expert.available_online = True
        expert.set_availability(
            {(generator.choice(Weekday.values), generator.choice(PartOfDay.values)) for _ in range(6)}
        )
        experts.append(expert)
        steps_of.append((steps, consent_days))
    progress.advance(count // 4)
    experts = ExpertByExperience.objects.bulk_create(experts, batch_size=BATCH)
    progress.advance(count // 4)
    records, consents, area_links, skill_links = [], [], [], []
    for expert, (steps, consent_days) in zip(experts, steps_of, strict=True):
        records += [OnboardingRecord(expert=expert, step=step, completed_on=day) for step, day in steps]
        consents += [ConsentRecord(expert=expert, given_on=day, review_due=add_years(day, 1)) for day in consent_days]
        area_links += [
            (expert.pk, area.pk) for area in generator.sample(areas, min(len(areas), generator.randint(1, 3)))
        ]
        skill_links += [
            (expert.pk, skill.pk) for skill in generator.sample(skills, min(len(skills), generator.randint(1, 3)))
        ]
    insert(OnboardingRecord, records, batch_size=BATCH)
    insert(ConsentRecord, consents, batch_size=BATCH)
    areas_through = ExpertByExperience.lived_experience_areas.through
    skills_through = ExpertByExperience.skills.through
    insert(
        areas_through,
        [areas_through(expertbyexperience_id=e, livedexperiencearea_id=a) for e, a in area_links],
        batch_size=BATCH,
    )
    insert(
        skills_through, [skills_through(expertbyexperience_id=e, skill_id=s) for e, s in skill_links], batch_size=BATCH
    )
    progress.advance(count // 4)
    # One in seven has a login for the portal.
    with_login = [expert for expert in experts if generator.random() < 1 / 7 and expert.status != ExpertStatus.LEFT]
    users = users_create([(expert.full_name, expert.email) for expert in with_login], Role.EXPERT_BY_EXPERIENCE)
    for expert, user in zip(with_login, users, strict=True):
        expert.user = user
    ExpertByExperience.objects.bulk_update(with_login, ["user"], batch_size=BATCH)
    progress.advance(count - 3 * (count // 4))
    experts.sort(key=lambda expert: (expert.active_from, expert.pk))
    return experts, {expert.pk: expert.user_id for expert in with_login}
