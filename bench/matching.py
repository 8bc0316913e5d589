"""Benchmark: ranking 10,000 experts by experience for one request (target: under 100 ms).

Run against PostgreSQL (the database is created if it is missing, its tables migrated, and the
data loaded once; later runs reuse it):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/peersupport_bench .venv/bin/python bench/matching.py

It times what the match page runs for its first page: `list(ranked_experts(request)[:25])` and
`.count()` (the paginator's), each over RUNS runs after a warm-up, and prints n, p50, p95 and max in
milliseconds, then the first lines of PostgreSQL's EXPLAIN ANALYZE for the page query. It prints
figures only: record them in bench/RESULTS.md.

Environment: BENCH_EXPERTS (10000), BENCH_HISTORY_REQUESTS (5000 past activities, each with a few
invitations, so the clash and fairness subqueries have rows to read), BENCH_RUNS (30).
"""

import contextlib
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EXPERTS = int(os.environ.get("BENCH_EXPERTS", "10000"))
HISTORY_REQUESTS = int(os.environ.get("BENCH_HISTORY_REQUESTS", "5000"))
RUNS = int(os.environ.get("BENCH_RUNS", "30"))
WARM_UP = 3
PAGE = 25
EMAIL_DOMAIN = "bench.example.org"
REQUEST_TITLE = "Benchmark: ward manager interview panel"
SEED = 20261125


def ensure_database(url: str) -> None:
    """CREATE DATABASE when the one DATABASE_URL names does not exist yet."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, parts.fragment))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}")


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peersupport.settings.local")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def random_availability(rng: random.Random) -> int:
    """Most people are free for a handful of the 21 weekday-by-part-of-day slots."""
    return sum(1 << slot for slot in rng.sample(range(21), rng.randint(0, 10)))


def load(rng: random.Random):
    """The pool, some history and the open request; reused when already there."""
    from django.db import transaction
    from django.utils import timezone

    from involvement.models import ActivityType, InvolvementRequest, LivedExperienceArea, Mode, Skill, Status
    from peersupport.accounts.models import User
    from together_network.models import ExpertByExperience, ExpertStatus, Invitation, InvitationStatus
    from workforce.models import Service, ServiceCategory, Team

    existing = InvolvementRequest.objects.filter(title=REQUEST_TITLE).first()
    pool_size = ExpertByExperience.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").count()
    if existing is not None and pool_size >= EXPERTS:
        print(f"reusing the loaded data: {pool_size} experts, request {existing.pk}")
        return existing

    today = timezone.localdate()
    with transaction.atomic():
        service, _ = Service.objects.get_or_create(
            name="Benchmark service", defaults={"category": ServiceCategory.COMMUNITY}
        )
        team, _ = Team.objects.get_or_create(service=service, name="Benchmark team")
        requester, _ = User.objects.get_or_create(
            email=f"requester@{EMAIL_DOMAIN}", defaults={"full_name": "Benchmark Requester"}
        )
        coordinator, _ = User.objects.get_or_create(
            email=f"coordinator@{EMAIL_DOMAIN}", defaults={"full_name": "Benchmark Coordinator"}
        )
        activity_type, _ = ActivityType.objects.get_or_create(name="Interview panel")
        areas = list(LivedExperienceArea.objects.all())
        skills = list(Skill.objects.all())
        if not areas or not skills:
            raise SystemExit("The managed lists are empty: did the migrations run?")

        print(f"loading {EXPERTS - pool_size} experts ...", flush=True)
        statuses = [ExpertStatus.ACTIVE] * 85 + [ExpertStatus.PAUSED] * 5 + [ExpertStatus.APPLICANT] * 5
        statuses += [ExpertStatus.LEFT] * 5
        experts = [
            ExpertByExperience(
                full_name=f"Bench Expert {number:05d}",
                email=f"expert{number:05d}@{EMAIL_DOMAIN}",
                availability=random_availability(rng),
                available_online=rng.random() < 0.9,
                available_in_person=rng.random() < 0.7,
                status=rng.choice(statuses),
                onboarding_complete=rng.random() < 0.9,
                consent_given_on=today - datetime.timedelta(days=rng.randint(30, 700)),
                consent_review_due=today + datetime.timedelta(days=rng.randint(-60, 700)),
                joined_on=today - datetime.timedelta(days=rng.randint(30, 2000)),
            )
            for number in range(pool_size, EXPERTS)
        ]
        experts = ExpertByExperience.objects.bulk_create(experts, batch_size=2000)
        area_rows = ExpertByExperience.lived_experience_areas.through
        skill_rows = ExpertByExperience.skills.through
        area_rows.objects.bulk_create(
            [
                area_rows(expertbyexperience_id=expert.pk, livedexperiencearea_id=area.pk)
                for expert in experts
                for area in rng.sample(areas, rng.randint(1, 4))
            ],
            batch_size=5000,
        )
        skill_rows.objects.bulk_create(
            [
                skill_rows(expertbyexperience_id=expert.pk, skill_id=skill.pk)
                for expert in experts
                for skill in rng.sample(skills, rng.randint(0, 3))
            ],
            batch_size=5000,
        )

        print(f"loading {HISTORY_REQUESTS} past and coming activities with their invitations ...", flush=True)
        pool_ids = list(
            ExpertByExperience.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").values_list("pk", flat=True)
        )

        def a_request(title: str, activity_date: datetime.date, status: str) -> InvolvementRequest:
            return InvolvementRequest(
                title=title,
                activity_type=activity_type,
                requesting_team=team,
                requester=requester,
                description="Benchmark data.",
                activity_date=activity_date,
                start_time=datetime.time(rng.choice([10, 14, 18]), 0),
                duration_minutes=120,
                mode=rng.choice([Mode.ONLINE, Mode.IN_PERSON]),
                places_needed=3,
                closing_date=activity_date - datetime.timedelta(days=7),
                status=status,
            )

        history = []
        for number in range(HISTORY_REQUESTS):
            activity_date = today + datetime.timedelta(days=rng.randint(-365, 60))
            status = Status.COMPLETED if activity_date < today else rng.choice([Status.OPEN, Status.FILLED])
            if rng.random() < 0.05:
                status = Status.CANCELLED
            history.append(a_request(f"Benchmark history {number}", activity_date, status))
        history = InvolvementRequest.objects.bulk_create(history, batch_size=2000)
        answers = [InvitationStatus.ACCEPTED] * 3 + [InvitationStatus.DECLINED] * 2 + [InvitationStatus.INVITED]
        invitations = []
        for request in history:
            for expert_id, answer in zip(rng.sample(pool_ids, len(answers)), answers, strict=True):
                invitations.append(
                    Invitation(
                        request=request,
                        expert_id=expert_id,
                        status=answer,
                        activity_date=request.activity_date,
                        invited_by=coordinator,
                        answered_at=None if answer == InvitationStatus.INVITED else timezone.now(),
                    )
                )
        Invitation.objects.bulk_create(invitations, batch_size=5000)

        activity_date = today + datetime.timedelta(days=21)
        request = InvolvementRequest.objects.create(
            title=REQUEST_TITLE,
            activity_type=activity_type,
            requesting_team=team,
            requester=requester,
            description="The request the benchmark ranks the pool for.",
            activity_date=activity_date,
            start_time=datetime.time(10, 0),
            duration_minutes=120,
            mode=Mode.ONLINE,
            places_needed=3,
            closing_date=activity_date - datetime.timedelta(days=7),
            status=Status.OPEN,
        )
        request.lived_experience_areas.set(areas[:3])
        request.skills.set(skills[:2])
        already = rng.sample(pool_ids, 20)
        Invitation.objects.bulk_create(
            [
                Invitation(request=request, expert_id=expert_id, invited_by=coordinator, activity_date=activity_date)
                for expert_id in already
            ]
        )
    analyse()
    return request


def analyse() -> None:
    """Fresh planner statistics, as autovacuum would have them on a running system."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in (
            "together_network_expertbyexperience",
            "together_network_expertbyexperience_lived_experience_areas",
            "together_network_expertbyexperience_skills",
            "involvement_involvementrequest",
            "involvement_invitation",
        ):
            cursor.execute(f"ANALYZE {table}")  # noqa: S608 (fixed table names)


