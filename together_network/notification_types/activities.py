"""Around an activity: reminders before each session, feedback and debriefs after it."""

from dataclasses import dataclass

from django.urls import reverse

from involvement.models import InvolvementRequest
from involvement.notification_types import request_page
from notifications.types import NotificationType, as_recipient

from ..models import Attendance
from .common import expert_recipient, portal_page
from .invitations import ToTheInvited

# --- Reminders before an activity (services/activity_reminders.py) ----------------------------------------


@dataclass(kw_only=True)
class ActivityReminder(NotificationType):
    """One session's reminder to one group: the requester, the peer support worker, or experts by
    experience (with a login, linked to their portal; without, no link). The job finds who is still
    to tell (`to`) and names the session's day (`window`)."""

    sent_to = "the requester; the peer support worker of a confirmed request; every expert by experience with a place"
    request: InvolvementRequest
    session: object  # activity_reminders.Session
    audience: str  # "requester", "worker" or "expert"
    to: list
    window: str
    places_taken: int = 0
    worker: object = None  # the peer support worker of a confirmed request

    def recipients(self) -> list:
        return self.to

    def object_key(self) -> str:
        return self.window

    @property
    def when(self) -> str:
        raise NotImplementedError

    def subject(self) -> str:
        return f"Reminder: {self.request.title} {self.when}"

    def context(self) -> dict:
        return {
            "request": self.request,
            "session": self.session,
            "audience": self.audience,
            "places_taken": self.places_taken,
            "worker": self.worker,
        }

    def link(self) -> str:
        if self.audience == "requester":
            return request_page(self.request)
        if self.audience == "worker":
            return request_page(self.request) if self.request.peer_support_worker.user_id else ""
        with_login = all(as_recipient(person).user is not None for person in self.to)
        return portal_page() if with_login else ""


@dataclass(kw_only=True)
class ActivityInTwoDays(ActivityReminder):
    slug = "activity_in_two_days"
    title = "Reminder: an activity in two days"

    @property
    def when(self) -> str:
        day = self.session.date
        return f"on {day:%A} {day.day} {day:%B}"


@dataclass(kw_only=True)
class ActivityToday(ActivityReminder):
    slug = "activity_today"
    title = "Reminder: an activity today"

    @property
    def when(self) -> str:
        return "today"


# --- After an activity: feedback and debriefs -------------------------------------------------------------


@dataclass(kw_only=True)
class FeedbackRequested(ToTheInvited):
    slug = "network_feedback_requested"
    title = "How was it? (feedback after an activity)"
    sent_to = "each expert by experience who came"

    def subject(self) -> str:
        return f"How was it? {self.invitation.request.title}"

    def link(self) -> str:
        return reverse("together_network:give_feedback", args=[self.invitation.pk])


@dataclass(kw_only=True)
class DebriefOffered(NotificationType):
    slug = "network_debrief_offered"
    title = "A debrief is offered after an activity"
    sent_to = "the expert by experience who came"
    attendance: Attendance
    coordinator: object

    def recipients(self) -> list:
        return [expert_recipient(self.attendance.invitation.expert)]

    def about(self) -> Attendance:
        return self.attendance

    def subject(self) -> str:
        return f"Would you like a debrief? {self.attendance.invitation.request.title}"

    def context(self) -> dict:
        return {"request": self.attendance.invitation.request, "coordinator": self.coordinator}

    def link(self) -> str:
        return portal_page()
