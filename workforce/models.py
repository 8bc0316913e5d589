"""Services and teams: where peer support workers work, and who leads them.

Peer support workers, the career pathway, training and supervision join these in later
work; the models are shaped so they can grow without rework.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords


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


class PathwayRole(models.Model):
    """A step on the peer support career pathway, with its Agenda for Change band."""

    name = models.CharField(max_length=100, unique=True)
    band = models.CharField(max_length=10, help_text="Agenda for Change band, for example 3 or 8a.")
    order = models.PositiveSmallIntegerField(unique=True, help_text="Position on the pathway, lowest first.")
    required_competences = models.ManyToManyField(
        "Competence",
        blank=True,
        related_name="required_for",
        help_text="Competences a person must have achieved to move into this role.",
    )

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.name} (band {self.band})"


class CompetenceDomain(models.Model):
    """A domain of the national peer support worker competence framework (a managed list)."""

    name = models.CharField(max_length=200, unique=True)
    order = models.PositiveSmallIntegerField(default=0, help_text="Position in lists, lowest first.")

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Competence(models.Model):
    """Something a peer support worker is signed off as able to do, within a domain."""

    domain = models.ForeignKey(CompetenceDomain, on_delete=models.PROTECT, related_name="competences")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["domain__order", "domain__name", "name"]
        constraints = [models.UniqueConstraint(fields=["domain", "name"], name="competence_name_unique_in_domain")]

    def __str__(self) -> str:
        return self.name


# A full-time week under Agenda for Change: whole-time equivalent is contracted hours over this.
FULL_TIME_HOURS = Decimal("37.5")


class PeerSupportWorkerStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ON_LEAVE = "on_leave", "On leave"
    LEFT = "left", "Left"


class PeerSupportWorker(models.Model):
    """An employed peer support worker. Their involvement time is protected by a monthly allowance."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="peer_support_worker",
        help_text="Their login, if they have one.",
    )
    full_name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="peer_support_workers")
    pathway_role = models.ForeignKey(PathwayRole, on_delete=models.PROTECT, related_name="peer_support_workers")
    contracted_hours = models.DecimalField(max_digits=5, decimal_places=2, default=37.5)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=PeerSupportWorkerStatus.choices, default="active")
    line_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="line_managed_workers",
        help_text="Who manages them day to day. Reminders about their training and supervision go to them; "
        "when empty, to the leads of their team.",
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervised_workers",
        help_text="Who gives them peer supervision, if they have a login.",
    )
    allowance_hours = models.DecimalField(
        "monthly involvement allowance (hours)",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="Leave empty for the trust-wide default. 0 means no involvement work.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(allowance_hours__isnull=True) | models.Q(allowance_hours__gte=0),
                name="psw_allowance_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="psw_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def whole_time_equivalent(self) -> Decimal:
        """Contracted hours as a share of a full-time week (37.5 hours under Agenda for Change)."""
        return (self.contracted_hours / FULL_TIME_HOURS).quantize(Decimal("0.01"))

    @property
    def monthly_allowance(self) -> Decimal:
        """This person's allowance, or the trust-wide default when none is set."""
        if self.allowance_hours is not None:
            return self.allowance_hours
        return Decimal(str(settings.PSW_DEFAULT_MONTHLY_ALLOWANCE_HOURS))


class TrainingCourse(models.Model):
    """A course in the training catalogue; mandatory for some steps of the pathway."""

    name = models.CharField(max_length=200, unique=True)
    provider = models.CharField(max_length=200, blank=True)
    renewal_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How often it must be renewed, in months. Leave empty if it never expires."
    )
    mandatory_for = models.ManyToManyField(PathwayRole, blank=True, related_name="mandatory_courses")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TrainingRecord(models.Model):
    """One completion of a course. `expires_on` is set from the course's renewal by the service."""

    peer_support_worker = models.ForeignKey(
        PeerSupportWorker, on_delete=models.PROTECT, related_name="training_records"
    )
    course = models.ForeignKey(TrainingCourse, on_delete=models.PROTECT, related_name="records")
    completed_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True, help_text="Empty when the course never expires.")
    evidence_note = models.TextField(blank=True, help_text="Certificate number, where the evidence is kept.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-completed_on", "-pk"]
        indexes = [models.Index(fields=["peer_support_worker", "course"])]

    def __str__(self) -> str:
        return f"{self.course} ({self.completed_on:%d %b %Y})"


