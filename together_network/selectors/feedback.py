"""Reads for feedback, debriefs and "you said, we did": each page's figures in a fixed number of queries.

Feedback comments are shown without names to anyone but coordinators. Anywhere else (the
network's summary, a request's page for its requester), a comment is quoted only when the
person's latest consent lets the network quote their feedback without their name; the rest count
in the figures only. On a request's page, comments are quoted only when at least
MIN_FEEDBACK_TO_QUOTE people gave feedback: with fewer, "without your name" would not hide who said it.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import CharField, Count, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat, TruncMonth
from django.utils import timezone

from involvement.models import FurtherSession, InvolvementRequest, RequestOutcome, Route
from notifications.models import Notification
from together_network.models import Invitation, InvitationStatus

from ..models import ActivityFeedback, Attendance, ExpertStatus, FeedbackRating
from .consent import latest_consent

SUMMARY_DAYS = 365
RECENT_SHOWN = 20
# The job asks about activities that ended in this many days before today, not older ones.
ASK_WITHIN_DAYS = 60
FEEDBACK_REQUESTED = "network_feedback_requested"

LISTENED_CHOICES = [("yes", "Yes"), ("no", "No"), ("not_sure", "Not sure")]
LISTENED_VALUES = {"yes": True, "no": False, "not_sure": None}
# The fewest people whose feedback on one activity lets its requester read any of their comments.
MIN_FEEDBACK_TO_QUOTE = 3


# --- One activity ------------------------------------------------------------------------------


def activity_last_day(request: InvolvementRequest) -> datetime.date:
    """The day an activity ends: its last further session, or its own date (uses the prefetch)."""
    return max([request.activity_date, *(session.date for session in request.further_sessions.all())])


def feedback_refusal(invitation: Invitation, *, today: datetime.date | None = None) -> str | None:
    """Why this person cannot give feedback on this activity now, in plain words; None when they can.

    Reads the invitation's request (with further sessions), attendance and feedback, which the
    portal's selector joins.
    """
    today = today or timezone.localdate()
    if invitation.status != InvitationStatus.ACCEPTED:
        return "You can only give feedback on an activity you had a place at."
    if activity_last_day(invitation.request) >= today:
        return "You can give feedback from the day after the activity."
    if _has(invitation, "feedback"):
        return "You have already given feedback on this activity. Thank you."
    attendance = _get(invitation, "attendance")
    if attendance is not None and not attendance.attended:
        return (
            "Our records say you did not take part in this activity. If that is wrong, "
            "please tell the Together network team."
        )
    return None


def _get(invitation: Invitation, name: str):
    try:
        return getattr(invitation, name)
    except (ActivityFeedback.DoesNotExist, Attendance.DoesNotExist):
        return None


def _has(invitation: Invitation, name: str) -> bool:
    return _get(invitation, name) is not None


def invitation_for_feedback(*, invitation_id: int) -> Invitation | None:
    return (
        Invitation.objects.select_related("expert", "request__activity_type", "attendance", "feedback")
        .prefetch_related("request__further_sessions")
        .filter(pk=invitation_id)
        .first()
    )


# --- Feedback on one request (its page) ---------------------------------------------------------------


@dataclass
class RequestFeedback:
    """The feedback on one request, counted by rating, with the comments its reader may see.

    `everything` (coordinators): every comment. Anyone else: only with MIN_FEEDBACK_TO_QUOTE people
    or more, and only the comments of people whose current consent lets them be quoted (`may_quote`).
    """

    entries: list[ActivityFeedback]
    everything: bool = False
    by_rating: list[tuple[str, int]] = field(default_factory=list)
    listened: list[tuple[str, int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.entries)

    @property
    def all_comments(self) -> list[ActivityFeedback]:
        return [entry for entry in self.entries if entry.went_well or entry.could_be_better]

    @property
    def comments(self) -> list[ActivityFeedback]:
        if self.everything:
            return self.all_comments
        if self.total < MIN_FEEDBACK_TO_QUOTE:
            return []
        return [entry for entry in self.all_comments if entry.may_quote]

    @property
    def comments_withheld(self) -> str:
        """Why some comments are not shown, in one plain sentence ("" when none are held back)."""
        if len(self.comments) == len(self.all_comments):
            return ""
        if self.total < MIN_FEEDBACK_TO_QUOTE:
            return (
                f"Comments are shown only when at least {MIN_FEEDBACK_TO_QUOTE} people have given feedback, "
                "so that no one can be recognised from what they said."
            )
        return "Comments are shown only from people who agreed to be quoted without their name."


def request_feedback(*, request: InvolvementRequest, everything: bool = False) -> RequestFeedback:
    """Everyone's feedback on this request, newest first, in one query. `everything` for coordinators."""
    entries = list(
        ActivityFeedback.objects.filter(invitation__request=request)
        .select_related("invitation__expert")
        .annotate(may_quote=latest_consent("quote_anonymously", expert="invitation__expert"))
        .order_by("-submitted_at", "-pk")
    )
    return RequestFeedback(
        entries=entries,
        everything=everything,
        by_rating=[
            (label, sum(1 for entry in entries if entry.rating == value)) for value, label in FeedbackRating.choices
        ],
        listened=[
            (label, sum(1 for entry in entries if entry.felt_listened_to is LISTENED_VALUES[key]))
            for key, label in LISTENED_CHOICES
        ],
    )


