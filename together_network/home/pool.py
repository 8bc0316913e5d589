"""The coordinators' home panel for the pool: consents to review and applicants part way through joining."""

from django.urls import reverse
from django.utils.http import urlencode

from peersupport.accounts.home import Panel, register_panel
from peersupport.accounts.roles import Role

from ..selectors.pool import CONSENT_DUE_DAYS, pool_attention


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
