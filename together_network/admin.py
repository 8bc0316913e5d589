from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from peersupport.accounts.roles import Role

from .models import (
    ActivityFeedback,
    ApplicationLink,
    Attendance,
    ConsentRecord,
    Expense,
    ExpertByExperience,
    Invitation,
    OnboardingRecord,
    PaymentClaim,
    Rate,
)


class CoordinatorOnlyAdmin(admin.ModelAdmin):
    """Records about people in the network hold special category data: only staff who are also
    network coordinators see them here."""

    def _is_coordinator(self, request) -> bool:
        return request.user.is_active and request.user.is_staff and request.user.has_role(Role.NETWORK_COORDINATOR)

    def has_module_permission(self, request):
        return self._is_coordinator(request)

    def has_view_permission(self, request, obj=None):
        return self._is_coordinator(request)

    def has_change_permission(self, request, obj=None):
        return False  # changed through the service's pages, which keep history and tell people

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ExpertByExperience)
class ExpertByExperienceAdmin(CoordinatorOnlyAdmin, SimpleHistoryAdmin):
    """Read only. A person's status, onboarding, consent, earnings limit and details change on the
    network's pages, through the services that check the rules, keep the history and tell people;
    an anonymised record never changes again. Staff who are coordinators find and read people here."""

    list_display = (
        "full_name",
        "email",
        "status",
        "onboarding_complete",
        "consent_review_due",
        "payment_preference",
        "joined_on",
        "anonymised",
        "network_record",
    )
    list_filter = (
        "status",
        "onboarding_complete",
        "payment_preference",
        "available_online",
        "available_in_person",
        ("anonymised_at", admin.EmptyFieldListFilter),
        "lived_experience_areas",
        "skills",
    )
    search_fields = ("full_name", "email", "phone")
    date_hierarchy = "joined_on"
    list_select_related = ("user",)

    def get_readonly_fields(self, request, obj=None):
        """Every field, including on a past version from the history."""
        return [*(field.name for field in self.model._meta.fields), "lived_experience_areas", "skills"]

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A past version can be read, never put back: simple-history saves whatever is posted here,
        whatever the permissions say."""
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context=extra_context)

    @admin.display(description="Anonymised", boolean=True)
    def anonymised(self, expert):
        return expert.is_anonymised

    @admin.display(description="Change")
    def network_record(self, expert):
        """Changes are made on the person's record in the network, which keeps their history."""
        url = reverse("together_network:expert", args=[expert.pk])
        return format_html('<a href="{}">Open in the network</a>', url)


@admin.register(OnboardingRecord)
class OnboardingRecordAdmin(CoordinatorOnlyAdmin):
    list_display = ("expert", "step", "completed_on", "recorded_by")
    list_filter = ("step",)
    search_fields = ("expert__full_name",)
    list_select_related = ("expert", "recorded_by")


@admin.register(ConsentRecord)
class ConsentRecordAdmin(CoordinatorOnlyAdmin):
    list_display = ("expert", "given_on", "review_due", "recorded_by")
    date_hierarchy = "review_due"
    search_fields = ("expert__full_name",)
    list_select_related = ("expert", "recorded_by")


@admin.register(ApplicationLink)
class ApplicationLinkAdmin(CoordinatorOnlyAdmin):
    list_display = ("email", "created_by", "created_at", "used_at")
    search_fields = ("email",)


@admin.register(Attendance)
class AttendanceAdmin(CoordinatorOnlyAdmin):
    list_display = ("invitation", "attended", "actual_minutes", "debrief_offered_at", "debrief_held_on")
    list_filter = ("attended",)
    list_select_related = ("invitation__expert", "invitation__request")


class ExpenseInline(admin.TabularInline):
    model = Expense
    extra = 0
    can_delete = False
    fields = ("kind", "description", "amount", "receipt_download")
    readonly_fields = fields

    @admin.display(description="Receipt")
    def receipt_download(self, expense):
        """Through the permission-checked download, never a public media address."""
        if not expense.receipt:
            return "None"
        url = reverse("together_network:receipt", args=[expense.claim_id, expense.pk])
        return format_html('<a href="{}">Download the receipt</a>', url)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PaymentClaim)
class PaymentClaimAdmin(CoordinatorOnlyAdmin):
    """Claims move through the claims pages (approve in bulk, export, mark paid); admins read them here."""

    list_display = ("pk", "expert", "activity_date", "status", "fee", "expenses_total", "paid_at")
    list_filter = ("status",)
    date_hierarchy = "activity_date"
    search_fields = ("expert__full_name", "payment_reference")
    list_select_related = ("expert",)
    inlines = [ExpenseInline]


@admin.register(Rate)
class RateAdmin(admin.ModelAdmin):
    """The trust's rate card, kept by coordinators on the rate card page; admins read it here."""

    list_display = ("activity_type", "level", "unit", "amount", "effective_from", "effective_until")
    list_filter = ("level", "unit", "activity_type")
    list_select_related = ("activity_type",)

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ActivityFeedback)
class ActivityFeedbackAdmin(CoordinatorOnlyAdmin):
    list_display = ("invitation", "rating", "felt_listened_to", "submitted_at")
    list_filter = ("rating",)
    list_select_related = ("invitation__expert", "invitation__request")


@admin.register(Invitation)
class InvitationAdmin(CoordinatorOnlyAdmin):
    """Which experts were invited to or booked on which activity: coordinators only."""

    list_display = ("expert", "request", "status", "activity_date", "invited_at", "answered_at")
    list_filter = ("status",)
    search_fields = ("expert__full_name", "request__title")
    list_select_related = ("expert", "request")
    date_hierarchy = "activity_date"
    readonly_fields = ("request", "expert", "status", "activity_date", "invited_by", "invited_at", "answered_at")
