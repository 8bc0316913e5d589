"""Payment claims for coordinators and finance: approve in bulk, turn down, export, mark paid; expenses and receipts.

Receipts are never at a public address: `receipt` serves them to those who may see the claim.
"""

import mimetypes
from decimal import Decimal
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from peersupport.accounts.permissions import can, permission_required
from peersupport.ui.exports import download, safe
from peersupport.ui.pages import add_service_errors, form_page

from ..forms.payments import ExpenseForm, MarkPaidForm, RejectForm
from ..models import Attendance, ClaimStatus, Expense, PaymentClaim
from ..selectors import payments as selectors
from ..services import expenses
from ..services import payments as services
from ..transitions import CLAIM_TRANSITIONS, ClaimAction, allowed_claim_actions
from .payments import PAGE_SIZE
from .portal import network_crumbs


def claims_crumb() -> dict:
    return {"label": "Claims", "url": reverse("together_network:claims")}


def load_claim(request, claim_id: int, **_kwargs) -> PaymentClaim:
    try:
        return selectors.claim_detail(claim_id=claim_id)
    except PaymentClaim.DoesNotExist as missing:
        raise Http404("No such claim") from missing


def _counted(count: int) -> str:
    return f"{count} claim{'s' if count != 1 else ''}"


LARGEST_ID = 2**31 - 1  # a claim's id fits the database's integer; anything bigger is no claim


def _chosen(request) -> list[int]:
    """The claims ticked: whole numbers that can be a claim's id; anything else is ignored."""
    values = request.POST.getlist("claim")
    return [int(value) for value in values if value.isascii() and value.isdigit() and 0 < int(value) <= LARGEST_ID]


def _skipped_own(decided: services.Decided) -> str:
    if not decided.own:
        return ""
    return (
        f" {_counted(decided.own)} of your own {'was' if decided.own == 1 else 'were'} skipped: "
        "another network coordinator decides on it."
    )


def _act_on_selected(request, pay_form: MarkPaidForm):
    """Approve or mark paid the claims ticked; says how many changed and how many were left as they were."""
    chosen = _chosen(request)
    action = request.POST.get("action")
    if not chosen:
        messages.warning(request, "Select at least one claim.")
        return True
    if action == "approve":
        decided = services.claims_approve(claims=chosen, by=request.user)
        left = len(chosen) - decided.done - decided.own
        note = (
            f" {_counted(left)} not waiting for approval {'was' if left == 1 else 'were'} left as before."
            if left
            else ""
        )
        messages.success(request, f"{_counted(decided.done)} approved.{note}{_skipped_own(decided)}")
        return True
    if action == "pay" and pay_form.is_valid():
        try:
            decided = services.claims_mark_paid(claims=chosen, by=request.user, **pay_form.cleaned_data)
        except ValidationError as refused:
            add_service_errors(pay_form, refused)
            return False
        left = len(chosen) - decided.done - decided.own
        note = f" {_counted(left)} not approved {'was' if left == 1 else 'were'} left as before." if left else ""
        messages.success(request, f"{_counted(decided.done)} marked as paid.{note}{_skipped_own(decided)}")
        return True
    return False


def _ask_first(request, pay_form: MarkPaidForm):
    """Approving or marking paid several claims at once asks first: a page listing the claims that
    will change and their total; the action happens on its button (the same form, marked confirmed)."""
    chosen = _chosen(request)
    action = request.POST.get("action")
    if not chosen or action not in {"approve", "pay"} or (action == "pay" and not pay_form.is_valid()):
        return None
    if action == "approve" and not can(request.user, "together_network.approve_claims"):
        return None  # refused where the approving is done
    from_status = ClaimStatus.SUBMITTED if action == "approve" else ClaimStatus.APPROVED
    found = list(
        PaymentClaim.objects.filter(pk__in=chosen)
        .select_related("expert", "attendance__invitation__request")
        .order_by("pk")
    )
    changing = [claim for claim in found if claim.status == from_status and not services.is_own(claim, request.user)]
    carried = [
        (name, value) for name in request.POST if name != "csrfmiddlewaretoken" for value in request.POST.getlist(name)
    ]
    return render(
        request,
        "together_network/payments/claims_confirm.html",
        {
            "action": action,
            "claims": changing,
            "total": sum((claim.total for claim in changing), Decimal("0.00")),
            "left": len(found) - len(changing),
            "pay": pay_form.cleaned_data if action == "pay" else None,
            "carried": carried,
            "back": request.get_full_path(),
            "breadcrumbs": network_crumbs(claims_crumb()),
        },
    )


