from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ExpertByExperience, LivedExperienceArea, Skill


@admin.register(LivedExperienceArea)
class LivedExperienceAreaAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(ExpertByExperience)
class ExpertByExperienceAdmin(SimpleHistoryAdmin):
    list_display = ("full_name", "email", "status", "onboarding_complete", "consent_review_due", "payment_preference")
    list_filter = ("status", "onboarding_complete", "payment_preference", "available_online", "available_in_person")
    search_fields = ("full_name", "email")
    filter_horizontal = ("lived_experience_areas", "skills")
    autocomplete_fields = ("user",)
    date_hierarchy = "joined_on"
