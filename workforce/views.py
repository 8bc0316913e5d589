from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from peersupport.accounts.permissions import can, permission_required

from . import selectors
from .models import Team


@permission_required("workforce.see_workforce")
def index(request):
    user = request.user
    # Seeing every team without naming one is for the peer support lead and admins.
    services = selectors.services_with_teams() if can(user, "workforce.see_all_teams") else None
    return render(
        request,
        "workforce/index.html",
        {
            "services": services,
            "led_teams": selectors.teams_led_by(user=user),
            "breadcrumbs": [{"label": "Home", "url": reverse("home")}],
        },
    )


def _team(request, team_id: int) -> Team:
    try:
        return selectors.team_detail(team_id=team_id)
    except Team.DoesNotExist as missing:
        raise Http404("No such team") from missing


@permission_required("workforce.see_team", get_object=lambda request, team_id: _team(request, team_id))
def team_detail(request, team_id: int, obj: Team):
    return render(
        request,
        "workforce/team_detail.html",
        {
            "team": obj,
            "breadcrumbs": [
                {"label": "Home", "url": reverse("home")},
                {"label": "Workforce", "url": reverse("workforce:index")},
            ],
        },
    )
