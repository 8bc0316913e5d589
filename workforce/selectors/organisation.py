"""Reads for the services and teams pages: what each team page and the home page's lists need joined."""

from django.db.models import Count, Prefetch, Q, QuerySet

from ..models import Service, Team


def teams_led_by(*, user) -> QuerySet[Team]:
    return Team.objects.filter(leads=user, is_active=True).select_related("service").order_by("service__name", "name")


def services_with_teams() -> QuerySet[Service]:
    return (
        Service.objects.filter(is_active=True)
        .annotate(team_count=Count("teams", filter=Q(teams__is_active=True)))
        .prefetch_related(Prefetch("teams", queryset=Team.objects.filter(is_active=True).order_by("name")))
        .order_by("category", "name")
    )


def team_detail(*, team_id: int) -> Team:
    return Team.objects.select_related("service").prefetch_related("leads").get(pk=team_id)


def teams_for_filter(*, user, sees_everyone: bool) -> QuerySet[Team]:
    teams = Team.objects.filter(is_active=True).select_related("service")
    return (teams if sees_everyone else teams.filter(leads=user)).order_by("service__name", "name")
