"""The operator's view of the outbox: notifications by state, their errors, and a retry."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Case, CharField, Exists, ExpressionWrapper, F, OuterRef, Q, Value, When
from django.utils.text import Truncator

from peersupport.accounts.roles import Role

from .models import Notification, NotificationPreference
from .services import notifications_retry
from .types import notification_types

# Not shown: invitation and application emails hold single-use links that only their recipient
# should use, and `link` itself can be such a link (an application link).
HIDDEN_FIELDS = ("body_text", "body_html", "link")

# Lived-experience people's details stay with coordinators: an admin who is not a network coordinator
# sees a recipient's email only when the recipient is a staff account. The address is hidden (in the
# list, on the record and from the search) when the recipient is an expert by experience, or is an
# address with no account at all (an applicant to the network).
RECIPIENT_HIDDEN = "Hidden: a person in the network"
RECIPIENT_FIELDS = ("recipient", "recipient_email")


def _recipient_hidden() -> Q:
    """Rows whose recipient only coordinators may see."""
    memberships = get_user_model().groups.through.objects.filter(
        user_id=OuterRef("recipient_id"), group__name=Role.EXPERT_BY_EXPERIENCE.value
    )
    return Q(recipient__isnull=True) | Q(Exists(memberships))


def sees_every_recipient(user) -> bool:
    return user.has_role(Role.NETWORK_COORDINATOR)


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
        "recipient_shown",
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

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        if sees_every_recipient(request.user):
            return rows.annotate(_recipient_hidden=Value(False, BooleanField()), _recipient_shown=F("recipient_email"))
        shown = Case(
            When(_recipient_hidden(), then=Value(RECIPIENT_HIDDEN)),
            default=F("recipient_email"),
            output_field=CharField(),
        )
        return rows.annotate(
            _recipient_hidden=ExpressionWrapper(_recipient_hidden(), BooleanField()), _recipient_shown=shown
        )

    def _hides(self, request, notification: Notification) -> bool:
        return not sees_every_recipient(request.user) and getattr(notification, "_recipient_hidden", True)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is not None and self._hides(request, obj):
            return [field for field in fields if field not in RECIPIENT_FIELDS] + ["recipient_hidden"]
        return fields

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "recipient_hidden"]

    def get_search_fields(self, request):
        fields = super().get_search_fields(request)
        if sees_every_recipient(request.user):
            return fields
        return tuple(field for field in fields if field != "recipient_email")

    def get_search_results(self, request, queryset, search_term):
        """Others find a notification by its recipient's email only where they may see the email."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term and not sees_every_recipient(request.user):
            by_email = queryset.filter(recipient_email__icontains=search_term.strip()).exclude(_recipient_hidden())
            results = results | by_email
        return results, may_have_duplicates

    @admin.display(description="Recipient email", ordering="_recipient_shown")
    def recipient_shown(self, notification: Notification) -> str:
        return notification._recipient_shown

    @admin.display(description="Recipient")
    def recipient_hidden(self, notification: Notification) -> str:
        return RECIPIENT_HIDDEN

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
