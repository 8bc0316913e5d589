from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "workforce"
    verbose_name = "Workforce"

    def ready(self):
        from . import home  # noqa: F401  registers the workforce's home-page panels