@permission_required("together_network.pay_claims")
def claims(request):
    """Claims by status, with checkboxes: approve in bulk (coordinators), mark paid (finance), download."""
    filters = selectors.claim_filters(data=request.GET)
    status = filters.status_shown
    pay_form = MarkPaidForm(request.POST if request.POST.get("action") == "pay" else None)
    if request.method == "POST" and "confirmed" not in request.POST and (asking := _ask_first(request, pay_form)):
        return asking
    if request.method == "POST" and _act_on_selected(request, pay_form):
        return redirect(f"{reverse('together_network:claims')}?{urlencode({'status': status})}")
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    user = request.user
    claims_shown = list(page.object_list)
    return render(
        request,
        "together_network/payments/claims.html",
        {
            "page": page,
            "claims": claims_shown,
            "own_claims": {claim.pk for claim in claims_shown if services.is_own(claim, user)},
            "filters": filters,
            "status": status,
            "counts": selectors.claim_counts(),
            "query": urlencode({"status": status}),
            "pay_form": pay_form,
            "can_approve": can(user, "together_network.approve_claims"),
            "can_open": can(user, "together_network.approve_claims"),
            "breadcrumbs": network_crumbs(),
        },
    )


EXPORT_HEADER = [
    "Claim ID",
    "Name",
    "Payment preference",
    "Activity",
    "Activity type",
    "Date",
    "Hours",
    "Fee (£)",
    "Expenses (£)",
    "Total (£)",
    "How the fee was worked out",
    "Approved on",
]


def _export_rows(claims):
    for claim in claims:
        request = claim.attendance.invitation.request
        yield [
            claim.pk,
            safe(claim.expert.full_name),
            claim.expert.get_payment_preference_display(),
            safe(request.title),
            request.activity_type.name,
            claim.activity_date,
            claim.attendance.actual_hours,
            claim.fee,
            claim.expenses_total,
            claim.total,
            safe(claim.fee_basis),
            claim.approved_at.date() if claim.approved_at else None,
        ]


@permission_required("together_network.pay_claims")
def claims_export(request):
    """Approved claims for finance to pay: who, what for and how much. No lived experience; no bank details are held."""
    export = download(
        request.GET.get("format", ""),
        stem="approved-claims",
        sheet_title="Approved claims",
        header=EXPORT_HEADER,
        rows=_export_rows(selectors.claims_for_export().iterator(chunk_size=500)),
    )
    if export is None:
        raise Http404("Choose format=csv or format=xlsx")
    return export


def claim_page(request, claim: PaymentClaim, *, template: str, expense_add: str, crumbs: list[dict]):
    """One claim with its expenses: the coordinator's page and the person's own page in their portal."""
    return render(
        request,
        template,
        {
            "claim": claim,
            "expenses": list(claim.expenses.all()),
            # What this person may do to the claim now, from the claims table its services check too.
            "actions": allowed_claim_actions(claim, request.user),
            "own_claim": services.is_own(claim, request.user),
            "expense_add_url": reverse(expense_add, args=[claim.pk]),
            "breadcrumbs": crumbs,
        },
    )


@permission_required("together_network.approve_claims", get_object=load_claim)
def claim(request, claim_id: int, obj: PaymentClaim):
    return claim_page(
        request,
        obj,
        template="together_network/payments/claim.html",
        expense_add="together_network:claim_expense_add",
        crumbs=network_crumbs(claims_crumb()),
    )


@permission_required("together_network.approve_claims", get_object=load_claim)
def claim_reject(request, claim_id: int, obj: PaymentClaim):
    claim_url = reverse("together_network:claim", args=[obj.pk])
    if refused := CLAIM_TRANSITIONS.why_not(ClaimAction.REJECT, obj, request.user):
        messages.warning(request, refused)
        return redirect(claim_url)

    def save(data):
        services.claim_reject(claim=obj, reason=data["reason"], by=request.user)
        return f"Claim {obj.pk} not approved. {obj.expert.full_name} has been told why.", claim_url

    return form_page(
        request,
        RejectForm(request.POST or None),
        heading="Turn down this claim",
        caption=f"Claim {obj.pk}: {obj.expert.full_name}",
        save=save,
        cancel_url=claim_url,
        crumbs=network_crumbs(claims_crumb(), {"label": f"Claim {obj.pk}", "url": claim_url}),
    )


