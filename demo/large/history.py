"""The large set's involvement requests: each follows a path of its transitions table (paths.py),
with the timeline the services would have written, and PSW time within each month's allowance.
"""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse

from involvement.models import (
    ActivityType,
    InvolvementRequest,
    LivedExperienceArea,
    Mode,
    Payment,
    RequestEvent,
    Route,
    Status,
)
from involvement.transitions import TRANSITIONS, Action

from .paths import FILL, INVITE, OPENS, PSW_OVER_ALLOWANCE, REQUEST_PATHS, RequestPath, walk

TOPICS = [
    "Interview panel for a {team} post",
    "Focus group on {team} care plans",
    "Reviewing the {team} welcome leaflet",
    "Co-producing the {team} discharge guide",
    "Talk at the {team} away day",
    "Research advisory group on {team} waiting times",
    "Training new starters in {team}",
]
CLOSE_NOTES = ["Went well.", "Useful changes agreed.", "", "The panel appointed someone.", ""]
REASONS = ["The date no longer works for the team.", "The work was paused.", "Another group is doing this already."]
EXPIRED = "The closing date passed before the places were filled"
OPEN_NOTE = "Open for the Together network to match and invite"


@dataclass
class Planned:
    request: InvolvementRequest
    path: RequestPath
    steps: list[tuple[str, str, str]]  # (action, from, to)
    times: list[datetime.datetime] = field(default_factory=list)  # when each step happened
    invitations: list = field(default_factory=list)  # filled in by network.py

    def time_of(self, action: str) -> datetime.datetime | None:
        return next((at for (step, _f, _t), at in zip(self.steps, self.times, strict=True) if step == action), None)


def _moment(day: datetime.date, generator: random.Random) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC) + datetime.timedelta(
        minutes=generator.randint(0, 8 * 60)
    )


def _spread(count: int, start: datetime.datetime, end: datetime.datetime, generator) -> list[datetime.datetime]:
    seconds = max(int((end - start).total_seconds()), count)
    return sorted(start + datetime.timedelta(seconds=generator.randint(0, seconds)) for _ in range(count))


class Allowance:
    """Each PSW's approved hours per month, kept as request_approve counts them (psw_hours_booked):
    a request whose approval would go over is declined by the lead instead."""

    def __init__(self):
        self.booked: dict[tuple[int, int, int], Decimal] = defaultdict(Decimal)

    def book(self, worker, day: datetime.date, hours: Decimal) -> bool:
        key = (worker.pk, day.year, day.month)
        if self.booked[key] + hours > worker.monthly_allowance:
            return False
        self.booked[key] += hours
        return True


