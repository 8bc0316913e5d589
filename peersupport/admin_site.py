"""Django admin with the same input guards as every product form.

Admin's forms keep Django's own wording, but an admin's page must not fail on what no person types
either: hidden control characters, a list answer that cannot be a record's id (which overflowed
SQLite), or such a number in a list's filter. The admin site here wraps every registered ModelAdmin,
and its inlines, so each form it builds goes through `peersupport.ui.forms.guard_fields`. No app's
admin has to remember.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.options import IncorrectLookupParameters
from django.db import DataError

from peersupport.ui.forms import guarded


class GuardedAdminMixin:
    def get_changelist_instance(self, request):
        """A list filtered on a number the database cannot hold (`?id__in=1,99999999999999999999`) is
        shown unfiltered with admin's own message, as for any other filter it cannot apply."""
        try:
            return super().get_changelist_instance(request)
        except (OverflowError, DataError) as refused:
            raise IncorrectLookupParameters(refused) from refused

    def get_form(self, request, obj=None, **kwargs):
        return guarded(super().get_form(request, obj, **kwargs))

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        for inline in inlines:
            inline.form = guarded(inline.form)
        return inlines


class GuardedAdminSite(admin.AdminSite):
    """Registers each ModelAdmin as a subclass with the guards."""

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, GuardedAdminMixin):
            admin_class = type(
                admin_class.__name__, (GuardedAdminMixin, admin_class), {"__module__": admin_class.__module__}
            )
        super().register(model_or_iterable, admin_class, **options)


class GuardedAdminConfig(AdminConfig):
    default_site = "peersupport.admin_site.GuardedAdminSite"
