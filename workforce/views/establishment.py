"""Establishment and growth: funded posts per team against people in post, and the strategy's targets.

The page is for the peer support lead and admins; only the peer support lead changes posts and
targets (admins can in Django admin). Every change goes through a service in `workforce.services`.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from peersupport.accounts.permissions import can, permission_required
from peersupport.ui import charts
from peersupport.ui.pages import form_page

from .. import services
from ..forms import FundedPostEndForm, FundedPostForm, GrowthTargetForm
from ..models import FundedPost, GrowthTarget
from ..selectors.establishment import establishment_overview
from .common import workforce_crumbs


def _establishment_crumb() -> dict:
    return {"label": "Establishment and growth", "url": reverse("workforce:establishment")}


@permission_required("workforce.see_establishment")
def establishment(request):
    figures = establishment_overview()
    chart = charts.grouped_bars(
        [(row.label, [row.funded, row.in_post]) for row in figures["over_time"]],
        series=["Funded WTE", "WTE in post"],
        short_names=["funded", "in post"],
    )
    return render(
        request,
        "workforce/establishment/overview.html",
        {
            **figures,
            "chart": chart,
            "can_manage": can(request.user, "workforce.manage_establishment"),
            "breadcrumbs": workforce_crumbs(),
        },
    )


def _form_page(request, form, *, heading: str, save, caption: str = "Establishment and growth", back: str = ""):
    """A form for the establishment: `save(cleaned_data)` returns the message shown on the establishment page."""
    done_url = reverse("workforce:establishment")
    return form_page(
        request,
        form,
        heading=heading,
        caption=caption,
        save=lambda data: (save(data), done_url),  # the message shows at the top of the page
        cancel_url=done_url + back,
        crumbs=workforce_crumbs(_establishment_crumb()),
    )


def _data(request):
    return request.POST if request.method == "POST" else None


# --- Funded posts ---------------------------------------------------------------------------


def _funded_post(request, post_id: int, **_kwargs) -> FundedPost:
    try:
        return FundedPost.objects.select_related("team__service", "pathway_role").get(pk=post_id)
    except FundedPost.DoesNotExist as missing:
        raise Http404("No such funded post") from missing


def _describe(post: FundedPost) -> str:
    return f"{post.whole_time_equivalent} WTE in {post.team.name} from {post.funded_from:%-d %B %Y}"


POST_FIELDS = ("team", "whole_time_equivalent", "funded_from", "funded_until", "pathway_role", "note")


@permission_required("workforce.manage_establishment")
def funded_post_add(request):
    def save(data):
        post = services.funded_post_add(**{name: data[name] for name in POST_FIELDS})
        return f"Funded post added: {_describe(post)}."

    return _form_page(request, FundedPostForm(_data(request)), heading="Add a funded post", save=save, back="#posts")


@permission_required("workforce.manage_establishment", get_object=_funded_post)
def funded_post_change(request, post_id: int, obj: FundedPost):
    def save(data):
        post = services.funded_post_update(post=obj, **{name: data[name] for name in POST_FIELDS})
        return f"Funded post changed: {_describe(post)}."

    form = FundedPostForm(_data(request), post=obj)
    return _form_page(request, form, heading="Change a funded post", caption=_describe(obj), save=save, back="#posts")


@permission_required("workforce.manage_establishment", get_object=_funded_post)
def funded_post_end(request, post_id: int, obj: FundedPost):
    def save(data):
        post = services.funded_post_end(post=obj, funded_until=data["funded_until"])
        return f"The funding of {_describe(post)} ends on {post.funded_until:%-d %B %Y}."

    form = FundedPostEndForm(_data(request), post=obj)
    return _form_page(request, form, heading="End a post's funding", caption=_describe(obj), save=save, back="#posts")


# --- Growth targets -------------------------------------------------------------------------


def _growth_target(request, target_id: int, **_kwargs) -> GrowthTarget:
    try:
        return GrowthTarget.objects.get(pk=target_id)
    except GrowthTarget.DoesNotExist as missing:
        raise Http404("No such growth target") from missing


def _save_target(target: GrowthTarget | None):
    def save(data):
        saved = services.growth_target_save(
            target=target,
            target_date=data["target_date"],
            headcount=data["headcount"],
            whole_time_equivalent=data["whole_time_equivalent"],
            note=data["note"],
        )
        return f"Growth target {'changed' if target else 'added'}: {saved}."

    return save


@permission_required("workforce.manage_establishment")
def growth_target_add(request):
    form = GrowthTargetForm(_data(request))
    return _form_page(request, form, heading="Add a growth target", save=_save_target(None), back="#targets")


@permission_required("workforce.manage_establishment", get_object=_growth_target)
def growth_target_change(request, target_id: int, obj: GrowthTarget):
    form = GrowthTargetForm(_data(request), target=obj)
    return _form_page(
        request,
        form,
        heading="Change a growth target",
        caption=f"Target for {obj.target_date:%-d %B %Y}",
        save=_save_target(obj),
        back="#targets",
    )


@permission_required("workforce.manage_establishment", get_object=_growth_target)
def growth_target_delete(request, target_id: int, obj: GrowthTarget):
    if request.method == "POST":
        services.growth_target_delete(target=obj)
        messages.success(request, f"Growth target deleted: {obj}.")
        return redirect("workforce:establishment")
    context = {"target": obj, "breadcrumbs": workforce_crumbs(_establishment_crumb())}
    return render(request, "workforce/establishment/target_delete.html", context)