def timed(action, runs: int) -> list[float]:
    for _ in range(WARM_UP):
        action()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def report(label: str, timings: list[float]) -> None:
    ordered = sorted(timings)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    print(
        f"{label:<34} n={len(ordered):<3} p50={statistics.median(ordered):7.1f} ms  "
        f"p95={p95:7.1f} ms  max={ordered[-1]:7.1f} ms"
    )


def main() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("Set DATABASE_URL=postgres://... (the benchmark measures PostgreSQL)")
    ensure_database(url)
    setup_django()

    from involvement.models import InvolvementRequest
    from together_network.models import ExpertByExperience, Invitation
    from together_network.selectors.matching import ranked_experts

    request = load(random.Random(SEED))
    eligible = ranked_experts(request=request)
    print(
        f"PostgreSQL {setting('server_version')}; pool {ExpertByExperience.objects.count()} experts, "
        f"{eligible.count()} can be asked for request {request.pk}; {InvolvementRequest.objects.count()} requests, "
        f"{Invitation.objects.count()} invitations ({Invitation.objects.filter(status='accepted').count()} accepted); "
        f"{RUNS} runs after {WARM_UP} warm-up runs"
    )

    def first_page():
        return list(ranked_experts(request=request)[:PAGE])

    def count():
        return ranked_experts(request=request).count()

    def page_and_count():
        return count(), first_page()

    jit = setting("jit")
    print(f"\nAs the server is configured (jit={jit}):")
    report(f"ranked_experts()[:{PAGE}]", timed(first_page, RUNS))
    report("ranked_experts().count()", timed(count, RUNS))
    report("both (what the match page runs)", timed(page_and_count, RUNS))
    print_plan(ranked_experts(request=request)[:PAGE])

    if jit == "on":
        # The ranking's estimated cost passes jit_above_cost, and compiling the query takes
        # longer than running it: the same measurements with JIT off for this session.
        with session_setting("jit", "off"):
            print("\nWith jit=off for this session:")
            report(f"ranked_experts()[:{PAGE}]", timed(first_page, RUNS))
            report("ranked_experts().count()", timed(count, RUNS))
            report("both (what the match page runs)", timed(page_and_count, RUNS))
            print_plan(ranked_experts(request=request)[:PAGE])


def setting(name: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {name}")
        return cursor.fetchone()[0]


@contextlib.contextmanager
def session_setting(name: str, value: str):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SET {name} = {value}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"RESET {name}")


def print_plan(queryset) -> None:
    """The first lines of EXPLAIN ANALYZE, then its timings (planning, JIT, execution)."""
    plan = queryset.explain(analyze=True, buffers=True).splitlines()
    print("  EXPLAIN ANALYZE of the first page (first lines):")
    for line in plan[:12]:
        print(f"    {line}")
    print("    ...")
    for line in plan[12:]:
        if line.strip().startswith(("Planning Time", "JIT:", "Functions:", "Timing:", "Execution Time")):
            print(f"    {line.strip()}")


if __name__ == "__main__":
    main()
