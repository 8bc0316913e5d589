"""Invitations: experts by experience asked to join an open network request, and their answers."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .experts import ExpertByExperience


class InvitationStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    ACCEPTED = "accepted", "Coming"
    WAITING = "waiting", "On the waiting list"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"
    CALLED_OFF = "called_off", "Activity called off"


INVITATION_TAG_COLOURS = {
    InvitationStatus.INVITED: "blue",
    InvitationStatus.ACCEPTED: "green",
    InvitationStatus.WAITING: "yellow",
    InvitationStatus.DECLINED: "grey",
    InvitationStatus.WITHDRAWN: "grey",
    InvitationStatus.CALLED_OFF: "grey",
}


class Invitation(models.Model):
    """An expert by experience invited to an open network request, and their answer.

    Places fill in the order people accept; later acceptances wait in answer order.
    """

    request = models.ForeignKey("involvement.InvolvementRequest", on_delete=models.CASCADE, related_name="invitations")
    expert = models.ForeignKey(ExpertByExperience, on_delete=models.PROTECT, related_name="invitations")
    status = models.CharField(max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.INVITED)
    # The activity's date, kept here so matching counts bookings from this table's index alone.
    activity_date = models.DateField()
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["invited_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["request", "expert"], name="invite_once_per_request")]
        indexes = [
            models.Index(fields=["expert", "status", "activity_date"]),
            models.Index(fields=["request", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.expert} to {self.request}"

    @property
    def status_colour(self) -> str:
        return INVITATION_TAG_COLOURS[InvitationStatus(self.status)]
