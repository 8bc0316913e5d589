from django.contrib import admin, messages

from .models import DeliveryStatus, Notification
from .tasks import deliver_notification

HIDDEN_FIELDS = ("body_text", "body_html")


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("subject", "event", "recipient_email", "status", "attempts", "created_at", "sent_at")
    list_filter = ("status", "event")
    search_fields = ("recipient_email", "subject", "object_key")
    # The email bodies are not shown: invitation emails hold single-use answer links that only
    # the expert should use.
    exclude = HIDDEN_FIELDS
    readonly_fields = [field.name for field in Notification._meta.fields if field.name not in HIDDEN_FIELDS]
    date_hierarchy = "created_at"
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Send again now (failed or pending only)")
    def retry(self, request, queryset):
        ids = list(queryset.exclude(status=DeliveryStatus.SENT).values_list("pk", flat=True))
        queryset.filter(pk__in=ids).update(status=DeliveryStatus.PENDING)
        for notification_id in ids:
            deliver_notification.delay(notification_id)
        self.message_user(request, f"{len(ids)} notifications queued to send again.", messages.SUCCESS)
