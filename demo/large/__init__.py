"""`seed_demo --size large`: a trust's full history on top of the small demo, for measuring speed.

300 peer support workers, 10,000 experts by experience and 50,000 requests over four years (and
the months ahead), with their invitations, attendance, claims and notifications: `size` scales
every count (0.01 is a hundredth). Each request, invitation and claim follows a path its
transitions table allows (paths.py); PSW time stays within each month's allowance (history.py);
who is invited follows the pool's rules on the day (network.py). The rows are written in bulk,
in chunks, since 50,000 requests through the per-object services would take hours.

Deterministic (one seeded generator) and made once: its logins' addresses mark it (people.DOMAIN).
"""

import datetime
import random
import sys

from django.db import transaction
from django.utils import timezone

from involvement.models import InvolvementRequest, RequestEvent
from peersupport.accounts.models import User
from together_network.models import Attendance, Invitation, PaymentClaim

from . import history, network, people
from .notices import Notices
from .paths import REQUEST_PATHS
from .progress import Progress
from .writing import insert

LARGE = {"teams": 60, "workers": 300, "experts": 10_000, "requests": 50_000}
HISTORY_YEARS = 4
INVITED_PER_REQUEST = 9
BATCH = 2000
SEED = 14


def counts(size: float) -> dict[str, int]:
    """The large set's counts scaled by `size` (at least one of each)."""
    return {name: max(1, round(count * size)) for name, count in LARGE.items()}


def exists() -> bool:
    return User.objects.filter(email__endswith="@" + people.DOMAIN).exists()


def seed(*, size: float, stream=None) -> dict[str, int] | None:
    """Make the large set unless it is there already; returns what was written (None: already there)."""
    stream = stream if stream is not None else sys.stderr
    if exists():
        return None
    generator = random.Random(SEED)  # noqa: S311  demo data
    wanted = counts(size)
    today = timezone.localdate()
    now = timezone.now()
    history_start = started_on(today)
    with transaction.atomic():
        with Progress(wanted["experts"] + wanted["workers"], "People", stream=stream) as bar:
            teams, leads, requesters, coordinators = people.seed_staff(generator=generator, team_count=wanted["teams"])
            workers = people.seed_workers(
                generator=generator, teams=teams, count=wanted["workers"], history_start=history_start
            )
            bar.advance(len(workers))
            experts, expert_user_ids = people.seed_experts(
                generator=generator, count=wanted["experts"], history_start=history_start, today=today, progress=bar
            )
        users = User.objects.in_bulk(list(expert_user_ids.values()))
        expert_users = {expert: users[user] for expert, user in expert_user_ids.items()}
        crowd = people.People(teams, leads, requesters, coordinators, workers, experts)
        with Progress(wanted["requests"], "Requests planned", stream=stream) as bar:
            planned = history.plan(
                generator=generator,
                people=crowd,
                count=wanted["requests"],
                today=today,
                now=now,
                history_start=history_start,
                progress=bar,
            )
        rates = network.rate_history(history_start)
        pool = network.Pool(experts)
        withdrawn = next(path for path in REQUEST_PATHS if path.name == "withdrawn")
        with Progress(len(planned), "Invitations planned", stream=stream) as bar:
            for item in planned:
                if item.path.opened:
                    network.plan_invitations(
                        item,
                        pool=pool,
                        generator=generator,
                        coordinators=coordinators,
                        invited_per_request=INVITED_PER_REQUEST,
                    )
                    if not item.invitations:  # nobody could be asked then: it was withdrawn instead
                        history.replan(item, withdrawn, people=crowd, generator=generator, today=today, now=now)
                bar.advance()
        written = _write(
            planned,
            crowd=crowd,
            generator=generator,
            rates=rates,
            today=today,
            stream=stream,
            expert_users=expert_users,
        )
    return written


def _write(planned, *, crowd, generator, rates, today, stream, expert_users) -> dict[str, int]:
    written = dict.fromkeys(["requests", "events", "invitations", "attendance", "claims", "notifications"], 0)
    notices = Notices()
    chunk_size = BATCH * 2
    with Progress(len(planned), "Requests written", stream=stream) as bar:
        for start in range(0, len(planned), chunk_size):
            chunk = planned[start : start + chunk_size]
            InvolvementRequest.objects.bulk_create([item.request for item in chunk], batch_size=BATCH)
            through_rows = history.areas_for(chunk, generator=generator)
            insert(InvolvementRequest.lived_experience_areas.through, through_rows, batch_size=BATCH)
            events = [event for item in chunk for event in history.events_for(item, people=crowd, generator=generator)]
            insert(RequestEvent, events, batch_size=BATCH)
            invitations = [invitation for item in chunk for invitation in item.invitations]
            Invitation.objects.bulk_create(invitations, batch_size=BATCH)
            pairs = [
                pair
                for item in chunk
                for pair in network.attendance_and_claims(
                    item, rates=rates, generator=generator, today=today, coordinators=crowd.coordinators
                )
            ]
            Attendance.objects.bulk_create([attendance for attendance, _claim in pairs], batch_size=BATCH)
            claims = [claim for _attendance, claim in pairs if claim is not None]
            PaymentClaim.objects.bulk_create(claims, batch_size=BATCH)
            for item in chunk:
                history.notify(item, people=crowd, notices=notices)
                network.notify_invitations(item, notices=notices, expert_users=expert_users)
            for name, rows in (
                ("requests", chunk),
                ("events", events),
                ("invitations", invitations),
                ("attendance", pairs),
                ("claims", claims),
            ):
                written[name] += len(rows)
            bar.advance(len(chunk))
    with Progress(len(notices.rows), "Notifications written", stream=stream) as bar:
        written["notifications"] = notices.write(batch_size=BATCH, progress=bar)
    return written


def started_on(today: datetime.date) -> datetime.date:
    return today.replace(year=today.year - HISTORY_YEARS, day=1)
