from django.http import Http404
from django.shortcuts import render

from .home import panels_for
from .permissions import can
from .roles import Role


def home(request):
    user = request.user
    roles = [role for role in Role if role in user.roles]
    return render(
        request,
        "accounts/home.html",
        {"roles": roles, "panels": panels_for(request), "can_use_admin": can(user, "accounts.use_admin")},
    )


def not_offered(request):
    """A page allauth has that this service does not offer."""
    raise Http404("Not offered")
