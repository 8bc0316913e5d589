from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        # Each app declares its notification types in <app>/notification_types.py; importing the
        # modules registers them (notifications.types), without this app importing the apps above it.
        autodiscover_modules("notification_types")
