"""Demo data: the services and teams the trust names, and one login per role.

Idempotent: running it again changes nothing that is already there (demo passwords are
reset to DEMO_PASSWORD). Later work adds its own demo data through each app's demo.py.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from peersupport.accounts.roles import Role
from peersupport.accounts.services import user_ensure
from workforce import demo as workforce_demo

DEMO_PEOPLE = [
    ("requester@example.org", "Rebecca Quinn", [Role.REQUESTER]),
    ("teamlead@example.org", "Tariq Lewis", [Role.TEAM_LEAD, Role.REQUESTER]),
    ("pslead@example.org", "Priya Shah", [Role.PEER_SUPPORT_LEAD, Role.REQUESTER]),
    ("coordinator@example.org", "Chloe Ward", [Role.NETWORK_COORDINATOR, Role.REQUESTER]),
    ("psw@example.org", "Sam Porter", [Role.PEER_SUPPORT_WORKER]),
    ("expert@example.org", "Eve Morgan", [Role.EXPERT_BY_EXPERIENCE]),
    ("admin@example.org", "Adam Ince", [Role.ADMIN]),
]


class Command(BaseCommand):
    help = "Create (or refresh) the demo services, teams and one login per role."

    def handle(self, *args, **options):
        password = settings.DEMO_PASSWORD
        with transaction.atomic():
            people = {
                email: user_ensure(email=email, full_name=name, roles=roles, password=password)
                for email, name, roles in DEMO_PEOPLE
            }
            workforce_demo.seed(team_lead=people["teamlead@example.org"])
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Demo logins (password: {password}):"))
        for email, _name, roles in DEMO_PEOPLE:
            self.stdout.write(f"  {email:<26} {', '.join(role.label for role in roles)}")
