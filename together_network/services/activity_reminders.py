"""Reminders before an activity: two days before each session, and on the morning of it.

They live in the Together network because they read both sides: the request (involvement) and the
experts with a place (the network); the job is `together_network.activity_reminders`.

Who: the requester, the peer support worker of a confirmed PSW request, and every expert by
experience with a place (accepted, not waiting, withdrawn or called off). A request that was
withdrawn, cancelled, expired or declined is no longer going ahead, so nobody hears about it.

The job runs early each morning (07:00, Europe/London): "the morning of" is that run, so a
session starting before 7am gets its reminder only two days before. Each reminder's object key
names the session's day, so each session of a multi-session activity gets its own two, and a
second run (or a rerun after a failed one) tells nobody twice.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from involvement.models import InvolvementRequest, Status
from involvement.services.reminders.common import already_told, each_on_its_own, still_to_tell
from notifications.services import Recipient
from together_network.models import ExpertStatus, Invitation, InvitationStatus
from together_network.notification_types import ActivityInTwoDays, ActivityToday, expert_recipient

IN_TWO_DAYS = ActivityInTwoDays.slug
TODAY = ActivityToday.slug
REMINDERS = {IN_TWO_DAYS: ActivityInTwoDays, TODAY: ActivityToday}
# How many days ahead each reminder looks.
WINDOWS = {TODAY: 0, IN_TWO_DAYS: 2}
# Requests whose activity is going ahead. An open request that never fills expires on its
# closing date (which is on or before the activity), and then drops out of this list.
GOING_AHEAD = [Status.OPEN, Status.FILLED, Status.CONFIRMED]


@dataclass(frozen=True)
class Session:
    date: datetime.date
    start_time: datetime.time
    duration_minutes: int
    number: int
    of: int


def sessions_of(request: InvolvementRequest) -> list[Session]:
    """The request's own date, then its further sessions (prefetched), numbered in order."""
    rows = [(request.activity_date, request.start_time, request.duration_minutes)]
    rows += [(session.date, session.start_time, session.duration_minutes) for session in request.further_sessions.all()]
    rows.sort(key=lambda row: (row[0], row[1]))
    return [Session(*row, number=number, of=len(rows)) for number, row in enumerate(rows, start=1)]


def session_key(request: InvolvementRequest, session: Session) -> str:
    return f"involvement.involvementrequest:{request.pk}:session:{session.date:%Y-%m-%d}"


def requests_with_sessions_on(days) -> "list[InvolvementRequest]":
    """Requests going ahead with a session on one of `days`, with everyone taking part (three queries)."""
    places = (
        Invitation.objects.filter(status=InvitationStatus.ACCEPTED)
        .exclude(expert__status=ExpertStatus.LEFT)
        .filter(expert__anonymised_at__isnull=True)
        .select_related("expert__user")
        .order_by("answered_at", "pk")
    )
    return list(
        InvolvementRequest.objects.filter(status__in=GOING_AHEAD)
        .filter(Q(activity_date__in=days) | Q(further_sessions__date__in=days))
        .distinct()
        .select_related("activity_type", "requester", "peer_support_worker__user")
        .prefetch_related("further_sessions", Prefetch("invitations", queryset=places, to_attr="places"))
        .order_by("activity_date", "pk")
    )


def _peer_support_worker(request: InvolvementRequest) -> list:
    """The PSW of a confirmed request: their login, or the email on their record."""
    if not (request.is_psw_request and request.status == Status.CONFIRMED):
        return []
    worker = request.peer_support_worker
    if worker.user_id:
        return [worker.user]
    return [Recipient(email=worker.email, name=worker.full_name)] if worker.email else []


def _experts(request: InvolvementRequest) -> list[Recipient]:
    return [expert_recipient(place.expert) for place in request.places]


def activity_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind everyone taking part in a session two days ahead, or today. Returns messages written."""
    today = today or timezone.localdate()
    event_on = {today + datetime.timedelta(days=ahead): event for event, ahead in WINDOWS.items()}
    requests = requests_with_sessions_on(list(event_on))
    due = [
        (request, session, event_on[session.date])
        for request in requests
        for session in sessions_of(request)
        if session.date in event_on
    ]
    told = already_told(events=WINDOWS, object_keys={session_key(request, session) for request, session, _ in due})
    sent = 0
    for request, session, event in due:
        key = session_key(request, session)
        experts = _experts(request)
        worker = _peer_support_worker(request)
        if not experts and not worker:
            continue  # nobody has a place yet: nothing is happening to remind anyone of
        groups = [
            # (who, audience): experts without a login have no portal to go to, so they get no link.
            ([request.requester], "requester"),
            (worker, "worker"),
            ([expert for expert in experts if expert.user], "expert"),
            ([expert for expert in experts if not expert.user], "expert"),
        ]
        to_tell = [
            (recipients, audience)
            for people, audience in groups
            if (recipients := still_to_tell(people, event=event, object_key=key, told=told))
        ]
        if not to_tell:
            continue  # told already: a second run writes nothing
        with each_on_its_own("Activity reminders", request.pk), transaction.atomic():
            for recipients, audience in to_tell:
                reminder = REMINDERS[event](
                    request=request,
                    session=session,
                    audience=audience,
                    to=recipients,
                    window=key,
                    places_taken=len(experts),
                    worker=request.peer_support_worker if worker else None,
                )
                sent += len(reminder.send())
    return sent
