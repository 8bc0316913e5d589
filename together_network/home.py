"""The Together network's panels on the home page: requests to match and invitations, joining and
consent, attendance and payments. Importing this module registers them (`apps.py`)."""

from django.urls import reverse
from django.utils.http import urlencode

from peersupport.accounts.home import Panel, register_panel
from peersupport.accounts.roles import Role

from .models import ClaimStatus, PaymentClaim
from .selectors import payments as payment_selectors
from .selectors.pool import CONSENT_DUE_DAYS, pool_attention
from .selectors.portal import expert_of, portal_invitations

# --- Requests to match, and an expert's invitations ------------------------------------------


def _to_match(user) -> dict:
    from involvement.selectors import requests_for_list

    open_requests = requests_for_list(user=user, scope="network", status="open", sort="soonest")
    return {"requests": list(open_requests[:5]), "total": open_requests.count()}


def _invitations(user) -> dict:
    expert = expert_of(user=user)
    if expert is None:
        return {"expert": None}
    invitations = portal_invitations(expert=expert)
    return {
        "expert": expert,
        "to_answer": invitations["to_answer"],
        "upcoming": invitations["upcoming"],
        "feedback_due": invitations["feedback_due"],
    }


register_panel(
    Role.NETWORK_COORDINATOR,
    Panel(
        key="network_requests",
        title="Requests to match",
        template="together_network/panels/to_match.html",
        order=10,
        context=_to_match,
    ),
)
register_panel(
    Role.EXPERT_BY_EXPERIENCE,
    Panel(
        key="invitations",
        title="Your invitations",
        template="together_network/panels/invitations.html",
        order=10,
        context=_invitations,
    ),
)


# --- Joining and consent -------------------------------------------------------------------------


def _pool_link(**filters) -> str:
    return f"{reverse('together_network:pool')}?{urlencode(filters)}"


def _joining_and_consent(user) -> dict:
    counts = pool_attention()
    items = [
        (counts["consent_lapsed"], "consent lapsed", "consents lapsed", _pool_link(consent="lapsed")),
        (
            counts["consent_due"],
            f"consent due for review within {CONSENT_DUE_DAYS} days",
            f"consents due for review within {CONSENT_DUE_DAYS} days",
            _pool_link(consent="due", sort="consent"),
        ),
        (
            counts["applicants_onboarding"],
            "applicant waiting for their next onboarding step",
            "applicants waiting for their next onboarding step",
            _pool_link(status="applicant", onboarding="missing", sort="newest"),
        ),
        (
            counts["applicants_ready"],
            "applicant with onboarding done, ready to make active",
            "applicants with onboarding done, ready to make active",
            _pool_link(status="applicant", onboarding="complete"),
        ),
    ]
    return {
        "items": [
            {"count": count, "text": one if count == 1 else many, "url": url}
            for count, one, many, url in items
            if count
        ],
        "pool_url": reverse("together_network:pool"),
    }


register_panel(
    Role.NETWORK_COORDINATOR,
    Panel(
        key="network_pool",
        title="Joining and consent",
        template="together_network/pool/panel.html",
        order=20,
        context=_joining_and_consent,
    ),
)


# --- Attendance and payments ---------------------------------------------------------------------


SHOWN = 5


def _to_record(requester=None) -> dict:
    requests = payment_selectors.attendance_to_record(requester=requester)
    return {"requests": list(requests[:SHOWN]), "total": requests.count()}


def _claims(user) -> dict:
    return {"waiting": PaymentClaim.objects.filter(status=ClaimStatus.SUBMITTED).count(), **_to_record()}


def _own_attendance(user) -> dict:
    return _to_record(requester=user)


def _payments(user) -> dict:
    expert = expert_of(user=user)
    if expert is None:
        return {}
    payments = payment_selectors.portal_payments(expert=expert)
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


# --- What admins may see of the network ------------------------------------------------------------

register_panel(
    Role.ADMIN,
    Panel(
        key="network_for_admins",
        title="The Together network",
        template="together_network/panels/for_admins.html",
        order=50,
    ),
)
