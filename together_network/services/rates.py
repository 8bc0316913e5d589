"""Writes for the trust's rate card: a new line ends the one it replaces; lines are never edited or deleted.

Claims point at the line they were worked out with, so a line must stay in force on the days of
the claims that used it. Rules and reasons: docs/adr/0015-payments-and-benefit-thresholds.md.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import ClaimStatus, Rate, RateLevel, RateUnit
from ..selectors import fees
from .payment_checks import amount_problem, require_permission

RATE_MOST = Decimal("1000.00")  # per hour, half day or day: keeps every fee well inside the claim's 8 digits


def _same_line(*, activity_type, level: str, unit: str):
    lines = Rate.objects.select_for_update().filter(level=level, unit=unit)
    return lines.filter(activity_type=activity_type) if activity_type else lines.filter(activity_type__isnull=True)


def _line_name(activity_type, level: str, unit: str) -> str:
    return f"{activity_type.name if activity_type else 'Any activity'}, {level}, {RateUnit(unit).label.lower()}"


@transaction.atomic
def rate_add(
    *,
    activity_type,
    level: str,
    unit: str,
    amount: Decimal,
    effective_from: datetime.date,
    effective_until: datetime.date | None = None,
    by,
) -> Rate:
    """A new line; the line it replaces (same activity, level and unit) ends the day before.

    Lines of the same kind never overlap: a line that would start on or before a later line of
    the same kind is refused, since the card could no longer say which one a claim used.
    """
    require_permission(by, "together_network.manage_rates")
    problems = {}
    if level not in RateLevel.values:
        problems["level"] = "Choose standard or enhanced"
    if unit not in RateUnit.values:
        problems["unit"] = "Choose per hour, per half day or per day"
    if problem := amount_problem(amount):
        problems["amount"] = problem
    elif amount > RATE_MOST:
        problems["amount"] = f"A rate must be {fees.money(RATE_MOST)} or less"
    if effective_until is not None and effective_until < effective_from:
        problems["effective_until"] = f"The last day must be on or after {fees.long_date(effective_from)}"
    if problems:
        raise ValidationError(problems)
    same = list(_same_line(activity_type=activity_type, level=level, unit=unit).order_by("effective_from"))
    later = [line for line in same if line.effective_from >= effective_from]
    if later:
        raise ValidationError(
            {
                "effective_from": f"{_line_name(activity_type, level, unit)} already has a rate from "
                f"{fees.long_date(later[-1].effective_from)}: a new rate must start after that day"
            }
        )
    previous = same[-1] if same else None
    if previous is not None and (previous.effective_until is None or previous.effective_until >= effective_from):
        _refuse_if_claims_after(previous, effective_from - datetime.timedelta(days=1), field="effective_from")
        previous.effective_until = effective_from - datetime.timedelta(days=1)
        previous.save(update_fields=["effective_until"])
    return Rate.objects.create(
        activity_type=activity_type,
        level=level,
        unit=unit,
        amount=fees.to_pence(amount),
        effective_from=effective_from,
        effective_until=effective_until,
    )


def _refuse_if_claims_after(rate: Rate, last_day: datetime.date, *, field: str) -> None:
    """A claim keeps the line it was worked out with, so that line must stay in force on the claim's dates.

    The claim links the line of its first session; its further sessions within the line's span
    were paid by the same line, so they hold it too.
    """
    claims = rate.claims.exclude(status=ClaimStatus.REJECTED)
    session = "attendance__invitation__request__further_sessions__date"
    within = {f"{session}__gt": last_day}
    if rate.effective_until is not None:
        within[f"{session}__lte"] = rate.effective_until
    first_day = claims.filter(activity_date__gt=last_day).order_by("-activity_date")
    later_session = claims.filter(**within).order_by(f"-{session}")
    found = [
        first_day.values_list("activity_date", flat=True).first(),
        later_session.values_list(session, flat=True).first(),
    ]
    used_on = max((day for day in found if day is not None), default=None)
    if used_on is not None:
        raise ValidationError(
            {
                field: f"A claim for an activity on {fees.long_date(used_on)} was worked out "
                f"at the rate in force then ({fees.money(rate.amount)}): the change must come after that day"
            }
        )


@transaction.atomic
def rate_end(*, rate: Rate, last_day: datetime.date, by) -> Rate:
    """Stop a line after `last_day`. Claims it already paid for later activities would lose their rate: refused."""
    require_permission(by, "together_network.manage_rates")
    rate = Rate.objects.select_for_update().get(pk=rate.pk)
    if last_day < rate.effective_from:
        raise ValidationError({"last_day": f"The last day must be on or after {fees.long_date(rate.effective_from)}"})
    if rate.effective_until is not None and last_day > rate.effective_until:
        raise ValidationError({"last_day": f"This rate already ends on {fees.long_date(rate.effective_until)}"})
    _refuse_if_claims_after(rate, last_day, field="last_day")
    rate.effective_until = last_day
    rate.save(update_fields=["effective_until"])
    return rate
