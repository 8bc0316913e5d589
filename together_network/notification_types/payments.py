"""Payment claims: waiting for the coordinators' approval, then approved, turned down or paid."""

from dataclasses import dataclass

from django.urls import reverse

from involvement.models import InvolvementRequest
from notifications.types import NotificationType
from peersupport.accounts.selectors import coordinators

from ..models import PaymentClaim
from ..selectors.fees import money
from .common import COORDINATORS, expert_recipient

# --- Payment claims ----------------------------------------------------------------------------------------


@dataclass(kw_only=True)
class ClaimsWaitingForApproval(NotificationType):
    """New claims wait for a coordinator's approval: one message per attendance recording that made
    claims (about the first of them), and one when expenses are first added to a claim opened for
    expenses only. A coordinator whose own claims are all there is not asked: they cannot approve them."""

    slug = "network_claims_waiting"
    title = "Payment claims wait for your approval"
    sent_to = COORDINATORS
    request: InvolvementRequest
    claims: list  # PaymentClaim, with their expert

    def recipients(self) -> list:
        claimants = {claim.expert.user_id for claim in self.claims}
        return [person for person in coordinators() if claimants != {person.pk}]

    def about(self) -> PaymentClaim:
        return min(self.claims, key=lambda claim: claim.pk)

    def subject(self) -> str:
        count = len(self.claims)
        return f"{count} payment claim{'s' if count != 1 else ''} waiting for approval: {self.request.title}"

    def context(self) -> dict:
        return {"request": self.request, "claims": sorted(self.claims, key=lambda claim: claim.expert.full_name)}

    def link(self) -> str:
        return reverse("together_network:claims")


@dataclass(kw_only=True)
class ToTheClaimant(NotificationType):
    sent_to = "the expert by experience who claimed"
    claim: PaymentClaim

    def recipients(self) -> list:
        return [expert_recipient(self.claim.expert)]

    def about(self) -> PaymentClaim:
        return self.claim

    def context(self) -> dict:
        return {"claim": self.claim, "request": self.claim.attendance.invitation.request}

    def link(self) -> str:
        return reverse("together_network:portal_claim", args=[self.claim.pk])


@dataclass(kw_only=True)
class ClaimApproved(ToTheClaimant):
    slug = "network_claim_approved"
    title = "Your claim was approved"

    def subject(self) -> str:
        return f"Claim approved: {money(self.claim.total)}"


@dataclass(kw_only=True)
class ClaimRejected(ToTheClaimant):
    slug = "network_claim_rejected"
    title = "Your claim was not approved"

    def subject(self) -> str:
        return "Your claim has not been approved"


@dataclass(kw_only=True)
class ClaimPaid(ToTheClaimant):
    slug = "network_claim_paid"
    title = "Your claim was paid"

    def subject(self) -> str:
        return f"Claim paid: {money(self.claim.total)}"
