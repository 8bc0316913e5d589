"""Applying to join: the coordinator sends a link (a page of its own), and the person applies from
it on a public page: the signed, single-use link is its authority, so no login is needed."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from peersupport.accounts.permissions import permission_required
from peersupport.ui.pages import add_service_errors, form_page

from ..forms.apply import ApplicationForm
from ..forms.pool import ApplicationLinkForm
from ..models import ApplicationLink
from ..services import applications as services
from .pool import pool_crumbs

RECENT_LINKS = 10


@permission_required("together_network.manage_pool")
def invite_to_apply(request):
    def save(data):
        link = services.application_link_send(email=data["email"], full_name=data["full_name"], by=request.user)
        return f"We have emailed a link to apply to {link.email}.", reverse("together_network:invite_to_apply")

    recent = list(
        ApplicationLink.objects.select_related("created_by", "expert").order_by("-created_at", "-pk")[:RECENT_LINKS]
    )
    return form_page(
        request,
        ApplicationLinkForm(request.POST if request.method == "POST" else None),
        heading="Send a link to apply",
        note="They get an email with a link to a form where they tell us about themselves and give their consent. "
        "The link works once, for 30 days.",
        save=save,
        cancel_url=reverse("together_network:pool"),
        crumbs=pool_crumbs(),
        template="together_network/pool/invite_to_apply.html",
        save_label="Send the link",
        extra_context={
            "links": [
                {
                    "link": link,
                    "expires_on": services.link_expires_on(link),
                    "expired": services.link_expires_on(link) < timezone.localdate(),
                }
                for link in recent
            ],
        },
    )


def _problem(request, problem: services.ApplicationLinkProblem):
    return render(
        request,
        "together_network/pool/apply_problem.html",
        {"problem": str(problem), "heading": problem.heading},
        status=problem.status,
    )


@login_not_required
@never_cache
def apply(request, token: str):
    """The application form from an emailed link: once only, for 30 days; a broken link says so kindly."""
    try:
        link = services.application_link_read(token)
    except services.ApplicationLinkProblem as problem:
        return _problem(request, problem)
    form = ApplicationForm(
        request.POST if request.method == "POST" else None, initial={"email": link.email, "full_name": link.full_name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            expert = services.application_submit(token=token, **form.answers())
        except services.ApplicationLinkProblem as problem:
            return _problem(request, problem)
        except ValidationError as refused:
            add_service_errors(form, refused)
        else:
            return render(request, "together_network/pool/apply_done.html", {"expert": expert})
    return render(request, "together_network/pool/apply.html", {"form": form})
