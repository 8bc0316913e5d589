"""Attendance, the trust's rate card, payment claims and expenses. Money is Decimal, never float."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

from .experts import ExpertByExperience


class RateLevel(models.TextChoices):
    STANDARD = "standard", "Standard"
    ENHANCED = "enhanced", "Enhanced (more preparation or responsibility)"


class RateUnit(models.TextChoices):
    HOUR = "hour", "Per hour"
    HALF_DAY = "half_day", "Per half day (up to 4 hours)"
    DAY = "day", "Per day (over 4 hours)"


class Rate(models.Model):
    """One line of the trust's rate card. A claim uses the lines in force on the activity's date,
    so old claims keep old rates. No activity type means the line applies to every type that has
    none of its own."""

    activity_type = models.ForeignKey(
        "involvement.ActivityType", on_delete=models.PROTECT, null=True, blank=True, related_name="rates"
    )
    level = models.CharField(max_length=10, choices=RateLevel.choices, default=RateLevel.STANDARD)
    unit = models.CharField(max_length=10, choices=RateUnit.choices)
    amount = models.DecimalField(max_digits=8, decimal_places=2)
    effective_from = models.DateField()
    effective_until = models.DateField(null=True, blank=True, help_text="Leave empty while the rate stands.")

    class Meta:
        ordering = ["activity_type__name", "level", "unit", "-effective_from"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="rate_amount_positive"),
            models.CheckConstraint(
                condition=models.Q(effective_until__isnull=True)
                | models.Q(effective_until__gte=models.F("effective_from")),
                name="rate_until_after_from",
            ),
        ]

    def __str__(self) -> str:
        what = self.activity_type.name if self.activity_type_id else "Any activity"
        return f"{what}, {self.get_level_display().lower()}, £{self.amount} {self.get_unit_display().lower()}"


class Attendance(models.Model):
    """Whether a booked expert by experience came, for how long, and any debrief offered after."""

    invitation = models.OneToOneField(
        "together_network.Invitation", on_delete=models.PROTECT, related_name="attendance"
    )
    attended = models.BooleanField()
    actual_minutes = models.PositiveIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    debrief_offered_at = models.DateTimeField(null=True, blank=True)
    debrief_held_on = models.DateField(null=True, blank=True)
    debrief_note = models.TextField(blank=True, help_text="Only what the person agreed to have recorded.")

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(attended=False, actual_minutes__isnull=True)
                | models.Q(attended=True, actual_minutes__gt=0),
                name="attendance_minutes_when_attended",
            )
        ]

    def __str__(self) -> str:
        return f"{self.invitation}: {'attended' if self.attended else 'did not attend'}"

    @property
    def actual_hours(self) -> Decimal | None:
        if self.actual_minutes is None:
            return None
        return (Decimal(self.actual_minutes) / 60).quantize(Decimal("0.01"))


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", "Waiting for approval"
    APPROVED = "approved", "Approved"
    PAID = "paid", "Paid"
    REJECTED = "rejected", "Not approved"


CLAIM_TAG_COLOURS = {
    ClaimStatus.SUBMITTED: "blue",
    ClaimStatus.APPROVED: "aqua-green",
    ClaimStatus.PAID: "green",
    ClaimStatus.REJECTED: "red",
}


class PaymentClaim(models.Model):
    """What the trust owes an expert by experience for one activity: the fee from the rate card,
    worked out once and kept with how, plus their expenses."""

    expert = models.ForeignKey(ExpertByExperience, on_delete=models.PROTECT, related_name="claims")
    attendance = models.OneToOneField(Attendance, on_delete=models.PROTECT, related_name="claim")
    activity_date = models.DateField(help_text="The activity's date: earnings count in its period.")
    status = models.CharField(max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.SUBMITTED)
    rate = models.ForeignKey(Rate, on_delete=models.PROTECT, null=True, blank=True, related_name="claims")
    fee_basis = models.CharField(max_length=200, help_text="How the fee was worked out, in words.")
    fee = models.DecimalField(max_digits=8, decimal_places=2)
    expenses_total = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0.00"))
    submitted_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    paid_at = models.DateTimeField(null=True, blank=True)
    payment_reference = models.CharField(max_length=100, blank=True, help_text="Finance's reference, once paid.")
    rejected_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-activity_date", "-pk"]
        indexes = [models.Index(fields=["status", "activity_date"]), models.Index(fields=["expert", "activity_date"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(fee__gte=0), name="claim_fee_not_negative"),
            models.CheckConstraint(condition=models.Q(expenses_total__gte=0), name="claim_expenses_not_negative"),
        ]

    def __str__(self) -> str:
        return f"Claim {self.pk}: {self.expert}, {self.activity_date:%d %b %Y}, £{self.total}"

    @property
    def total(self) -> Decimal:
        return self.fee + self.expenses_total

    @property
    def status_colour(self) -> str:
        return CLAIM_TAG_COLOURS[ClaimStatus(self.status)]


class ExpenseKind(models.TextChoices):
    TRAVEL = "travel", "Travel"
    CARE = "care", "Care costs (for someone they look after)"
    OTHER = "other", "Other"


def receipt_path(expense: "Expense", filename: str) -> str:
    """Receipts are filed by claim, never under a guessable public address: they are served by a view."""
    return f"receipts/{expense.claim_id}/{filename}"


class Expense(models.Model):
    claim = models.ForeignKey(PaymentClaim, on_delete=models.CASCADE, related_name="expenses")
    kind = models.CharField(max_length=10, choices=ExpenseKind.choices)
    description = models.CharField(max_length=200)
    amount = models.DecimalField(max_digits=8, decimal_places=2)
    receipt = models.FileField(upload_to=receipt_path, blank=True)

    class Meta:
        ordering = ["claim", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="expense_amount_positive")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: £{self.amount}"
