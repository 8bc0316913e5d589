import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import Count, Q

from notifications.models import Notification
from peersupport.accounts.models import User
from peersupport.accounts.roles import Role
from workforce.models import Service, ServiceCategory, Team

pytestmark = pytest.mark.django_db

DEMO_LOGINS = {
    "requester@example.org": Role.REQUESTER,
    "teamlead@example.org": Role.TEAM_LEAD,
    "pslead@example.org": Role.PEER_SUPPORT_LEAD,
    "coordinator@example.org": Role.NETWORK_COORDINATOR,
    "psw@example.org": Role.PEER_SUPPORT_WORKER,
    "expert@example.org": Role.EXPERT_BY_EXPERIENCE,
    "admin@example.org": Role.ADMIN,
}


def test_seed_demo_makes_one_login_per_role_and_prints_them(capsys, settings):
    settings.DEMO_PASSWORD = "a-demo-password"

    call_command("seed_demo")

    printed = capsys.readouterr().out
    for email, role in DEMO_LOGINS.items():
        assert email in printed
        person = authenticate(email=email, password="a-demo-password")
        assert person is not None, email
        assert person.has_role(role)


def test_seed_demo_creates_the_trusts_services_and_teams():
    call_command("seed_demo")

    categories = set(Service.objects.values_list("category", flat=True))
    assert categories == {choice.value for choice in ServiceCategory}
    specialisms = set(Service.objects.exclude(specialism="").values_list("specialism", flat=True))
    assert specialisms == {"Perinatal", "Eating disorders", "Gender identity clinic"}
    assert Team.objects.filter(leads__email="teamlead@example.org").exists()


def test_seed_demo_is_idempotent():
    call_command("seed_demo")
    counts = (User.objects.count(), Service.objects.count(), Team.objects.count(), Team.leads.through.objects.count())

    call_command("seed_demo")

    assert (
        User.objects.count(),
        Service.objects.count(),
        Team.objects.count(),
        Team.leads.through.objects.count(),
    ) == (counts)


def test_seed_demo_starts_nobody_with_dozens_unread():
    call_command("seed_demo")

    unread = User.objects.annotate(
        unread=Count("notifications", filter=Q(notifications__read_at__isnull=True))
    ).values_list("unread", flat=True)
    assert Notification.objects.exists()
    assert max(unread) <= 3


def test_the_demo_moves_activities_off_bank_holidays_in_england():
    import datetime

    from demo.involvement import avoiding_bank_holidays

    christmas = datetime.date(2027, 12, 27)  # and the 28th: the substitute days

    assert avoiding_bank_holidays(christmas, later=True) == datetime.date(2027, 12, 29)
    assert avoiding_bank_holidays(christmas, later=False) == datetime.date(2027, 12, 24)  # Boxing Day is a Sunday
    assert avoiding_bank_holidays(datetime.date(2027, 12, 29), later=True) == datetime.date(2027, 12, 29)


@pytest.mark.parametrize("today", ["2026-12-18", "2027-04-01"])
def test_no_demo_activity_falls_on_a_bank_holiday(today):
    """Seeded a week before Christmas or Easter, when the demo's dates would otherwise land on them."""
    import time_machine

    from involvement.models import FurtherSession, InvolvementRequest
    from peersupport.ui.dates import bank_holiday

    with time_machine.travel(f"{today} 09:00 +0000", tick=False):
        call_command("seed_demo")

    dates = set(InvolvementRequest.objects.values_list("activity_date", flat=True))
    dates |= set(FurtherSession.objects.values_list("date", flat=True))
    assert len(dates) > 10
    assert {day: bank_holiday(day) for day in dates if bank_holiday(day)} == {}