def plan(*, generator, people, count: int, today: datetime.date, now: datetime.datetime, history_start, progress):
    """The requests, unsaved, each with its path checked against the transitions table."""
    paths = REQUEST_PATHS
    weights = [path.weight for path in paths]
    kinds = list(ActivityType.objects.all())
    allowance = Allowance()
    workers_of = defaultdict(list)
    for worker in people.workers:
        workers_of[worker.team_id].append(worker)
    teams_with_workers = [team for team in people.teams if workers_of[team.pk]]
    span = (today - datetime.timedelta(days=12) - history_start).days
    planned = []
    for index in range(count):
        path = generator.choices(paths, weights)[0]
        past = path.when == "past" or (path.when == "any" and generator.random() < 0.85)
        if past:  # more activity in recent years, as the programme grew
            day = history_start + datetime.timedelta(days=int(span * generator.random() ** 0.7))
        else:
            day = today + datetime.timedelta(days=generator.randint(7, 90))
        worker = None
        if path.route == Route.PSW and teams_with_workers:
            team = generator.choice(teams_with_workers)
            worker = generator.choice(workers_of[team.pk])
        else:
            team = generator.choice(people.teams)
            if path.route == Route.PSW:
                path = generator.choices(paths[:11], weights[:11])[0]
        hours = Decimal(generator.choice(["1", "1.5", "2", "3"])) if worker else None
        if path.books_psw and not allowance.book(worker, day, hours):
            path = PSW_OVER_ALLOWANCE
        kind = generator.choice(kinds)
        duration = generator.choice([60, 90, 120, 180, 240])
        in_person = generator.random() < 0.4
        request = InvolvementRequest(
            title=generator.choice(TOPICS).format(team=team.name.lower()) + f" ({index + 1})",
            activity_type=kind,
            requesting_team=team,
            requester=generator.choice(people.requesters[team.pk]),
            description="We want people with lived experience to shape this from the start.",
            activity_date=day,
            start_time=datetime.time(generator.choice([9, 10, 13, 14, 18])),
            duration_minutes=duration,
            mode=Mode.IN_PERSON if in_person else Mode.ONLINE,
            location="Trust headquarters" if in_person else "",
            places_needed=generator.choice([1, 2, 2, 3, 3, 4]),
            payment=Payment.VOLUNTARY if generator.random() < 0.1 else Payment.PAID,
            closing_date=day - datetime.timedelta(days=3),
            route=path.route,
            peer_support_worker=worker if path.route == Route.PSW else None,
            psw_reason="They know this team's work." if path.route == Route.PSW else "",
            psw_hours=hours if path.route == Route.PSW else None,
            status=path.final,
        )
        steps = [
            (action, start, end)
            for (action, _), (start, end) in zip(
                path.actions, walk(TRANSITIONS, Status.DRAFT, path.actions), strict=True
            )
        ]
        item = Planned(request=request, path=path, steps=steps)
        _timeline(item, generator=generator, today=today, now=now)
        _decisions(item, people=people)
        planned.append(item)
        progress.advance()
    return planned


def replan(item: Planned, path: RequestPath, *, people, generator, today, now) -> None:
    """Follow another path instead (nobody in the pool could be asked when it opened)."""
    request = item.request
    request.team_approved_by = request.team_approved_at = request.psw_approved_by = request.psw_approved_at = None
    request.submitted_at, request.decision_reason, request.status = None, "", path.final
    item.path, item.invitations = path, []
    item.steps = [
        (action, start, end)
        for (action, _), (start, end) in zip(path.actions, walk(TRANSITIONS, Status.DRAFT, path.actions), strict=True)
    ]
    _timeline(item, generator=generator, today=today, now=now)
    _decisions(item, people=people)


def _timeline(item: Planned, *, generator, today, now) -> None:
    """When each step happened: before the closing date (or now) for the steps before the activity,
    after the activity for completing and closing; expiring the day after the closing date."""
    request = item.request
    after = [action for action, *_ in item.steps if action in {Action.COMPLETE, Action.CLOSE}]
    before = len(item.steps) - len(after) - (1 if item.path.final == Status.EXPIRED else 0)
    if request.activity_date > today:
        created = now - datetime.timedelta(days=generator.randint(2, 30), hours=generator.randint(0, 12))
        end = now
    else:
        created = _moment(request.activity_date - datetime.timedelta(days=generator.randint(20, 60)), generator)
        end = _moment(request.closing_date, generator)
    request.created_at = created
    times = _spread(before, created + datetime.timedelta(minutes=5), end, generator)
    if item.path.final == Status.EXPIRED:
        times.append(_moment(request.closing_date + datetime.timedelta(days=1), generator))
    if after:
        times += _spread(
            len(after),
            _moment(request.activity_date + datetime.timedelta(days=1), generator),
            min(now, _moment(request.activity_date + datetime.timedelta(days=10), generator)),
            generator,
        )
    item.times = times


def _decisions(item: Planned, *, people) -> None:
    request = item.request
    lead = people.leads[request.requesting_team_id]
    if at := item.time_of(Action.SUBMIT):
        request.submitted_at = at
    if at := item.time_of(Action.APPROVE):
        request.team_approved_by, request.team_approved_at = lead, at
        if request.route == Route.PSW:
            request.psw_approved_by, request.psw_approved_at = lead, at
    if item.path is PSW_OVER_ALLOWANCE:
        request.decision_reason = f"{request.peer_support_worker} has no hours left that month."
    elif item.time_of(Action.DECLINE):
        request.decision_reason = "This does not fit the team's priorities this quarter."