# --- The network's summary -------------------------------------------------------------------------------


def network_feedback_summary(*, today: datetime.date | None = None) -> dict:
    """Ratings and "felt listened to" over the last 12 months, by month, recent comments that may be
    quoted, and the latest "you said, we did". Four queries, whatever the numbers."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=SUMMARY_DAYS)
    in_window = ActivityFeedback.objects.filter(invitation__activity_date__range=(since, today))
    has_comment = ~Q(went_well="") | ~Q(could_be_better="")
    may_quote = latest_consent("quote_anonymously", expert="invitation__expert")
    quotable = in_window.annotate(may_quote=may_quote).filter(has_comment, may_quote=True)
    figures = in_window.annotate(may_quote=may_quote).aggregate(
        total=Count("pk"),
        quotable=Count("pk", filter=has_comment & Q(may_quote=True)),
        listened_yes=Count("pk", filter=Q(felt_listened_to=True)),
        listened_no=Count("pk", filter=Q(felt_listened_to=False)),
        listened_not_sure=Count("pk", filter=Q(felt_listened_to__isnull=True)),
        commented=Count("pk", filter=has_comment),
        **{f"rating_{value}": Count("pk", filter=Q(rating=value)) for value in FeedbackRating.values},
    )
    total = figures["total"]
    ratings = [
        {"label": label, "count": figures[f"rating_{value}"], "share": _share(figures[f"rating_{value}"], total)}
        for value, label in FeedbackRating.choices
    ]
    listened = [
        {"label": label, "count": figures[f"listened_{key}"], "share": _share(figures[f"listened_{key}"], total)}
        for key, label in LISTENED_CHOICES
    ]
    by_month = list(
        in_window.annotate(month=TruncMonth("invitation__activity_date"))
        .values("month")
        .annotate(
            responses=Count("pk"),
            good=Count("pk", filter=Q(rating__gte=FeedbackRating.GOOD)),
            listened=Count("pk", filter=Q(felt_listened_to=True)),
        )
        .order_by("month")
    )
    for month in by_month:
        month["good_share"] = _share(month["good"], month["responses"])
        month["listened_share"] = _share(month["listened"], month["responses"])
    comments = list(
        quotable.select_related("invitation__request__activity_type").order_by("-submitted_at", "-pk")[:RECENT_SHOWN]
    )
    outcomes = list(
        RequestOutcome.objects.filter(request__route=Route.NETWORK)
        .select_related("request__activity_type", "request__requesting_team")
        .order_by("-recorded_at", "-pk")[:RECENT_SHOWN]
    )
    return {
        "since": since,
        "total": total,
        "ratings": ratings,
        "listened": listened,
        "by_month": by_month,
        "comments": comments,
        "comments_not_quoted": figures["commented"] - figures["quotable"],
        "outcomes": outcomes,
    }


def _share(part: int, whole: int) -> int:
    """A whole-number percentage (0 when there is nothing to share)."""
    return round(100 * part / whole) if whole else 0


# --- Debriefs ---------------------------------------------------------------------------------------


def debriefs_for(*, request: InvolvementRequest) -> list[Attendance]:
    """The attendance recorded for a request's people, with who they are, by name."""
    return list(
        Attendance.objects.filter(invitation__request=request)
        .select_related("invitation__expert")
        .order_by("invitation__expert__full_name", "pk")
    )


# --- Asking for feedback -----------------------------------------------------------------------------


def feedback_requests_due(*, today: datetime.date | None = None) -> QuerySet[Invitation]:
    """People who came to an activity that has ended (yesterday or earlier, within the last 60 days),
    have not given feedback and have not been asked yet."""
    today = today or timezone.localdate()
    object_key = Concat(Value("together_network.invitation:"), Cast("pk", output_field=CharField()))
    asked = Notification.objects.filter(event=FEEDBACK_REQUESTED, object_key=OuterRef("object_key"))
    later_session = FurtherSession.objects.filter(request=OuterRef("request"), date__gte=today)
    return (
        Invitation.objects.filter(
            status=InvitationStatus.ACCEPTED,
            attendance__attended=True,
            activity_date__range=(today - datetime.timedelta(days=ASK_WITHIN_DAYS), today - datetime.timedelta(days=1)),
            feedback__isnull=True,
            expert__anonymised_at__isnull=True,
        )
        .exclude(expert__status=ExpertStatus.LEFT)
        .exclude(Exists(later_session))
        .annotate(object_key=object_key)
        .exclude(Exists(asked))
        .select_related("expert__user", "request")
        .order_by("pk")
    )
