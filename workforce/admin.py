from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from .forms.establishment import add_problems
from .models import (
    Competence,
    CompetenceAchievement,
    CompetenceDomain,
    FundedPost,
    GrowthTarget,
    PathwayRole,
    PeerSupportWorker,
    RoleHistory,
    Service,
    SupervisionSession,
    Team,
    TrainingCourse,
    TrainingRecord,
)
from .services import (
    PERSON_FIELDS,
    funded_post_problems,
    growth_target_problems,
    person_problems,
    role_periods_follow,
    training_expiry,
)


class TeamInline(admin.TabularInline):
    model = Team
    extra = 0
    fields = ("name", "is_active")
    show_change_link = True


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("name", "category", "specialism", "team_count", "is_active")
    list_filter = ("category", "is_active")
    search_fields = ("name", "specialism")
    inlines = [TeamInline]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(_team_count=Count("teams"))

    @admin.display(description="Teams", ordering="_team_count")
    def team_count(self, service):
        return service._team_count


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "service", "lead_names", "is_active")
    list_filter = ("service__category", "service", "is_active")
    search_fields = ("name", "service__name", "leads__email", "leads__full_name")
    list_select_related = ("service",)
    filter_horizontal = ("leads",)
    autocomplete_fields = ("service",)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("leads")

    @admin.display(description="Leads")
    def lead_names(self, team):
        return ", ".join(str(lead) for lead in team.leads.all()) or "None"


@admin.register(PathwayRole)
class PathwayRoleAdmin(admin.ModelAdmin):
    list_display = ("name", "band", "order")
    ordering = ("order",)
    filter_horizontal = ("required_competences",)


class CompetenceInline(admin.TabularInline):
    model = Competence
    extra = 0
    fields = ("name",)


@admin.register(CompetenceDomain)
class CompetenceDomainAdmin(admin.ModelAdmin):
    list_display = ("name", "order")
    ordering = ("order",)
    search_fields = ("name",)
    inlines = [CompetenceInline]


@admin.register(Competence)
class CompetenceAdmin(admin.ModelAdmin):
    list_display = ("name", "domain")
    list_filter = ("domain", "required_for")
    search_fields = ("name", "domain__name")
    list_select_related = ("domain",)


@admin.register(CompetenceAchievement)
class CompetenceAchievementAdmin(admin.ModelAdmin):
    list_display = ("peer_support_worker", "competence", "achieved_on", "signed_off_by")
    list_filter = ("competence__domain", "achieved_on")
    search_fields = ("peer_support_worker__full_name", "competence__name")
    list_select_related = ("peer_support_worker", "competence", "signed_off_by")
    autocomplete_fields = ("peer_support_worker", "signed_off_by")
    date_hierarchy = "achieved_on"

    def save_model(self, request, obj, form, change):
        if not change and obj.signed_off_by is None:
            obj.signed_off_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(RoleHistory)
class RoleHistoryAdmin(admin.ModelAdmin):
    """For corrections only: a move to a new role is recorded from the profile, which keeps periods apart."""

    list_display = ("peer_support_worker", "pathway_role", "started_on", "ended_on")
    list_filter = ("pathway_role", "started_on")
    search_fields = ("peer_support_worker__full_name",)
    list_select_related = ("peer_support_worker", "pathway_role")
    autocomplete_fields = ("peer_support_worker",)
    date_hierarchy = "started_on"


# People are never deleted: their training, competences, role history and supervision are kept.
LEAVING_HELP = (
    "Leaving is a status, not a delete: when someone leaves, set their status to \u201cLeft\u201d and their end "
    "date. Their training, competences, role history and supervision are kept, so people cannot be deleted."
)


