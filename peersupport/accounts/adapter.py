from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    """No public sign-up: accounts are made by admins (or, later, by invitation)."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def send_mail(self, template_prefix, email, context):
        """allauth's emails (sign-in codes, password resets) name the service, not the host."""
        context = {**context, "service_name": settings.SERVICE_NAME, "service_url": settings.SITE_URL}
        return super().send_mail(template_prefix, email, context)
