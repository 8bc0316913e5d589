"""The pool health dashboard: figures only, for coordinators and admins."""

from django.shortcuts import render
from django.urls import reverse

from peersupport.accounts.permissions import can, permission_required

from ..selectors import health as selectors


def network_crumbs(user) -> list[dict]:
    """Home, then the network's front page for those who may open it (admins may not)."""
    crumbs = [{"label": "Home", "url": reverse("home")}]
    if can(user, "together_network.view_network"):
        crumbs.append({"label": "Together network", "url": reverse("together_network:index")})
    return crumbs


@permission_required("together_network.view_pool_health")
def pool_health(request):
    context = selectors.pool_health()
    context["breadcrumbs"] = network_crumbs(request.user)
    return render(request, "together_network/health/dashboard.html", context)
