from django.shortcuts import render
from django.urls import reverse

from peersupport.accounts.permissions import permission_required


@permission_required("involvement.view_involvement")
def index(request):
    return render(request, "involvement/index.html", {"breadcrumbs": [{"label": "Home", "url": reverse("home")}]})
