"""Home-page panels for attendance and payments: what to record, approve, or look out for."""

from peersupport.accounts.home import Panel, register_panel
from peersupport.accounts.roles import Role

from ..models import ClaimStatus, PaymentClaim
from ..selectors import expert_of
from ..selectors import payments as selectors

SHOWN = 5


def _to_record(requester=None) -> dict:
    requests = selectors.attendance_to_record(requester=requester)
    return {"requests": list(requests[:SHOWN]), "total": requests.count()}


def _claims(user) -> dict:
    return {"waiting": PaymentClaim.objects.filter(status=ClaimStatus.SUBMITTED).count(), **_to_record()}


def _own_attendance(user) -> dict:
    return _to_record(requester=user)


def _payments(user) -> dict:
    expert = expert_of(user=user)
    if expert is None:
        return {}
    payments = selectors.portal_payments(expert=expert)
    return {"payments": payments, "unclaimed": len(payments.unclaimed)}


register_panel(
    Role.NETWORK_COORDINATOR,
    Panel(
        key="network_claims",
        title="Attendance and claims",
        template="together_network/panels/claims.html",
        order=20,
        context=_claims,
    ),
)
register_panel(
    Role.REQUESTER,
    Panel(
        key="attendance_to_record",
        title="Who took part",
        template="together_network/panels/attendance_to_record.html",
        order=40,
        context=_own_attendance,
    ),
)
register_panel(
    Role.EXPERT_BY_EXPERIENCE,
    Panel(
        key="your_payments",
        title="Your payments",
        template="together_network/panels/payments.html",
        order=30,
        context=_payments,
    ),
)
