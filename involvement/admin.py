from django.contrib import admin

from .models import (
    ActivityType,
    FurtherSession,
    InvolvementRequest,
    LivedExperienceArea,
    RequestEvent,
    RequestOutcome,
    Skill,
)


@admin.register(ActivityType)
class ActivityTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "order", "needs_dbs")
    list_editable = ("order", "needs_dbs")
    list_filter = ("needs_dbs",)
    search_fields = ("name",)


@admin.register(RequestOutcome)
class RequestOutcomeAdmin(admin.ModelAdmin):
    """ "You said, we did": written by requesters on their request's page; admins read it here."""

    list_display = ("request", "recorded_by", "recorded_at")
    search_fields = ("request__title", "what_changed")
    readonly_fields = ("request", "what_changed", "recorded_by", "recorded_at", "updated_at")

    def has_add_permission(self, request):
        return False


class RequestEventInline(admin.TabularInline):
    """The timeline is append-only: admins read it, services write it."""

    model = RequestEvent
    extra = 0
    can_delete = False
    fields = ("at", "from_status", "to_status", "actor", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class FurtherSessionInline(admin.TabularInline):
    model = FurtherSession
    extra = 0
    can_delete = False
    readonly_fields = ("date", "start_time", "duration_minutes")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(InvolvementRequest)
class InvolvementRequestAdmin(admin.ModelAdmin):
    """Read-only: requests change through the service's pages, so approvals, the allowance and
    the timeline always hold."""

    list_display = ("title", "activity_type", "requesting_team", "route", "status", "activity_date", "requester")
    list_filter = ("status", "route", "activity_type", "mode", "payment", "requesting_team__service")
    search_fields = ("title", "description", "requester__email", "requesting_team__name")
    list_select_related = ("activity_type", "requesting_team", "requester")
    date_hierarchy = "activity_date"
    autocomplete_fields = ("requesting_team", "peer_support_worker", "requester")
    filter_horizontal = ("lived_experience_areas", "skills")
    readonly_fields = (
        "status",
        "team_approved_by",
        "team_approved_at",
        "psw_approved_by",
        "psw_approved_at",
        "submitted_at",
        "created_at",
    )
    inlines = [FurtherSessionInline, RequestEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LivedExperienceArea)
class LivedExperienceAreaAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    search_fields = ("name",)
