"""Demo data: the services and teams the trust names, and one login per role.

Idempotent: running it again changes nothing that is already there (demo passwords are
reset to DEMO_PASSWORD). Each app's story is a module of this `demo` app, built through that
app's services.
"""

import argparse
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from demo import involvement as involvement_demo
from demo import large as large_demo
from demo import network as network_demo
from demo import workforce as workforce_demo
from involvement import managed_lists as involvement_lists
from notifications.services import notifications_settle_history
from peersupport.accounts.roles import Role
from peersupport.accounts.services import user_ensure
from workforce import managed_lists as workforce_lists

DEMO_PEOPLE = [
    ("requester@example.org", "Rebecca Quinn", [Role.REQUESTER]),
    ("teamlead@example.org", "Tariq Lewis", [Role.TEAM_LEAD, Role.REQUESTER]),
    ("pslead@example.org", "Priya Shah", [Role.PEER_SUPPORT_LEAD, Role.REQUESTER]),
    ("coordinator@example.org", "Chloe Ward", [Role.NETWORK_COORDINATOR, Role.REQUESTER]),
    ("psw@example.org", "Sam Porter", [Role.PEER_SUPPORT_WORKER]),
    ("expert@example.org", "Eve Morgan", [Role.EXPERT_BY_EXPERIENCE]),
    ("admin@example.org", "Adam Ince", [Role.ADMIN]),
]
# How many of each person's newest notifications the demo leaves unread.
DEMO_UNREAD_KEPT = 3


class Command(BaseCommand):
    help = "Create (or refresh) the demo services, teams and one login per role."

    def add_arguments(self, parser):
        parser.add_argument(
            "--size",
            type=_size,
            default=None,
            help='Also add a trust\'s full history for measuring speed: "large" (50,000 requests) or a share of it, '
            "for example 0.01. Made once: a second run adds nothing.",
        )

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Demo data is not allowed with these settings (DEMO_DATA_ALLOWED is off).")
        password = settings.DEMO_PASSWORD
        # The demo's history is already delivered: its emails go to memory, not the console.
        quiet_mail = override_settings(
            MAILERS={"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
        )
        with quiet_mail, transaction.atomic():
            for managed_lists in (workforce_lists, involvement_lists):
                managed_lists.ensure()
            people = {
                email: user_ensure(email=email, full_name=name, roles=roles, password=password)
                for email, name, roles in DEMO_PEOPLE
            }
            # A second lead, without a login, leads the other teams so every request has an approver.
            other_lead = user_ensure(email="lead2@example.org", full_name="Olivia Grant", roles=[Role.TEAM_LEAD])
            workforce_demo.seed(
                team_lead=people["teamlead@example.org"],
                other_lead=other_lead,
                psw_user=people["psw@example.org"],
            )
            network_demo.seed(expert_user=people["expert@example.org"])
            involvement_demo.seed(
                requester=people["requester@example.org"],
                team_lead=people["teamlead@example.org"],
                peer_support_worker_user=people["psw@example.org"],
                coordinator=people["coordinator@example.org"],
                expert_user=people["expert@example.org"],
            )
            network_demo.seed_after_requests(
                requester=people["requester@example.org"],
                team_lead=people["teamlead@example.org"],
                coordinator=people["coordinator@example.org"],
                expert_user=people["expert@example.org"],
            )
            # The story so far is not news: each person starts with at most a few unread.
            notifications_settle_history(keep_unread=DEMO_UNREAD_KEPT)
        if options["size"] is not None:
            self._seed_large(options["size"])
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Demo logins (password: {password}):"))
        for email, _name, roles in DEMO_PEOPLE:
            self.stdout.write(f"  {email:<26} {', '.join(role.label for role in roles)}")

    def _seed_large(self, size: float) -> None:
        started = time.monotonic()
        # The bar redraws its line with "\r": the stream itself, not the wrapper that ends each write with a newline.
        written = large_demo.seed(size=size, stream=self.stderr._out)
        if written is None:
            self.stdout.write("The large history is already there: nothing added.")
            return
        made = ", ".join(f"{count:,} {name}" for name, count in written.items())
        self.stdout.write(f"Large history added in {time.monotonic() - started:.0f} seconds: {made}.")


def _size(value: str) -> float:
    """ "large" is the whole set; a number is a share of it (0.01 is a hundredth)."""
    if value == "large":
        return 1.0
    try:
        size = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f'Enter "large" or a number such as 0.01, not "{value}"') from None
    if not 0 < size <= 10:
        raise argparse.ArgumentTypeError(f"Enter a size above 0 and at most 10, not {value}")
    return size
