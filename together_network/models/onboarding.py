"""Joining the network: applications, the onboarding checklist and consent."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .experts import ExpertByExperience


class OnboardingStep(models.TextChoices):
    """The checklist, in the order people usually go through it."""

    APPLICATION = "application", "Application received"
    CONVERSATION = "conversation", "Welcome conversation"
    INDUCTION = "induction", "Induction"
    AGREEMENT = "agreement", "Involvement agreement signed"
    TRAINING = "training", "Training"
    DBS = "dbs", "DBS check"


# Everyone needs these before they can be active; a DBS check only for activity types that need one.
REQUIRED_STEPS = (
    OnboardingStep.APPLICATION,
    OnboardingStep.CONVERSATION,
    OnboardingStep.INDUCTION,
    OnboardingStep.AGREEMENT,
    OnboardingStep.TRAINING,
)


class OnboardingRecord(models.Model):
    """One step of a person's onboarding done, when, and who recorded it."""

    expert = models.ForeignKey(ExpertByExperience, on_delete=models.CASCADE, related_name="onboarding")
    step = models.CharField(max_length=20, choices=OnboardingStep.choices)
    completed_on = models.DateField()
    note = models.CharField(max_length=300, blank=True, help_text="For a DBS check, the certificate's date or number.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["expert", "completed_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["expert", "step"], name="onboarding_step_once")]

    def __str__(self) -> str:
        return f"{self.get_step_display()} ({self.completed_on:%d %b %Y})"


class ConsentRecord(models.Model):
    """What a person agreed to, when, and when it is to be reviewed. The latest is their consent now.

    The person's `consent_given_on` and `consent_review_due` are kept in step with the latest
    record by the services, so matching reads them from the person's own row.
    """

    expert = models.ForeignKey(ExpertByExperience, on_delete=models.CASCADE, related_name="consents")
    given_on = models.DateField()
    review_due = models.DateField()
    contact_about_opportunities = models.BooleanField("to be contacted about involvement opportunities", default=True)
    keep_lived_experience = models.BooleanField(
        "to the network keeping their lived experience areas to match them with opportunities", default=True
    )
    share_name_when_booked = models.BooleanField(
        "to their name being shared with the requester of an activity they are booked on", default=True
    )
    quote_anonymously = models.BooleanField(
        "to their feedback being quoted without their name in reports", default=False
    )
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["expert", "-given_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(review_due__gt=models.F("given_on")), name="consent_review_later")
        ]

    def __str__(self) -> str:
        return f"Consent given {self.given_on:%d %b %Y}, review by {self.review_due:%d %b %Y}"


class ApplicationLink(models.Model):
    """A single-use link a coordinator sends so someone can apply to join the network themselves."""

    email = models.EmailField()
    full_name = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)
    expert = models.OneToOneField(
        ExpertByExperience, on_delete=models.SET_NULL, null=True, blank=True, related_name="application_link"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Application link for {self.email}"