class PeerSupportWorkerAdminForm(forms.ModelForm):
    """The same rules as the people pages' (`services.person_problems`)."""

    class Meta:
        model = PeerSupportWorker
        fields = [
            "user",
            "full_name",
            "email",
            "team",
            "pathway_role",
            "contracted_hours",
            "start_date",
            "end_date",
            "status",
            "line_manager",
            "supervisor",
            "allowance_hours",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "status" in self.fields:
            self.fields["status"].help_text = LEAVING_HELP

    def clean(self):
        cleaned = super().clean()
        values = {name: cleaned.get(name) for name in PERSON_FIELDS}
        self.role_periods = []
        # The rules read these together; when one is missing or wrong, its own error says so first.
        if all(values[name] is not None for name in ("email", "team", "contracted_hours", "start_date", "status")):
            worker = self.instance if self.instance.pk else None
            add_problems(self, person_problems(values, worker=worker, today=timezone.localdate()))
            if worker is not None and not self.errors:
                # The role history follows changed dates as it does on the people pages (the instance
                # still holds the saved dates here), or the change is refused with the date that stops it.
                try:
                    self.role_periods = role_periods_follow(
                        worker, start_date=values["start_date"], end_date=values["end_date"]
                    )
                except ValidationError as refused:
                    add_problems(self, {field: errors[0] for field, errors in refused.message_dict.items()})
        return cleaned


@admin.register(PeerSupportWorker)
class PeerSupportWorkerAdmin(SimpleHistoryAdmin):
    """Allowance changes are kept in the history (who, when, from what to what).

    Their role is set when they are added; a change of role is recorded from their profile
    ("Record a change of role"), which keeps their role history whole.
    """

    form = PeerSupportWorkerAdminForm
    list_display = ("full_name", "team", "pathway_role", "status", "allowance_hours", "start_date")
    list_filter = ("status", "pathway_role", "team__service__category", "team__service")
    search_fields = ("full_name", "email", "team__name")
    list_select_related = ("team", "pathway_role")
    autocomplete_fields = ("team", "user")
    history_list_display = ("allowance_hours", "status", "team")

    def save_model(self, request, obj, form, change):
        """A new person starts their first role period with their employment; a change moves the periods."""
        super().save_model(request, obj, form, change)
        if not change:
            RoleHistory.objects.create(
                peer_support_worker=obj, pathway_role=obj.pathway_role, started_on=obj.start_date, ended_on=obj.end_date
            )
        for period in form.role_periods:
            period.save(update_fields=["started_on", "ended_on"])

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return readonly if obj is None else (*readonly, "pathway_role")

    def has_delete_permission(self, request, obj=None):
        return False  # leaving is a status (LEAVING_HELP); the records hanging off a person are PROTECTed too


@admin.register(TrainingCourse)
class TrainingCourseAdmin(admin.ModelAdmin):
    list_display = ("name", "provider", "renewal_months", "mandatory_roles")
    list_filter = ("mandatory_for",)
    search_fields = ("name", "provider")
    filter_horizontal = ("mandatory_for",)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("mandatory_for")

    @admin.display(description="Mandatory for")
    def mandatory_roles(self, course):
        return ", ".join(role.name for role in course.mandatory_for.all()) or "None"


@admin.register(TrainingRecord)
class TrainingRecordAdmin(admin.ModelAdmin):
    """The expiry follows the course's renewal, as when a record is made from a profile."""

    list_display = ("peer_support_worker", "course", "completed_on", "expires_on", "recorded_by")
    list_filter = ("course", "peer_support_worker__team__service", "completed_on")
    search_fields = ("peer_support_worker__full_name", "course__name", "evidence_note")
    list_select_related = ("peer_support_worker", "course", "recorded_by")
    autocomplete_fields = ("peer_support_worker",)
    readonly_fields = ("expires_on", "recorded_by", "recorded_at")
    date_hierarchy = "completed_on"

    def save_model(self, request, obj, form, change):
        obj.expires_on = training_expiry(course=obj.course, completed_on=obj.completed_on)
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(SupervisionSession)
class SupervisionSessionAdmin(admin.ModelAdmin):
    list_display = ("peer_support_worker", "date", "kind", "supervisor_name", "duration_minutes")
    list_filter = ("kind", "peer_support_worker__team__service", "date")
    search_fields = ("peer_support_worker__full_name", "supervisor_name", "supervisor__email")
    list_select_related = ("peer_support_worker",)
    autocomplete_fields = ("peer_support_worker", "supervisor")
    readonly_fields = ("recorded_by", "recorded_at")
    date_hierarchy = "date"


class FundedPostAdminForm(forms.ModelForm):
    """The same rules as the establishment page's (`services.funded_post_problems`)."""

    class Meta:
        model = FundedPost
        fields = ["team", "pathway_role", "whole_time_equivalent", "funded_from", "funded_until", "note"]

    def clean(self):
        cleaned = super().clean()
        fields = ("whole_time_equivalent", "funded_from", "funded_until")
        add_problems(self, funded_post_problems(**{name: cleaned.get(name) for name in fields}))
        return cleaned


class GrowthTargetAdminForm(forms.ModelForm):
    """The same rules as the establishment page's (`services.growth_target_problems`)."""

    class Meta:
        model = GrowthTarget
        fields = ["target_date", "headcount", "whole_time_equivalent", "note"]

    def clean(self):
        cleaned = super().clean()
        problems = growth_target_problems(
            target_date=cleaned.get("target_date"),
            headcount=cleaned.get("headcount"),
            whole_time_equivalent=cleaned.get("whole_time_equivalent"),
            today=timezone.localdate(),
            current_date=self.instance.target_date if self.instance.pk else None,
        )
        add_problems(self, problems)
        return cleaned


@admin.register(FundedPost)
class FundedPostAdmin(admin.ModelAdmin):
    """The establishment: the dashboard and the establishment page count posts whose funding is in force."""

    form = FundedPostAdminForm
    list_display = ("team", "whole_time_equivalent", "pathway_role", "funded_from", "funded_until", "note")
    list_filter = ("team__service__category", "team__service", "pathway_role", "funded_from", "funded_until")
    search_fields = ("team__name", "team__service__name", "note")
    list_select_related = ("team", "pathway_role")
    autocomplete_fields = ("team",)
    date_hierarchy = "funded_from"


@admin.register(GrowthTarget)
class GrowthTargetAdmin(admin.ModelAdmin):
    form = GrowthTargetAdminForm
    list_display = ("target_date", "headcount", "whole_time_equivalent", "note")
    list_filter = ("target_date",)
    search_fields = ("note",)
    ordering = ("target_date",)
