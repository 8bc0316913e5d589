"""What the payment services share: who may act, and what an amount of money may be."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError

from peersupport.accounts.permissions import can
from peersupport.accounts.transitions import RuleKind, TransitionNotAllowed

from ..models import PaymentClaim
from ..transitions import CLAIM_TRANSITIONS, ClaimAction


def require_permission(by, permission: str, obj=None) -> None:
    if not can(by, permission, obj):
        raise PermissionDenied


def check_claim(action: ClaimAction, claim: PaymentClaim, by) -> None:
    """The claims table's answer (together_network/transitions.py) as the payment pages expect it:
    PermissionDenied for someone who may not act on claims at all, else ValidationError saying why."""
    try:
        CLAIM_TRANSITIONS.check(action, claim, by)
    except TransitionNotAllowed as refused:
        if refused.rule is not None and refused.rule.kind == RuleKind.PERMISSION:
            raise PermissionDenied from refused
        raise ValidationError(str(refused)) from refused


def amount_problem(amount: Decimal, *, what: str = "The amount") -> str | None:
    """Money is more than £0 and in pounds and pence."""
    if amount <= 0:
        return f"{what} must be more than £0"
    if amount.normalize().as_tuple().exponent < -2:
        return f"{what} must be in pounds and pence, like 25.50"
    if amount >= Decimal("1000000"):
        return f"{what} must be less than £1,000,000"
    return None
