from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from peersupport.accounts.roles import Role

from .models import ExpertByExperience, LivedExperienceArea, Skill


@admin.register(LivedExperienceArea)
class LivedExperienceAreaAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(ExpertByExperience)
class ExpertByExperienceAdmin(SimpleHistoryAdmin):
    """Lived experience and contact details are special category data: only staff who are also
    network coordinators see these records here."""

    def _is_coordinator(self, request) -> bool:
        return request.user.is_active and request.user.is_staff and request.user.has_role(Role.NETWORK_COORDINATOR)

    def has_module_permission(self, request):
        return self._is_coordinator(request)

    def has_view_permission(self, request, obj=None):
        return self._is_coordinator(request)

    def has_change_permission(self, request, obj=None):
        return self._is_coordinator(request)

    def has_add_permission(self, request):
        return self._is_coordinator(request)

    def has_delete_permission(self, request, obj=None):
        return False  # anonymise instead (a later change), so figures stay

    list_display = ("full_name", "email", "status", "onboarding_complete", "consent_review_due", "payment_preference")
    list_filter = ("status", "onboarding_complete", "payment_preference", "available_online", "available_in_person")
    search_fields = ("full_name", "email")
    filter_horizontal = ("lived_experience_areas", "skills")
    autocomplete_fields = ("user",)
    date_hierarchy = "joined_on"
