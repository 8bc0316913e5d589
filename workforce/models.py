"""Services and teams: where peer support workers work, and who leads them.

Peer support workers, the career pathway, training and supervision join these in later
work; the models are shaped so they can grow without rework.
"""

from django.conf import settings
from django.db import models


class ServiceCategory(models.TextChoices):
    ACUTE = "acute", "Acute"
    FORENSIC = "forensic", "Forensic"
    COMMUNITY = "community", "Community"
    CRISIS = "crisis", "Crisis"
    REHABILITATION = "rehabilitation", "Rehabilitation"
    SPECIALIST = "specialist", "Specialist"


class Service(models.Model):
    name = models.CharField(max_length=200, unique=True)
    category = models.CharField(max_length=20, choices=ServiceCategory.choices)
    specialism = models.CharField(
        max_length=100,
        blank=True,
        help_text="For specialist services, for example perinatal, eating disorders or gender identity clinic.",
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["category", "name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=200)
    leads = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="led_teams",
        help_text="Team leads approve the team's involvement requests and its peer support workers' involvement.",
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["service__name", "name"]
        constraints = [models.UniqueConstraint(fields=["service", "name"], name="team_name_unique_in_service")]

    def __str__(self) -> str:
        return f"{self.name} ({self.service.name})"

    def is_led_by(self, user) -> bool:
        if not (user and user.is_authenticated):
            return False
        cached = getattr(self, "_prefetched_objects_cache", {}).get("leads")
        if cached is not None:
            return any(lead.pk == user.pk for lead in cached)
        return self.leads.filter(pk=user.pk).exists()
