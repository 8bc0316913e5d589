"""What the pool's services share: who may act, locking a person's row, saving with history."""

import datetime

from django.core.exceptions import PermissionDenied

from peersupport.accounts.permissions import can
from peersupport.accounts.selectors import coordinators  # noqa: F401  the pool's services import it from here

from ..models import ExpertByExperience


def require_coordinator(by, expert: ExpertByExperience | None = None) -> None:
    """Views check the same permission; the services check again, so no other caller slips past.

    Given the person acted on, a coordinator who is that person is refused too: nobody manages
    their own record.
    """
    if not can(by, "together_network.manage_pool", expert):
        if expert is not None and can(by, "together_network.manage_pool"):
            raise PermissionDenied("Nobody manages their own record: another coordinator will do this for you.")
        raise PermissionDenied("Only network coordinators manage the pool.")


def locked(expert: ExpertByExperience) -> ExpertByExperience:
    """The person's row, locked for this transaction and read afresh."""
    return ExpertByExperience.objects.select_for_update().get(pk=expert.pk)


def save_with_history(expert: ExpertByExperience, *, by, reason: str = "", fields: list[str] | None = None) -> None:
    """Save, with the history's who (`by`, None for the person applying or the system) and why."""
    expert._history_user = by
    if reason:
        expert._change_reason = reason[:100]  # simple-history's limit
    expert.save(update_fields=fields)


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later; 29 February becomes 28 February in a year without one."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
