"""Involvement's figures on the workforce's pages: PSW hours approved against their allowances.

The workforce's pages do not read involvement (apps depend downwards, docs/adr/0017-app-boundaries.md);
they name slots, and involvement adds its sections to them here (registered in the AppConfig's ready()):

- "workforce.profile": the "Involvement this month" row of a peer support worker's profile;
- "workforce.dashboard": the involvement hours against allowances, this month and the eleven before.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from peersupport.ui.slots import Section, register_section
from workforce.models import PeerSupportWorker
from workforce.selectors.dashboard import allowances_by_month, last_twelve_months

from .selectors import psw_hours_booked, psw_hours_booked_by_month

PROFILE_SLOT = "workforce.profile"
DASHBOARD_SLOT = "workforce.dashboard"


@dataclass(frozen=True)
class MonthHours:
    month: datetime.date
    booked: Decimal
    allowance: Decimal

    @property
    def percent_used(self) -> int | None:
        return round(self.booked * 100 / self.allowance) if self.allowance else None


def involvement_hours(*, today: datetime.date | None = None) -> list[MonthHours]:
    """Approved PSW involvement hours against allowances, this month and the eleven before (three queries)."""
    today = today or timezone.localdate()
    months = last_twelve_months(today)
    booked = psw_hours_booked_by_month(first_month=months[0], last_month=months[-1])
    allowances = allowances_by_month(months)
    return [MonthHours(month, booked.get(month, Decimal(0)), allowances[month]) for month in months]


def profile_hours(request, *, worker: PeerSupportWorker, **objects) -> dict:
    """The hours approved for the person this month, against their allowance (one query)."""
    return {
        "booked": psw_hours_booked(peer_support_worker=worker, month_of=timezone.localdate()),
        "allowance": worker.monthly_allowance,
    }


def dashboard_hours(request, *, today: datetime.date | None = None, **objects) -> dict:
    months = involvement_hours(today=today)
    return {"involvement": months, "this_month": months[-1]}


def register_sections() -> None:
    register_section(
        PROFILE_SLOT,
        Section(key="involvement_hours", template="involvement/sections/profile_hours.html", context=profile_hours),
    )
    register_section(
        DASHBOARD_SLOT,
        Section(key="involvement_hours", template="involvement/sections/dashboard_hours.html", context=dashboard_hours),
    )
