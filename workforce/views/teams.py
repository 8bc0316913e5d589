"""The workforce's front page and a team's page."""

from django.http import Http404
from django.shortcuts import render

from peersupport.accounts.permissions import can, permission_required
from peersupport.ui.pages import home_crumbs

from ..models import Team
from ..selectors import organisation as selectors
from .common import workforce_crumbs


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
            "can_see_people": can(user, "workforce.see_people"),
            "can_see_dashboard": can(user, "workforce.see_dashboard"),
            "can_see_establishment": can(user, "workforce.see_establishment"),
            "can_import_records": can(user, "workforce.import_records"),
            "can_see_pathway": can(user, "workforce.see_pathway"),
            "breadcrumbs": home_crumbs(),
        },
    )


def _team(request, team_id: int) -> Team:
    try:
        return selectors.team_detail(team_id=team_id)
    except Team.DoesNotExist as missing:
        raise Http404("No such team") from missing


@permission_required("workforce.see_team", get_object=_team)
def team_detail(request, team_id: int, obj: Team):
    context = {"team": obj, "breadcrumbs": workforce_crumbs()}
    return render(request, "workforce/team_detail.html", context)
