"""Feedback from experts by experience on the activities they took part in."""

from django.db import models
from django.utils import timezone


class FeedbackRating(models.IntegerChoices):
    VERY_GOOD = 5, "Very good"
    GOOD = 4, "Good"
    NEITHER = 3, "Neither good nor poor"
    POOR = 2, "Poor"
    VERY_POOR = 1, "Very poor"


class ActivityFeedback(models.Model):
    """One person's feedback on one activity they were booked on."""

    invitation = models.OneToOneField("Invitation", on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(choices=FeedbackRating.choices)
    felt_listened_to = models.BooleanField(null=True, blank=True)
    went_well = models.TextField(blank=True)
    could_be_better = models.TextField(blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-submitted_at", "-pk"]

    def __str__(self) -> str:
        return f"Feedback on {self.invitation}"
