from django.shortcuts import render
from django.urls import reverse

from peersupport.accounts.permissions import permission_required


@permission_required("together_network.view_network")
def index(request):
    return render(request, "together_network/index.html", {"breadcrumbs": [{"label": "Home", "url": reverse("home")}]})


@permission_required("together_network.view_portal")
def portal(request):
    return render(request, "together_network/portal.html", {"breadcrumbs": [{"label": "Home", "url": reverse("home")}]})
