from django.apps import AppConfig


class InvolvementConfig(AppConfig):
    name = "involvement"
    verbose_name = "Involvement requests"

    def ready(self):
        from . import home  # noqa: F401  registers involvement's home-page panels
        from .sections import register_sections

        register_sections()  # the hours on the workforce's profile and dashboard
