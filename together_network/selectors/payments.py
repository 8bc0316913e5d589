"""Reads for attendance and claims: the pages that list, open and pay them.

Earnings against benefit thresholds (warnings, the report) and the rate card's reads are in
selectors/earnings.py, benefit periods in selectors/periods.py; they are also named here for
the pages and apps that import them from this module (docs/adr/0015).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet
from django.utils import timezone

from involvement.models import InvolvementRequest, Route, Status
from peersupport.ui.filters import DefaultChoiceFilter, ListFilters, SortFilter
from together_network.models import Invitation, InvitationStatus

from ..models import Attendance, ClaimStatus, ExpertByExperience, PaymentClaim
from .earnings import (
    OWN_PERIOD,
    REPORT_PERIODS,
    EarningsOutlook,
    earnings_in_period,
    earnings_outlooks,
    earnings_report,
    estimated_fee,
    limits_passed,
    offer_warnings,
    planned_minutes,
    rate_card,
    report_rows,
    sessions_of,
)
from .fees import ZERO
from .periods import PER, Period, earnings_period, tax_year_start

__all__ = [  # named here for those who import them from this module
    "OWN_PERIOD",
    "PER",
    "REPORT_PERIODS",
    "EarningsOutlook",
    "Period",
    "earnings_in_period",
    "earnings_outlooks",
    "earnings_period",
    "earnings_report",
    "estimated_fee",
    "limits_passed",
    "offer_warnings",
    "planned_minutes",
    "rate_card",
    "report_rows",
    "sessions_of",
    "tax_year_start",
]

# --- Attendance and claims ------------------------------------------------------------------------------


def booked_places(*, request: InvolvementRequest) -> list[Invitation]:
    """The people with a place on the request, in the order they took it, with any attendance and claim.

    Each has `shown_name`: their name if their current consent shares it with the requester, else
    "Person 1 (name not shared)" and so on. Coordinators see names (the page chooses); one query.
    """
    from .consent import latest_consent, name_places

    return name_places(
        Invitation.objects.filter(request=request, status=InvitationStatus.ACCEPTED)
        .select_related("expert", "attendance__claim")
        .annotate(shares_name=latest_consent("share_name_when_booked", expert="expert"))
        .order_by("answered_at", "pk"),
        names=False,
    )


def _claims_base() -> QuerySet[PaymentClaim]:
    return PaymentClaim.objects.select_related(
        "expert", "rate", "attendance__invitation__request__activity_type"
    ).annotate(expense_count=Count("expenses"))


CLAIM_ORDER = ["activity_date", "expert__full_name", "pk"]
ALL_CLAIMS = "all"


class ClaimFilters(ListFilters):
    """The claims list's filter: the claims of one status, or all of them; those waiting for approval
    unless another is asked for (a status the list does not know shows those too)."""

    button = "Show claims"

    status = DefaultChoiceFilter(
        choices=[*ClaimStatus.choices, (ALL_CLAIMS, "All claims")],
        label="Show",
        default=ClaimStatus.SUBMITTED,
        every=ALL_CLAIMS,
    )
    sort = SortFilter({"date": ("Activity date", CLAIM_ORDER)})

    def offered(self) -> list[str]:
        return ["status"]  # one order only: nothing to choose

    @property
    def status_shown(self) -> str:
        """The status whose claims are shown ("all" for every claim), for the page's addresses."""
        return self.form["status"].value()


def claim_filters(*, data=None) -> ClaimFilters:
    """The claims list, by the page's `status` parameter, with what its table shows loaded."""
    return ClaimFilters(data, _claims_base())


def claims_for_export() -> QuerySet[PaymentClaim]:
    """Approved claims, for finance to pay."""
    return _claims_base().filter(status=ClaimStatus.APPROVED).order_by(*CLAIM_ORDER)


def claim_detail(*, claim_id: int) -> PaymentClaim:
    return (
        PaymentClaim.objects.select_related(
            "expert", "rate__activity_type", "approved_by", "paid_by", "attendance__invitation__request__activity_type"
        )
        .prefetch_related("expenses")
        .get(pk=claim_id)
    )


def claim_counts() -> dict[str, int]:
    counts = dict(PaymentClaim.objects.values("status").annotate(total=Count("pk")).values_list("status", "total"))
    return {status: counts.get(status, 0) for status in ClaimStatus.values}


@dataclass(frozen=True)
class PortalPayments:
    claims: list[PaymentClaim]
    unclaimed: list[Attendance]  # activities they came to with no fee and no claim: they can claim expenses
    waiting: Decimal
    approved: Decimal
    paid: Decimal


def portal_payments(*, expert: ExpertByExperience) -> PortalPayments:
    claims = list(_claims_base().filter(expert=expert).order_by("-activity_date", "-pk"))
    unclaimed = list(
        Attendance.objects.filter(invitation__expert=expert, attended=True, claim__isnull=True)
        .select_related("invitation__request")
        .order_by("-invitation__activity_date")
    )

    def total(status: str) -> Decimal:
        return sum((claim.total for claim in claims if claim.status == status), ZERO)

    return PortalPayments(
        claims=claims,
        unclaimed=unclaimed,
        waiting=total(ClaimStatus.SUBMITTED),
        approved=total(ClaimStatus.APPROVED),
        paid=total(ClaimStatus.PAID),
    )


# Requests whose attendance may be recorded (once the activity's day has come).
ATTENDANCE_STATUSES = {Status.OPEN, Status.FILLED, Status.COMPLETED, Status.CLOSED}


def attendance_to_record(*, requester=None) -> QuerySet[InvolvementRequest]:
    """Network requests that have happened, with someone booked whose attendance is not recorded."""
    requests = InvolvementRequest.objects.filter(
        route=Route.NETWORK,
        status__in=ATTENDANCE_STATUSES,
        activity_date__lte=timezone.localdate(),
        invitations__status=InvitationStatus.ACCEPTED,
        invitations__attendance__isnull=True,
    )
    if requester is not None:
        requests = requests.filter(requester=requester)
    return requests.distinct().order_by("activity_date", "pk")
