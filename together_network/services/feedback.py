"""Wellbeing and feedback after an activity: the person's feedback, debriefs, and asking for feedback.

A person gives feedback once per activity they had a place at, from the day after it ends. A
coordinator can offer a debrief to anyone who came, and record that it happened with only what
the person agreed to have recorded. A daily job asks people who came for their feedback, once.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from together_network.models import Invitation

from ..models import ActivityFeedback, Attendance, FeedbackRating
from ..notification_types import DebriefOffered, FeedbackRequested
from ..selectors.feedback import feedback_refusal, feedback_requests_due
from .portal import refuse

NOTE_LIMIT = 500


# --- Feedback from the person -----------------------------------------------------------------------


@transaction.atomic
def feedback_give(
    *,
    invitation: Invitation,
    by,
    rating: int,
    felt_listened_to: bool | None,
    went_well: str = "",
    could_be_better: str = "",
) -> ActivityFeedback:
    """The person's feedback on an activity they had a place at. Once only."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("expert", "request", "attendance", "feedback")
        .prefetch_related("request__further_sessions")
        .get(pk=invitation.pk)
    )
    if by is None or invitation.expert.user_id != by.pk:
        raise refuse("You can only give feedback on your own activities.")
    refusal = feedback_refusal(invitation)
    if refusal:
        raise refuse(refusal)
    if rating not in FeedbackRating.values:
        raise refuse("Choose how the activity was for you.")
    try:
        with transaction.atomic():
            return ActivityFeedback.objects.create(
                invitation=invitation,
                rating=rating,
                felt_listened_to=felt_listened_to,
                went_well=went_well.strip(),
                could_be_better=could_be_better.strip(),
            )
    except IntegrityError as twice:  # sent from two tabs at once
        raise refuse("You have already given feedback on this activity. Thank you.") from twice


def feedback_requests_send(*, today: datetime.date | None = None) -> int:
    """Ask everyone who came to an activity that has ended for their feedback, once each.

    The outbox's unique key (event, person, invitation) makes running it twice harmless; the
    selector leaves out people already asked, so a day's run only renders new messages.
    """
    sent = 0
    for invitation in feedback_requests_due(today=today):
        with transaction.atomic():
            sent += len(FeedbackRequested(invitation=invitation).send())
    return sent


# --- Debriefs (coordinators) --------------------------------------------------------------------------


def _locked_attendance(attendance: Attendance) -> Attendance:
    return (
        Attendance.objects.select_for_update(of=("self",))
        .select_related("invitation__expert__user", "invitation__request")
        .get(pk=attendance.pk)
    )


@transaction.atomic
def debrief_offer(*, attendance: Attendance, by) -> Attendance:
    """Offer someone who came a debrief: a short, private conversation about how it went for them."""
    attendance = _locked_attendance(attendance)
    if not attendance.attended:
        raise refuse("A debrief can only be offered to someone who came.")
    if attendance.debrief_offered_at is not None:
        raise refuse(f"A debrief was already offered on {timezone.localtime(attendance.debrief_offered_at):%-d %B %Y}.")
    attendance.debrief_offered_at = timezone.now()
    attendance.save(update_fields=["debrief_offered_at"])
    DebriefOffered(attendance=attendance, coordinator=by).send(actor=by)
    return attendance


@transaction.atomic
def debrief_record(*, attendance: Attendance, by, held_on: datetime.date, note: str = "") -> Attendance:
    """Record that a debrief happened, with only what the person agreed to have recorded."""
    attendance = _locked_attendance(attendance)
    note = (note or "").strip()
    if not attendance.attended:
        raise refuse("A debrief can only be recorded for someone who came.")
    if held_on > timezone.localdate():
        raise refuse_field("held_on", "The date of the debrief must be today or in the past")
    if held_on < attendance.invitation.request.activity_date:
        raise refuse_field(
            "held_on",
            f"The date of the debrief must be on or after the activity "
            f"({attendance.invitation.request.activity_date:%-d %B %Y})",
        )
    if len(note) > NOTE_LIMIT:
        raise refuse_field("note", f"The note must be {NOTE_LIMIT} characters or fewer")
    attendance.debrief_held_on = held_on
    attendance.debrief_note = note
    attendance.save(update_fields=["debrief_held_on", "debrief_note"])
    return attendance


def refuse_field(field: str, message: str) -> ValidationError:
    return ValidationError({field: message})
