"""The pool health dashboard: figures only, for coordinators and admins."""

from django.shortcuts import render

from peersupport.accounts.permissions import can, permission_required
from peersupport.ui.pages import home_crumbs

from ..selectors import health as selectors
from .portal import network_crumbs


def _crumbs(user) -> list[dict]:
    """Home, then the network's front page for those who may open it (admins may not)."""
    return network_crumbs() if can(user, "together_network.view_network") else home_crumbs()


@permission_required("together_network.view_pool_health")
def pool_health(request):
    context = selectors.pool_health()
    context["breadcrumbs"] = _crumbs(request.user)
    return render(request, "together_network/health/dashboard.html", context)
