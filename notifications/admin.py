"""The operator's view of the outbox: notifications by state, their errors, and a retry."""

from django.contrib import admin, messages
from django.utils.text import Truncator

from .models import Notification, NotificationPreference
from .services import notifications_retry
from .types import notification_types

# Not shown: invitation and application emails hold single-use links that only their recipient
# should use, and `link` itself can be such a link (an application link).
HIDDEN_FIELDS = ("body_text", "body_html", "link")


class KindFilter(admin.SimpleListFilter):
    """By kind, in plain words: every registered notification type (notifications.types)."""

    title = "kind"
    parameter_name = "event"

    def lookups(self, request, model_admin):
        return sorted(((kind.slug, kind.title) for kind in notification_types()), key=lambda choice: choice[1])

    def queryset(self, request, queryset):
        return queryset.filter(event=self.value()) if self.value() else queryset


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = (
        "subject",
        "event",
        "recipient_email",
        "status",
        "attempts",
        "short_last_error",
        "created_at",
        "sent_at",
    )
    list_filter = ("status", KindFilter)
    show_facets = admin.ShowFacets.ALLOW  # counts by state next to each filter choice, on request
    search_fields = ("recipient_email", "subject", "object_key")
    exclude = HIDDEN_FIELDS
    readonly_fields = [field.name for field in Notification._meta.fields if field.name not in HIDDEN_FIELDS]
    date_hierarchy = "created_at"
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="Last error", ordering="last_error")
    def short_last_error(self, notification: Notification) -> str:
        return Truncator(notification.last_error).chars(80)

    @admin.action(description="Retry selected notifications (failed or pending only)", permissions=["change"])
    def retry(self, request, queryset):
        selected = list(queryset.values_list("pk", flat=True))  # before the reset moves them out of a filter
        reset, not_queued = notifications_retry(notification_ids=selected)
        skipped = len(selected) - len(reset)
        queued = len(reset) - len(not_queued)
        if queued:
            self.message_user(request, f"{queued} notification(s) queued to send again.", messages.SUCCESS)
        if not_queued:
            self.message_user(
                request,
                f"{len(not_queued)} notification(s) could not be queued because the broker did not answer. "
                "They are pending, and the sweeper sends them within a few minutes of it answering again.",
                messages.WARNING,
            )
        if skipped:
            self.message_user(request, f"{skipped} already sent, left alone.", messages.INFO)


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    """Read-only: each person makes their own choices on their preferences page."""

    list_display = ("user", "weekly_digest", "updated_at")
    list_filter = ("weekly_digest",)
    search_fields = ("user__email", "user__full_name")
    readonly_fields = ("user", "weekly_digest", "updated_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
