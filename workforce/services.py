"""Writes for the workforce: every change to services and teams goes through here."""

from django.db import transaction

from .models import Service, Team


@transaction.atomic
def service_ensure(*, name: str, category: str, specialism: str = "") -> Service:
    service, _ = Service.objects.update_or_create(name=name, defaults={"category": category, "specialism": specialism})
    return service


@transaction.atomic
def team_ensure(*, service: Service, name: str, leads=()) -> Team:
    team, _ = Team.objects.get_or_create(service=service, name=name)
    for lead in leads:
        team.leads.add(lead)
    return team
