from functools import partial

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db import transaction

from .models import User
from .roles import Role
from .tasks import send_invitation

# The two ways to be an admin, told apart on the user form.
ROLES_HELP = (
    f"The person's roles in the service. The \u201c{Role.ADMIN.value}\u201d role makes them an admin of the service: "
    "they look after it through Django admin (with \u201ccan use Django admin\u201d ticked), and see people's "
    "records there only as far as their other roles allow. It does not make them a coordinator or a lead."
)
SUPERUSER_HELP = (
    "Django's superuser flag: every permission in Django admin without asking, and the admin role in the service. "
    "Keep it for the one or two people who run the system; give everyone else the \u201cadmin\u201d role instead."
)


def _explain_roles(form) -> None:
    if "groups" in form.fields:
        form.fields["groups"].help_text = ROLES_HELP
    if "is_superuser" in form.fields:
        form.fields["is_superuser"].label = "Superuser (Django)"
        form.fields["is_superuser"].help_text = SUPERUSER_HELP


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _explain_roles(self)


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _explain_roles(self)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Admins make accounts here: there is no public sign-up."""

    form = UserEditForm
    add_form = UserCreationForm
    ordering = ("email",)
    list_display = ("email", "full_name", "role_list", "is_active", "is_staff", "last_login")
    list_filter = ("groups", "is_active", "is_staff", "is_superuser")
    search_fields = ("email", "full_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name",)}),
        ("Roles", {"fields": ("groups", "is_active", "is_staff", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "usable_password", "password1", "password2")}),
        ("Roles", {"fields": ("groups",)}),
    )
    filter_horizontal = ("groups",)
    actions = ["invite"]
    readonly_fields = ("last_login", "date_joined")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description="Roles")
    def role_list(self, user):
        return ", ".join(user.role_labels) or "None"

    @admin.action(description="Email an invitation to set a password")
    def invite(self, request, queryset):
        """Accounts are made by admins; this tells the person and lets them set a password."""
        base_url = request.build_absolute_uri("/")
        people = list(queryset.filter(is_active=True))
        for person in people:
            transaction.on_commit(partial(send_invitation.delay, person.pk, base_url))
        self.message_user(request, f"Invitation emailed to {len(people)} people.", messages.SUCCESS)
