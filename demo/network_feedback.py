"""Demo activities after the fact: feedback, "you said, we did", a debrief offered and one held, and
the demo expert's portal with a past activity to give feedback on and an invitation with content notes.

Made through the services where a person would act (requests, invitations, attendance, debriefs,
outcomes); feedback from people without a login is written directly. Idempotent: it does nothing
once its first activity exists. Runs after the involvement demo (it needs the demo's people and teams).
"""

import datetime

from django.utils import timezone

from demo.involvement import avoiding_bank_holidays
from involvement.models import ActivityType, InvolvementRequest, Mode, Payment
from involvement.services import outcomes
from involvement.services import requests as request_services
from together_network.models import (
    ActivityFeedback,
    Attendance,
    ConsentRecord,
    ExpertByExperience,
    FeedbackRating,
    Invitation,
)
from together_network.selectors.matching import ranked_experts
from together_network.services import feedback as feedback_services
from together_network.services import invitations
from together_network.services import payments as payment_services
from workforce.models import Team

LEAFLET = "Co-designing the carers' leaflet"
PANEL = "Ward manager interview panel"
LISTENING = "Listening event on restrictive practice"
RESTRICTIVE_PRACTICE_NOTES = (
    "We will talk about restraint and seclusion on wards, which some people find distressing. "
    "You can take a break or leave at any time, and a coordinator will be there to talk afterwards."
)
COMMENTS = [
    (FeedbackRating.VERY_GOOD, True, "Everyone's ideas were written up on the board.", ""),
    (FeedbackRating.GOOD, True, "Clear papers sent a week before.", "The room was hard to find."),
    (FeedbackRating.NEITHER, None, "", "We ran out of time for the last section."),
]


def seed(*, requester, team_lead, coordinator, expert_user=None) -> None:
    if InvolvementRequest.objects.filter(title=LEAFLET).exists():
        return
    today = timezone.localdate()
    eve = ExpertByExperience.objects.filter(user=expert_user).first() if expert_user else None
    team = Team.objects.get(name="North Community Team")

    def request(title: str, *, kind: str, days: int, places: int, content_notes: str = "") -> InvolvementRequest:
        activity_date = avoiding_bank_holidays(today + datetime.timedelta(days=days), later=days >= 0)
        created = request_services.request_create(
            by=requester,
            fields={
                "title": title,
                "activity_type": ActivityType.objects.get(name=kind),
                "requesting_team": team,
                "description": f"{title}. We want people with lived experience to shape this from the start.",
                "content_notes": content_notes,
                "activity_date": activity_date,
                "start_time": datetime.time(10, 0),
                "duration_minutes": 120,
                "mode": Mode.ONLINE,
                "places_needed": places,
                # Voluntary: the payments demo keeps the claims; these need no rate card.
                "payment": Payment.VOLUNTARY,
                "closing_date": max(today, activity_date - datetime.timedelta(days=5)),
            },
        )
        request_services.request_submit(request_id=created.pk, by=requester, allow_past_dates=True)
        request_services.request_approve(request_id=created.pk, by=team_lead, allow_past_dates=True)
        return created

    def book(activity: InvolvementRequest, people: list[ExpertByExperience]) -> list[Invitation]:
        sent = invitations.invitations_send(request_id=activity.pk, expert_ids=[p.pk for p in people], by=coordinator)
        for invitation in sent:
            invitations.invitation_accept(invitation_id=invitation.pk)
        # Answers closed three days before the activity, as they would have.
        InvolvementRequest.objects.filter(pk=activity.pk, activity_date__lt=today).update(
            closing_date=activity.activity_date - datetime.timedelta(days=3)
        )
        return sent

    def others(activity: InvolvementRequest, count: int) -> list[ExpertByExperience]:
        return [person for person in ranked_experts(request=activity) if person.user_id is None][:count]

    # 1. Done and closed: everyone gave feedback, the requester said what changed, two debriefs.
    leaflet = request(LEAFLET, kind="Document review", days=-45, places=3)
    people = others(leaflet, 3 if eve is None else 2) + ([eve] if eve else [])
    booked = book(leaflet, people)
    _attended(leaflet, booked, by=coordinator, requester=requester)
    for invitation, (rating, listened, went_well, better) in zip(booked, COMMENTS, strict=False):
        ActivityFeedback.objects.create(
            invitation=invitation,
            rating=rating,
            felt_listened_to=listened,
            went_well=went_well,
            could_be_better=better,
            submitted_at=timezone.now() - datetime.timedelta(days=40),
        )
    # Two of them agreed, with their latest consent, to be quoted without their name.
    for invitation in booked[:2]:
        latest = ConsentRecord.objects.filter(expert=invitation.expert).order_by("-given_on", "-pk").first()
        if latest is not None:
            ConsentRecord.objects.filter(pk=latest.pk).update(quote_anonymously=True)
    outcomes.outcome_record(
        request_id=leaflet.pk,
        by=requester,
        what_changed="You said the leaflet used too much jargon and hid the crisis number. We rewrote it in plain "
        "English with the crisis number on the front, and carers checked the new version.",
    )
    request_services.request_close(request_id=leaflet.pk, by=requester, note="Leaflet reprinted.")
    came = list(Attendance.objects.filter(invitation__in=booked).select_related("invitation").order_by("pk"))
    someone = next(attendance for attendance in came if attendance.invitation.expert_id != getattr(eve, "pk", None))
    feedback_services.debrief_offer(attendance=someone, by=coordinator)
    feedback_services.debrief_record(
        attendance=someone, by=coordinator, held_on=today - datetime.timedelta(days=40), note="No follow-up needed."
    )
    for attendance in came:
        if attendance.invitation.expert_id == getattr(eve, "pk", None):
            feedback_services.debrief_offer(attendance=attendance, by=coordinator)  # offered, not yet taken up
    # The offers were made the day after the activity, as they would have been.
    Attendance.objects.filter(pk__in=[attendance.pk for attendance in came], debrief_offered_at__isnull=False).update(
        debrief_offered_at=timezone.now() - datetime.timedelta(days=44)
    )

    # 2. Done last week: the demo expert has not given feedback yet.
    panel = request(PANEL, kind="Interview panel", days=-5, places=2)
    booked = book(panel, others(panel, 1) + ([eve] if eve else []))
    _attended(panel, booked, by=coordinator, requester=requester)

    # 3. Coming up, with content notes: the demo expert's invitation to answer.
    listening = request(LISTENING, kind="Focus group", days=20, places=4, content_notes=RESTRICTIVE_PRACTICE_NOTES)
    invitations.invitations_send(
        request_id=listening.pk,
        expert_ids=[person.pk for person in others(listening, 3)] + ([eve.pk] if eve else []),
        by=coordinator,
    )


def _attended(activity: InvolvementRequest, booked: list[Invitation], *, by, requester) -> None:
    """The requester marks it done; the coordinator records that everyone came, for the full two hours."""
    request_services.request_complete(request_id=activity.pk, by=requester)
    activity.refresh_from_db()
    payment_services.attendance_record(
        request=activity,
        entries=[payment_services.AttendanceEntry(invitation.pk, True, 120) for invitation in booked],
        by=by,
    )
