"""Services and teams: where peer support workers work and who leads them."""

from django.core.exceptions import ValidationError
from django.db import transaction

from peersupport.accounts.roles import Role

from ..models import (
    Service,
    ServiceCategory,
    Team,
)


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


@transaction.atomic
def service_create(*, name: str, category: str, specialism: str = "") -> Service:
    """A new service; refused when one of that name exists whatever the case ("Crisis" and "crisis")."""
    if Service.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": f"There is already a service called '{name}'"})
    if category not in ServiceCategory.values:
        raise ValidationError({"category": f"'{category}' is not a service category"})
    return Service.objects.create(name=name, category=category, specialism=specialism)


@transaction.atomic
def team_create(*, service: Service, name: str, leads=()) -> Team:
    """A new team in a service, led by people who hold the Team lead role (they approve its requests)."""
    if Team.objects.filter(service=service, name__iexact=name).exists():
        raise ValidationError({"name": f"The service '{service.name}' already has a team called '{name}'"})
    not_leads = [lead for lead in leads if not lead.has_role(Role.TEAM_LEAD)]
    if not_leads:
        names = ", ".join(str(lead) for lead in not_leads)
        raise ValidationError({"leads": f"Only people with the Team lead role can lead a team (not {names})"})
    team = Team.objects.create(service=service, name=name)
    team.leads.set(leads)
    return team
