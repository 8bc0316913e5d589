"""The outbox: every notification is a row written in the same transaction as its event.

A Celery task sends the email and marks the row sent; a periodic task re-queues rows left
pending. The unique key (event, recipient, object) means a person is never told twice about
the same thing. The same rows are the person's in-app notifications.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class Notification(models.Model):
    event = models.CharField(max_length=50)
    object_key = models.CharField(max_length=100, help_text="What it is about, for example involvement.request:12.")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    recipient_email = models.EmailField()
    subject = models.CharField(max_length=200)
    body_text = models.TextField()
    body_html = models.TextField()
    link = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    receipt = models.BooleanField(
        default=False,
        help_text="A confirmation of the recipient's own action: emailed, but not listed in their notifications.",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "recipient_email", "object_key"], name="notify_once_per_event")
        ]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["recipient", "read_at"]),
        ]

    def __str__(self) -> str:
        # Not the address: admins who may not see a person in the network's email read this too.
        return f"{self.event} notification {self.pk}"

    @property
    def summary(self) -> str:
        """What the message says, in a sentence or two: its first paragraph after the greeting."""
        return summary_of(self.body_text)


SUMMARY_WORDS = 40


def summary_of(body_text: str) -> str:
    """The first paragraph of an email's text that is not the greeting, cut to about 40 words."""
    for paragraph in body_text.replace("\r\n", "\n").split("\n\n"):
        text = " ".join(paragraph.split())
        if not text or (text.startswith(("Hello ", "Dear ", "Hi ")) and text.endswith(",") and len(text) < 80):
            continue
        words = text.split(" ")
        return text if len(words) <= SUMMARY_WORDS else " ".join(words[:SUMMARY_WORDS]) + "…"
    return ""


class NotificationPreference(models.Model):
    """What a person has chosen about optional email. No row means the defaults (everything on).

    One boolean field per optional notification type, named like its slug (notifications.types).
    Only summaries can be switched off. Operational mail (approvals, decisions, invitations,
    reminders) always goes: people must act on it, so it has no field here.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    weekly_digest = models.BooleanField(
        default=True, help_text="The Monday summary for team leads: approvals waiting and protected time used."
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Email choices of {self.user}"

    @classmethod
    def for_user(cls, user) -> "NotificationPreference":
        """The person's choices, unsaved defaults when they have made none."""
        return cls.objects.filter(user=user).first() or cls(user=user)

    @classmethod
    def choose(cls, *, user, **choices: bool) -> "NotificationPreference":
        """Save the person's own choices (the page passes only the emails it offered them)."""
        preference, _ = cls.objects.update_or_create(user=user, defaults=choices)
        return preference

    @classmethod
    def switched_off(cls, field: str, users) -> set[int]:
        """Ids of the people among `users` who switched off the optional email `field` (one query).

        Each optional notification type is stored in the field named like its slug."""
        return set(cls.objects.filter(user__in=users, **{field: False}).values_list("user_id", flat=True))
