from django.shortcuts import render

from .home import panels_for
from .roles import Role


def home(request):
    user = request.user
    roles = [role for role in Role if role in user.roles]
    return render(
        request,
        "accounts/home.html",
        {"roles": roles, "panels": panels_for(request)},
    )
