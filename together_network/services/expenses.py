"""Expenses on a payment claim, with their receipts: added and removed while the claim waits for approval.

The claim's `expenses_total` is kept in step here. A receipt is checked by its name, the type
the browser states and its first bytes, stored under a name nobody can guess, and only ever
served by a view that checks who asks (views/claims.py:receipt).
"""

import uuid
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from ..models import Expense, ExpenseKind, PaymentClaim
from ..notification_types import ClaimsWaitingForApproval
from ..selectors import fees
from ..selectors.fees import ZERO
from ..transitions import ClaimAction
from .payment_checks import amount_problem, check_claim

# --- Expenses --------------------------------------------------------------------------------------

RECEIPT_TYPES = {
    ".pdf": {"application/pdf"},
    ".jpg": {"image/jpeg", "image/pjpeg"},
    ".jpeg": {"image/jpeg", "image/pjpeg"},
    ".png": {"image/png"},
    ".heic": {"image/heic", "image/heif", "image/heic-sequence", "image/heif-sequence"},
}
RECEIPT_CONTENT_TYPES = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}
RECEIPT_MAX_BYTES = 5 * 1024 * 1024
HEIC_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}


def _looks_like(extension: str, head: bytes) -> bool:
    """The file's first bytes agree with its extension, so a renamed file is refused."""
    if extension == ".pdf":
        return head.startswith(b"%PDF-")
    if extension in {".jpg", ".jpeg"}:
        return head.startswith(b"\xff\xd8\xff")
    if extension == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    return head[4:8] == b"ftyp" and head[8:12] in HEIC_BRANDS


def receipt_problem(receipt) -> str | None:
    """A receipt is a PDF, JPEG, PNG or HEIC of 5 MB or less: by its name, its stated type and its first bytes."""
    extension = Path(receipt.name or "").suffix.lower()
    if extension not in RECEIPT_TYPES:
        return "The receipt must be a PDF, JPEG, PNG or HEIC file"
    if receipt.size > RECEIPT_MAX_BYTES:
        return "The receipt must be 5 MB or smaller"
    content_type = (getattr(receipt, "content_type", "") or "").split(";")[0].strip().lower()
    if content_type and content_type not in RECEIPT_TYPES[extension] | {"application/octet-stream"}:
        return "The receipt must be a PDF, JPEG, PNG or HEIC file"
    receipt.seek(0)
    head = receipt.read(16)
    receipt.seek(0)
    if not _looks_like(extension, head):
        return "The receipt's contents are not a PDF, JPEG, PNG or HEIC file: check you chose the right file"
    return None


def _open_claim(claim: PaymentClaim, *, action: ClaimAction, by) -> PaymentClaim:
    """The claim, locked, once the claims table lets `by` change its expenses."""
    claim = PaymentClaim.objects.select_for_update(of=("self",)).select_related("expert").get(pk=claim.pk)
    check_claim(action, claim, by)
    return claim


def _keep_total(claim: PaymentClaim) -> None:
    claim.expenses_total = claim.expenses.aggregate(total=Sum("amount"))["total"] or ZERO
    claim.save(update_fields=["expenses_total"])


@transaction.atomic
def expense_add(*, claim: PaymentClaim, kind: str, description: str, amount: Decimal, receipt=None, by) -> Expense:
    """An expense on a claim waiting for approval. A receipt is needed, except for travel (a bus fare, mileage)."""
    claim = _open_claim(claim, action=ClaimAction.ADD_EXPENSE, by=by)
    problems = {}
    if kind not in ExpenseKind.values:
        problems["kind"] = "Choose travel, care costs or other"
    if not description.strip():
        problems["description"] = "Say what the expense was for"
    if problem := amount_problem(amount):
        problems["amount"] = problem
    if receipt:
        if problem := receipt_problem(receipt):
            problems["receipt"] = problem
    elif kind != ExpenseKind.TRAVEL:
        problems["receipt"] = "Attach the receipt"
    if problems:
        raise ValidationError(problems)
    expense = Expense(claim=claim, kind=kind, description=description.strip()[:200], amount=fees.to_pence(amount))
    if receipt:
        # Stored under a name nobody can guess; it is only ever served by a view that checks who asks.
        receipt.name = f"{uuid.uuid4().hex}{Path(receipt.name).suffix.lower()}"
        expense.receipt = receipt
    expense.save()
    _keep_total(claim)
    if claim.fee == ZERO:
        # A claim opened for expenses only (claim_open_for_expenses) waits for approval once it has
        # something to approve: the coordinators hear of it once (its key is the claim).
        request = PaymentClaim.objects.select_related("attendance__invitation__request").get(pk=claim.pk)
        ClaimsWaitingForApproval(request=request.attendance.invitation.request, claims=[claim]).send(actor=by)
    return expense


@transaction.atomic
def expense_remove(*, expense: Expense, by) -> PaymentClaim:
    claim = _open_claim(expense.claim, action=ClaimAction.REMOVE_EXPENSE, by=by)
    receipt = expense.receipt.name if expense.receipt else ""
    expense.delete()
    _keep_total(claim)
    if receipt:
        storage = Expense._meta.get_field("receipt").storage
        transaction.on_commit(lambda: storage.delete(receipt))
    return claim