class CompetenceAchievement(models.Model):
    """A competence a peer support worker has been signed off for; once per person and competence."""

    peer_support_worker = models.ForeignKey(
        PeerSupportWorker, on_delete=models.PROTECT, related_name="competence_achievements"
    )
    competence = models.ForeignKey(Competence, on_delete=models.PROTECT, related_name="achievements")
    achieved_on = models.DateField()
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["competence__domain__order", "competence__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["peer_support_worker", "competence"], name="competence_achieved_once_per_worker"
            )
        ]

    def __str__(self) -> str:
        return f"{self.competence} ({self.achieved_on:%d %b %Y})"


class RoleHistory(models.Model):
    """A period in a role on the pathway; the open one (no end) is the current role.

    Written only by `services.role_change_record`, which keeps the periods from overlapping.
    """

    peer_support_worker = models.ForeignKey(PeerSupportWorker, on_delete=models.PROTECT, related_name="role_history")
    pathway_role = models.ForeignKey(PathwayRole, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True, help_text="Empty while this is their current role.")

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name_plural = "role history"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="role_history_end_after_start",
            ),
            models.UniqueConstraint(
                fields=["peer_support_worker"],
                condition=models.Q(ended_on__isnull=True),
                name="role_history_one_open_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pathway_role.name} from {self.started_on:%d %b %Y}"

    def clean(self) -> None:
        """Corrections in the admin keep the periods apart, as the service does."""
        if self.ended_on is not None and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": "The end of a period must be on or after its start"})
        if self.peer_support_worker_id is None:
            return
        others = RoleHistory.objects.filter(peer_support_worker_id=self.peer_support_worker_id).exclude(pk=self.pk)
        overlapping = others.filter(
            models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=self.started_on),
        )
        if self.ended_on is not None:
            overlapping = overlapping.filter(started_on__lte=self.ended_on)
        clash = overlapping.select_related("pathway_role").first()
        if clash is not None:
            raise ValidationError(
                f"This period overlaps their time as {clash.pathway_role.name} from {clash.started_on:%-d %B %Y}"
            )


class SupervisionKind(models.TextChoices):
    LINE_MANAGEMENT = "line_management", "Line management"
    PEER_SUPERVISION = "peer_supervision", "Peer supervision"
    REFLECTIVE_PRACTICE = "reflective_practice", "Reflective practice"
    GROUP = "group", "Group supervision"


class SupervisionSession(models.Model):
    """A supervision a peer support worker had: the log the overdue flag is worked out from."""

    MIN_MINUTES = 15
    MAX_MINUTES = 480

    peer_support_worker = models.ForeignKey(
        PeerSupportWorker, on_delete=models.PROTECT, related_name="supervision_sessions"
    )
    date = models.DateField()
    kind = models.CharField(max_length=30, choices=SupervisionKind.choices)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervisions_given",
        help_text="The supervisor's login, if they have one.",
    )
    supervisor_name = models.CharField(max_length=200, blank=True)
    duration_minutes = models.PositiveSmallIntegerField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["peer_support_worker", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=15, duration_minutes__lte=480),
                name="supervision_duration_in_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.date:%d %b %Y}"


class FundedPost(models.Model):
    """Establishment: a post a team is funded for, from one date (and, if fixed-term, until another)."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="funded_posts")
    pathway_role = models.ForeignKey(
        PathwayRole,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funded_posts",
        help_text="The step on the pathway the post is funded at, if fixed.",
    )
    whole_time_equivalent = models.DecimalField(
        max_digits=4, decimal_places=2, help_text="1.00 is a full-time post (37.5 hours a week)."
    )
    funded_from = models.DateField()
    funded_until = models.DateField(null=True, blank=True, help_text="Leave empty when the funding is recurrent.")
    note = models.CharField(max_length=200, blank=True, help_text="For example the funding source.")

    class Meta:
        ordering = ["team__name", "funded_from", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(whole_time_equivalent__gt=0), name="funded_post_wte_positive"),
            models.CheckConstraint(
                condition=models.Q(funded_until__isnull=True) | models.Q(funded_until__gte=models.F("funded_from")),
                name="funded_post_until_after_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.whole_time_equivalent} WTE, {self.team.name}"


class GrowthTarget(models.Model):
    """Where the Peer Support Strategy means the workforce to be by a date."""

    target_date = models.DateField(unique=True)
    headcount = models.PositiveIntegerField()
    whole_time_equivalent = models.DecimalField(max_digits=6, decimal_places=2)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["target_date"]

    def __str__(self) -> str:
        return f"{self.headcount} people, {self.whole_time_equivalent} WTE by {self.target_date:%d %b %Y}"
