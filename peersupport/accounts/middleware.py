"""Send people whose roles require MFA to set it up before anything else.

allauth offers MFA to everyone but has no switch to require it. With MFA_REQUIRED on, a
signed-in person holding one of MFA_REQUIRED_ROLES (or a superuser) who has no
authenticator yet can reach only the MFA set-up pages and log out.
"""

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

ALWAYS_ALLOWED_URL_NAMES = ("account_logout", "healthz")


class RequireMultiFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_set_up_mfa(request):
            messages.warning(request, "Set up two-step verification to keep your account safe before you continue.")
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _must_set_up_mfa(self, request) -> bool:
        if not settings.MFA_REQUIRED:
            return False
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        required = set(settings.MFA_REQUIRED_ROLES)
        if not (user.is_superuser or {role.value for role in user.roles} & required):
            return False
        return not _is_allowed_path(request.path) and not is_mfa_enabled(user)


def _is_allowed_path(path: str) -> bool:
    """MFA set-up, re-authentication, logout, health and static files stay reachable."""
    prefixes = (
        reverse("mfa_index"),
        reverse("account_reauthenticate"),
        "/" + settings.STATIC_URL.lstrip("/"),
    )
    exact = {reverse(name) for name in ALWAYS_ALLOWED_URL_NAMES}
    return path in exact or path.startswith(prefixes)
