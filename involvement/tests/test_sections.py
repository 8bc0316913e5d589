"""The involvement-hours section of the workforce dashboard: hours booked against allowances, month by month."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.utils import timezone

from involvement.models import InvolvementRequest, Route, Status
from involvement.sections import involvement_hours
from involvement.tests.factories import InvolvementRequestFactory
from workforce.models import PeerSupportWorker
from workforce.selectors.dashboard import allowances_by_month, last_twelve_months
from workforce.tests.factories import PeerSupportWorkerFactory, TeamFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def psw(team, start, end=None, hours="37.5", **fields):
    return PeerSupportWorkerFactory(
        team=team, start_date=start, end_date=end, contracted_hours=Decimal(hours), **fields
    )


def test_involvement_hours_add_up_approved_hours_against_allowances_of_people_in_post():
    today = timezone.localdate()
    this_month = today.replace(day=1)
    team = TeamFactory()
    worker = psw(team, D(2020, 1, 1), allowance_hours=Decimal("6"))
    psw(team, D(2020, 1, 1), allowance_hours=None)  # the default of 4
    psw(team, D(2020, 1, 1), D(2020, 6, 30), allowance_hours=Decimal("10"))  # left long ago
    booked = InvolvementRequestFactory(route=Route.PSW, peer_support_worker=worker, activity_date=this_month)
    declined = InvolvementRequestFactory(route=Route.PSW, peer_support_worker=worker, activity_date=this_month)
    InvolvementRequest.objects.filter(pk=booked.pk).update(psw_approved_at=timezone.now(), status=Status.APPROVED)
    InvolvementRequest.objects.filter(pk=declined.pk).update(psw_approved_at=timezone.now(), status=Status.DECLINED)
    InvolvementRequestFactory(route=Route.PSW, peer_support_worker=worker, activity_date=this_month)  # not approved

    months = involvement_hours(today=today)

    assert [row.month for row in months] == last_twelve_months(today)
    assert len(months) == 12
    assert (months[-1].month, months[-1].booked, months[-1].allowance) == (this_month, Decimal("2.0"), Decimal("10"))
    assert months[-1].percent_used == 20
    assert all(row.booked == 0 for row in months[:-1])


LONDON = zoneinfo.ZoneInfo("Europe/London")


def dated(worker, *day_and_time) -> None:
    """Date the person's latest saved change, as if it had been made then."""
    change = worker.history.latest()
    change.history_date = datetime.datetime(*day_and_time, tzinfo=LONDON)
    change.save()


def test_each_months_allowances_are_those_in_force_at_its_end_from_the_history(settings):
    """From July 2024 to June 2025, with a trust default of 4 hours a month.

    A  6 h from 10 Jan 2024, 10 h from 15 Nov 2024
    B  the default (4) from 1 Mar 2024, 0 from 9:00 on 1 Feb 2025 (January still ends at 4)
    C  8 h, loaded in bulk (no history), in post from 10 Sep 2024
    D  2 h when first recorded on 5 Jan 2025 though in post since 2020: 2 stands in before; 3 h from 20 Apr 2025
    E  5 h, left on 31 Aug 2024
    """
    settings.PSW_DEFAULT_MONTHLY_ALLOWANCE_HOURS = 4.0
    team = TeamFactory()
    a = psw(team, D(2020, 1, 1), allowance_hours=Decimal(6))
    dated(a, 2024, 1, 10, 12)
    a.allowance_hours = Decimal(10)
    a.save()
    dated(a, 2024, 11, 15, 12)
    b = psw(team, D(2020, 1, 1), allowance_hours=None)
    dated(b, 2024, 3, 1, 12)
    b.allowance_hours = Decimal(0)
    b.save()
    dated(b, 2025, 2, 1, 9)
    PeerSupportWorker.objects.bulk_create(
        [
            PeerSupportWorker(
                full_name="C",
                team=team,
                pathway_role=a.pathway_role,
                start_date=D(2024, 9, 10),
                allowance_hours=Decimal(8),
            )
        ]
    )
    d = psw(team, D(2020, 1, 1), allowance_hours=Decimal(2))
    dated(d, 2025, 1, 5, 12)
    d.allowance_hours = Decimal(3)
    d.save()
    dated(d, 2025, 4, 20, 12)
    e = psw(team, D(2020, 1, 1), D(2024, 8, 31), allowance_hours=Decimal(5))
    dated(e, 2023, 1, 1, 12)
    today = D(2025, 6, 15)

    allowances = allowances_by_month(last_twelve_months(today))

    assert [(month.strftime("%b %Y"), total) for month, total in allowances.items()] == [
        ("Jul 2024", 6 + 4 + 2 + 5),
        ("Aug 2024", 6 + 4 + 2 + 5),
        ("Sep 2024", 6 + 4 + 8 + 2),
        ("Oct 2024", 6 + 4 + 8 + 2),
        ("Nov 2024", 10 + 4 + 8 + 2),
        ("Dec 2024", 10 + 4 + 8 + 2),
        ("Jan 2025", 10 + 4 + 8 + 2),
        ("Feb 2025", 10 + 0 + 8 + 2),
        ("Mar 2025", 10 + 0 + 8 + 2),
        ("Apr 2025", 10 + 0 + 8 + 3),
        ("May 2025", 10 + 0 + 8 + 3),
        ("Jun 2025", 10 + 0 + 8 + 3),
    ]
    assert [row.allowance for row in involvement_hours(today=today)] == list(allowances.values())