def events_for(item: Planned, *, people, generator) -> list[RequestEvent]:
    """The timeline the services write for each step (services/requests.py, services/invitations.py)."""
    request = item.request
    lead = people.leads[request.requesting_team_id]
    worker_user = request.peer_support_worker.user if request.peer_support_worker else None
    if not item.steps:
        return [
            RequestEvent(
                request=request,
                from_status="",
                to_status=Status.DRAFT,
                actor=request.requester,
                at=request.created_at,
                note="Draft saved",
            )
        ]
    events = []
    for (action, start, end), at in zip(item.steps, item.times, strict=True):
        actor, note = request.requester, ""
        if action == Action.SUBMIT:
            note = "Sent for approval"
        elif action in {Action.APPROVE, Action.DECLINE}:
            actor, note = lead, request.decision_reason if action == Action.DECLINE else ""
        elif action == OPENS:
            actor, note = None, OPEN_NOTE
        elif action == INVITE:
            actor = people.coordinators[request.pk % len(people.coordinators)]
            invited = len(item.invitations)
            note = f"Invited {invited} expert{'s' if invited != 1 else ''} by experience"
        elif action == FILL:
            actor, note = None, "Every place has been taken"
        elif action in {Action.CONFIRM, Action.PSW_DECLINE}:
            actor = worker_user
            note = f"{request.peer_support_worker} cannot take part" if action == Action.PSW_DECLINE else ""
        elif action == Action.CLOSE:
            note = generator.choice(CLOSE_NOTES)
        elif action in {Action.CANCEL, Action.WITHDRAW}:
            note = generator.choice(REASONS)
        elif action == Action.EXPIRE:
            actor, note = None, EXPIRED
        events.append(RequestEvent(request=request, from_status=start, to_status=end, actor=actor, at=at, note=note))
    return events


def notify(item: Planned, *, people, notices) -> None:
    """The request's notifications to staff, as its notification types record them (receipts of a
    person's own action are left out: they are emailed, never listed, and the outbox has sent them)."""
    request = item.request
    key = f"involvement.involvementrequest:{request.pk}"
    page = reverse("involvement:detail", args=[request.pk])
    lead = people.leads[request.requesting_team_id]
    for (action, _start, end), at in zip(item.steps, item.times, strict=True):
        title = request.title
        if action == Action.SUBMIT:
            notices.add(
                event="approval_needed",
                key=key,
                user=lead,
                subject=f"Approval needed: {title}",
                link=reverse("involvement:decide", args=[request.pk]),
                at=at,
            )
        elif action in {Action.APPROVE, Action.DECLINE}:
            word = "Declined" if end == Status.DECLINED else "Approved"
            notices.add(event="decision", key=key, user=request.requester, subject=f"{word}: {title}", link=page, at=at)
            if end == Status.APPROVED and request.route == Route.PSW:
                notices.add(
                    event="psw_requested",
                    key=key,
                    user=request.peer_support_worker.user,
                    subject=f"You have been asked to join: {title}",
                    link=page,
                    at=at,
                )
        elif action == Action.CONFIRM:
            notices.add(
                event="confirmed", key=key, user=request.requester, subject=f"Confirmed: {title}", link=page, at=at
            )
        elif action == FILL:
            notices.add(event="filled", key=key, user=request.requester, subject=f"Filled: {title}", link=page, at=at)
        elif action == Action.EXPIRE:
            notices.add(event="expired", key=key, user=request.requester, subject=f"Expired: {title}", link=page, at=at)
        elif action in {Action.CANCEL, Action.WITHDRAW}:
            word = "Cancelled" if action == Action.CANCEL else "Withdrawn"
            notices.add(event=str(end), key=key, user=lead, subject=f"{word}: {title}", link=page, at=at)


def areas_for(planned, *, generator) -> list:
    areas = list(LivedExperienceArea.objects.values_list("pk", flat=True))
    through = InvolvementRequest.lived_experience_areas.through
    return [
        through(involvementrequest_id=item.request.pk, livedexperiencearea_id=area)
        for item in planned
        for area in generator.sample(areas, min(len(areas), generator.randint(1, 2)))
    ]
