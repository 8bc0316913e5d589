from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings

TRY_LATER = "You have tried too many times in a short while. Wait 5 minutes and try again"


class AccountAdapter(DefaultAccountAdapter):
    """No public sign-up: accounts are made by admins (or, later, by invitation).

    allauth's messages are worded as the rest of the service: what is wrong and what to do.
    """

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": (
            "The email address or password is not right. Check them and try again, or reset your password"
        ),
        "enter_current_password": "The password is not right. Enter your current password",
        "incorrect_password": "The password is not right. Enter your current password",
        "incorrect_code": "The code is not right. Enter the code from the newest email we sent you",
        "invalid_password_reset": "This password reset link has expired or has been used. Ask for a new one",
        "account_inactive": "This account has been closed. Ask your team lead or the peer support team",
        "too_many_login_attempts": TRY_LATER,
        "rate_limited": TRY_LATER,
        "same_as_current": "Enter a new password that is different from your current one",
    }

    def is_open_for_signup(self, request) -> bool:
        return False

    def send_mail(self, template_prefix, email, context):
        """allauth's emails (sign-in codes, password resets) name the service, not the host."""
        context = {**context, "service_name": settings.SERVICE_NAME, "service_url": settings.SITE_URL}
        return super().send_mail(template_prefix, email, context)


class MFAAdapter(DefaultMFAAdapter):
    """Two-step verification's messages, worded as the rest of the service."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": "The code is not right. Enter the code your authenticator app shows now",
    }
