"""Experts by experience (EbyE): the Together network's pool, and what the matching reads.

Lived-experience areas, contact details and accessibility needs are special category data:
only network coordinators and the person themselves see them (see accounts/permissions.py).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from involvement.models import LivedExperienceArea, Skill


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class PartOfDay(models.IntegerChoices):
    MORNING = 0, "Morning"
    AFTERNOON = 1, "Afternoon"
    EVENING = 2, "Evening"

    @classmethod
    def of(cls, start_time) -> "PartOfDay":
        if start_time.hour < 12:
            return cls.MORNING
        if start_time.hour < 17:
            return cls.AFTERNOON
        return cls.EVENING


def availability_bit(weekday: int, part_of_day: int) -> int:
    """One bit per (weekday, part of day): 21 bits, so matching can test it in the database."""
    return 1 << (weekday * 3 + part_of_day)


class ExpertStatus(models.TextChoices):
    APPLICANT = "applicant", "Applicant"
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    LEFT = "left", "Left"


class PaymentPreference(models.TextChoices):
    PAID = "paid", "Paid"
    VOLUNTARY = "voluntary", "Voluntary"
    UNPAID_BENEFITS = "unpaid_benefits", "Unpaid, for benefit reasons"


class EarningsPeriod(models.TextChoices):
    """The periods benefit rules count earnings over."""

    WEEK = "week", "A week"
    FOUR_WEEKS = "four_weeks", "Four weeks"
    MONTH = "month", "A calendar month"
    YEAR = "year", "A tax year (6 April to 5 April)"


class PreferredContact(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"
    TEXT = "text", "Text message"


class ExpertByExperience(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="expert_by_experience",
        help_text="Their login for the portal, if they have one.",
    )
    full_name = models.CharField(max_length=200)
    pronouns = models.CharField(max_length=50, blank=True)
    email = models.EmailField()
    phone = models.CharField(max_length=30, blank=True)
    preferred_contact = models.CharField(max_length=10, choices=PreferredContact.choices, default="email")
    lived_experience_areas = models.ManyToManyField(LivedExperienceArea, blank=True, related_name="experts")
    skills = models.ManyToManyField(Skill, blank=True, related_name="experts")
    availability = models.PositiveIntegerField(
        default=0, help_text="Weekdays and parts of day the person is usually free (one bit each)."
    )
    available_online = models.BooleanField(default=True)
    available_in_person = models.BooleanField(default=True)
    status = models.CharField(max_length=20, choices=ExpertStatus.choices, default=ExpertStatus.APPLICANT)
    onboarding_complete = models.BooleanField(default=False)
    consent_given_on = models.DateField(null=True, blank=True)
    consent_review_due = models.DateField(null=True, blank=True)
    payment_preference = models.CharField(max_length=20, choices=PaymentPreference.choices, default="paid")
    reasonable_adjustments = models.TextField(blank=True)
    # What they would like to do and avoid, in their words (shown to coordinators when matching).
    preferences = models.TextField(blank=True)
    joined_on = models.DateField(default=timezone.localdate, help_text="When they applied to join the network.")
    active_from = models.DateField(null=True, blank=True, help_text="When they first became active in the pool.")
    left_on = models.DateField(null=True, blank=True, help_text="When they left the network.")
    earnings_limit = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The most they can earn in a period without affecting their benefits, agreed with the coordinator.",
    )
    earnings_limit_period = models.CharField(
        max_length=12, choices=EarningsPeriod.choices, blank=True, help_text="The period the earnings limit is for."
    )
    anonymised_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[lived_experience_areas, skills])

    class Meta:
        ordering = ["full_name"]
        verbose_name = "expert by experience"
        verbose_name_plural = "experts by experience"
        indexes = [models.Index(fields=["status", "consent_review_due"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(earnings_limit__isnull=True) | models.Q(earnings_limit__gte=0),
                name="expert_earnings_limit_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(earnings_limit__isnull=True) | ~models.Q(earnings_limit_period=""),
                name="expert_earnings_limit_has_period",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def is_available(self, weekday: int, part_of_day: int) -> bool:
        return bool(self.availability & availability_bit(weekday, part_of_day))

    def set_availability(self, slots) -> None:
        """slots: iterable of (weekday, part_of_day)."""
        value = 0
        for weekday, part in slots:
            value |= availability_bit(weekday, part)
        self.availability = value

    @property
    def consent_current(self) -> bool:
        return self.consent_review_due is not None and self.consent_review_due >= timezone.localdate()

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    @property
    def availability_slots(self) -> list[tuple[int, int]]:
        return [(day, part) for day in Weekday.values for part in PartOfDay.values if self.is_available(day, part)]
