"""The expert by experience's own payments in their portal: claims, their status, expenses and receipts."""

from django.shortcuts import redirect, render
from django.urls import reverse

from peersupport.accounts.permissions import permission_required

from ..models import PaymentClaim
from ..selectors import expert_of
from ..selectors import payments as selectors
from .claims import claim_page, expense_page, load_claim
from .portal import portal_crumbs


def _payments_crumb() -> dict:
    return {"label": "Payments", "url": reverse("together_network:portal_payments")}


@permission_required("together_network.view_portal")
def portal_payments(request):
    expert = expert_of(user=request.user)
    return render(
        request,
        "together_network/payments/portal_payments.html",
        {
            "expert": expert,
            "payments": selectors.portal_payments(expert=expert) if expert else None,
            "breadcrumbs": portal_crumbs(),
        },
    )


def _theirs(request, claim: PaymentClaim) -> bool:
    return claim.expert.user_id is not None and claim.expert.user_id == request.user.pk


@permission_required("together_network.view_claim", get_object=load_claim)
def portal_claim(request, claim_id: int, obj: PaymentClaim):
    if not _theirs(request, obj):  # a coordinator: their own page for it
        return redirect("together_network:claim", obj.pk)
    return claim_page(
        request,
        obj,
        template="together_network/payments/portal_claim.html",
        expense_add="together_network:portal_expense_add",
        crumbs=portal_crumbs(_payments_crumb()),
    )


@permission_required("together_network.add_expense", get_object=load_claim)
def portal_expense_add(request, claim_id: int, obj: PaymentClaim):
    if not _theirs(request, obj):
        return redirect("together_network:claim_expense_add", obj.pk)
    claim_url = reverse("together_network:portal_claim", args=[obj.pk])
    crumbs = portal_crumbs(_payments_crumb(), {"label": f"{obj.activity_date:%-d %B %Y}", "url": claim_url})
    return expense_page(request, obj, done_url=claim_url, crumbs=crumbs)