def expense_page(request, claim: PaymentClaim, *, done_url: str, crumbs: list[dict]):
    """Add an expense (the person in their portal, or a coordinator for them)."""
    if not CLAIM_TRANSITIONS[ClaimAction.ADD_EXPENSE].allows(claim, request.user):
        messages.warning(request, "Expenses can only be added while the claim is waiting for approval.")
        return redirect(done_url)
    form = ExpenseForm(request.POST or None, request.FILES or None)

    def save(data):
        expense = expenses.expense_add(claim=claim, by=request.user, **data)
        return f"Expense added: {expense.description}, £{expense.amount}.", done_url

    request_ = claim.attendance.invitation.request
    return form_page(
        request,
        form,
        heading="Add an expense",
        caption=f"{request_.title}, {claim.activity_date:%-d %B %Y}",
        save=save,
        cancel_url=done_url,
        crumbs=crumbs,
        note="Expenses are paid back with the claim once it is approved. Keep any paper receipt until then.",
    )


@permission_required("together_network.approve_claims", get_object=load_claim)
def claim_expense_add(request, claim_id: int, obj: PaymentClaim):
    claim_url = reverse("together_network:claim", args=[obj.pk])
    crumbs = network_crumbs(claims_crumb(), {"label": f"Claim {obj.pk}", "url": claim_url})
    return expense_page(request, obj, done_url=claim_url, crumbs=crumbs)


def _expense(request, claim_id: int, expense_id: int) -> Expense:
    expense = Expense.objects.select_related("claim__expert").filter(pk=expense_id, claim_id=claim_id).first()
    if expense is None:
        raise Http404("No such expense")
    return expense


def _claim_page_for(user, claim: PaymentClaim) -> str:
    if can(user, "together_network.approve_claims"):
        return reverse("together_network:claim", args=[claim.pk])
    return reverse("together_network:portal_claim", args=[claim.pk])


@permission_required(
    "together_network.add_expense",
    get_object=lambda request, claim_id, expense_id: _expense(request, claim_id, expense_id).claim,
)
def expense_remove(request, claim_id: int, expense_id: int, obj: PaymentClaim):
    """Removing an expense asks first (it takes its receipt with it); removed on the page's button."""
    expense = _expense(request, claim_id, expense_id)
    back = _claim_page_for(request.user, obj)
    if request.method == "POST":
        try:
            expenses.expense_remove(expense=expense, by=request.user)
            messages.success(request, f"Expense removed: {expense.description}.")
        except ValidationError as refused:
            messages.warning(request, " ".join(refused.messages))
        return redirect(back)
    return render(
        request,
        "together_network/payments/expense_remove.html",
        {
            "claim": obj,
            "expense": expense,
            "total_after": obj.total - expense.amount,
            "back": back,
            "breadcrumbs": network_crumbs(claims_crumb())
            if can(request.user, "together_network.approve_claims")
            else network_crumbs(),
        },
    )


RECEIPT_CONTENT_TYPES = {".heic": "image/heic", **expenses.RECEIPT_CONTENT_TYPES}


@permission_required(
    "together_network.view_claim",
    get_object=lambda request, claim_id, expense_id: _expense(request, claim_id, expense_id).claim,
)
def receipt(request, claim_id: int, expense_id: int, obj: PaymentClaim):
    """A receipt, always as a download: never shown inline, never sniffed into another type."""
    expense = _expense(request, claim_id, expense_id)
    if not expense.receipt:
        raise Http404("No receipt")
    extension = Path(expense.receipt.name).suffix.lower()
    content_type = RECEIPT_CONTENT_TYPES.get(extension) or mimetypes.guess_type(expense.receipt.name)[0]
    response = FileResponse(
        expense.receipt.open("rb"),
        as_attachment=True,
        filename=f"receipt-claim-{obj.pk}-expense-{expense.pk}{extension}",
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _attendance_claim(request, attendance_id: int) -> PaymentClaim:
    """The claim the person would have: the permission is theirs (or a coordinator's) whether or not it exists yet."""
    attendance = Attendance.objects.select_related("invitation__expert", "claim").filter(pk=attendance_id).first()
    if attendance is None:
        raise Http404("No such attendance")
    claim = getattr(attendance, "claim", None) or PaymentClaim(expert=attendance.invitation.expert)
    claim.opened_for = attendance
    return claim


@require_POST
@permission_required("together_network.add_expense", get_object=_attendance_claim)
def claim_for_expenses(request, attendance_id: int, obj: PaymentClaim):
    """Someone who took part for no fee claims their expenses: a claim with no fee is opened for them."""
    try:
        claim = services.claim_open_for_expenses(attendance=obj.opened_for, by=request.user)
    except ValidationError as refused:
        messages.warning(request, " ".join(refused.messages))
        coordinator = can(request.user, "together_network.approve_claims")
        return redirect("together_network:claims" if coordinator else "together_network:portal_payments")
    if can(request.user, "together_network.approve_claims"):
        return redirect("together_network:claim_expense_add", claim.pk)
    return redirect("together_network:portal_expense_add", claim.pk)
