"""Involvement requests: what staff ask for, who approves it, and how it moves along.

A request's status changes only through involvement/services/requests.py, which checks who is acting
and from which state, and appends a RequestEvent: the request's timeline.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone


class ActivityType(models.Model):
    """A managed list: interview panel, focus group, co-production, ..."""

    name = models.CharField(max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(default=100)
    needs_dbs = models.BooleanField(
        "needs a DBS check",
        default=False,
        help_text="Only experts by experience with a DBS check recorded are matched for activities of this type.",
    )

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class LivedExperienceArea(models.Model):
    """A managed list: the lived experience a request can ask for and an expert by experience can offer."""

    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Skill(models.Model):
    """A managed list: skills for involvement work (interviewing, reviewing documents, ...)."""

    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Route(models.TextChoices):
    NETWORK = "network", "Together network (experts by experience)"
    PSW = "psw", "A peer support worker"


class Mode(models.TextChoices):
    ONLINE = "online", "Online"
    IN_PERSON = "in_person", "In person"


class Payment(models.TextChoices):
    PAID = "paid", "Paid"
    VOLUNTARY = "voluntary", "Voluntary"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Waiting for approval"
    APPROVED = "approved", "Approved"
    OPEN = "open", "Open for experts by experience"
    FILLED = "filled", "Filled"
    CONFIRMED = "confirmed", "Confirmed by the peer support worker"
    COMPLETED = "completed", "Completed"
    CLOSED = "closed", "Closed"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"
    CANCELLED = "cancelled", "Cancelled"
    EXPIRED = "expired", "Expired"
    REDIRECTED = "redirected", "Sent to the Together network"


# NHS.UK tag colour for each status.
STATUS_TAG_COLOURS = {
    Status.DRAFT: "grey",
    Status.SUBMITTED: "blue",
    Status.APPROVED: "aqua-green",
    Status.OPEN: "aqua-green",
    Status.FILLED: "green",
    Status.CONFIRMED: "green",
    Status.COMPLETED: "white",
    Status.CLOSED: "white",
    Status.DECLINED: "red",
    Status.WITHDRAWN: "grey",
    Status.CANCELLED: "red",
    Status.EXPIRED: "orange",
    Status.REDIRECTED: "purple",
}

# A PSW's hours count against their allowance once their team lead has approved them,
# until the request leaves by one of these doors.
RELEASED_STATUSES = {Status.DECLINED, Status.WITHDRAWN, Status.CANCELLED, Status.EXPIRED, Status.REDIRECTED}


class InvolvementRequest(models.Model):
    title = models.CharField(max_length=200)
    activity_type = models.ForeignKey(ActivityType, on_delete=models.PROTECT, related_name="requests")
    requesting_team = models.ForeignKey("workforce.Team", on_delete=models.PROTECT, related_name="involvement_requests")
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="involvement_requests"
    )
    description = models.TextField()
    content_notes = models.TextField(
        blank=True,
        help_text="Topics that may be hard for someone with lived experience, so people can choose with care.",
    )
    activity_date = models.DateField()
    start_time = models.TimeField()
    duration_minutes = models.PositiveSmallIntegerField()
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.ONLINE)
    location = models.CharField(max_length=200, blank=True)
    places_needed = models.PositiveSmallIntegerField(default=1)
    lived_experience_areas = models.ManyToManyField(LivedExperienceArea, blank=True, related_name="requests")
    skills = models.ManyToManyField(Skill, blank=True, related_name="requests")
    payment = models.CharField(max_length=10, choices=Payment.choices, default=Payment.PAID)
    rate_level = models.CharField(
        "rate",
        max_length=10,
        choices=[("standard", "Standard"), ("enhanced", "Enhanced (more preparation or responsibility)")],
        default="standard",
        help_text="Which of the rate card's rates paid experts by experience are paid at.",
    )
    closing_date = models.DateField(help_text="The last day people can answer.")

    route = models.CharField(max_length=10, choices=Route.choices, default=Route.NETWORK)
    peer_support_worker = models.ForeignKey(
        "workforce.PeerSupportWorker", on_delete=models.PROTECT, null=True, blank=True, related_name="requests"
    )
    psw_reason = models.TextField(blank=True)
    psw_hours = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    team_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    team_approved_at = models.DateTimeField(null=True, blank=True)
    psw_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    psw_approved_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["requesting_team", "status"]),
            models.Index(fields=["peer_support_worker", "activity_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(route="network") | models.Q(peer_support_worker__isnull=False),
                name="psw_route_names_a_psw",
            ),
            models.CheckConstraint(condition=models.Q(places_needed__gte=1), name="at_least_one_place"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_psw_request(self) -> bool:
        return self.route == Route.PSW

    @property
    def status_colour(self) -> str:
        return STATUS_TAG_COLOURS[Status(self.status)]

    @property
    def duration_hours(self) -> Decimal:
        return (Decimal(self.duration_minutes) / 60).quantize(Decimal("0.1"))


class RequestEvent(models.Model):
    """Append-only: every change of a request's status, who made it, when and why."""

    request = models.ForeignKey(InvolvementRequest, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.request}: {self.from_status or 'new'} → {self.to_status}"


class FurtherSession(models.Model):
    """A second, third, ... session of the same activity (the first is on the request itself)."""

    request = models.ForeignKey(InvolvementRequest, on_delete=models.CASCADE, related_name="further_sessions")
    date = models.DateField()
    start_time = models.TimeField()
    duration_minutes = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["date", "start_time", "pk"]

    def __str__(self) -> str:
        return f"{self.request}: {self.date} {self.start_time}"


class RequestOutcome(models.Model):
    """What changed because of the involvement ("you said, we did"), recorded by the requester."""

    request = models.OneToOneField(InvolvementRequest, on_delete=models.CASCADE, related_name="outcome")
    what_changed = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"What changed: {self.request}"
