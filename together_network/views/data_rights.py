"""Data rights: a person's data to download (by them, or by a coordinator for them), anonymising a
leaver, and the retention review of people inactive for a long time."""

import json
from functools import cache

from django.conf import settings
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from peersupport.accounts.permissions import can, permission_required

from ..models import ExpertByExperience, ExpertStatus
from ..selectors import data_rights as selectors
from ..selectors import expert_of, personal_data
from ..services import data_rights as services
from .pool import expert_crumbs
from .portal import network_crumbs, portal_crumbs

RETENTION_PAGE_SIZE = 25


# --- Loading the person, and where pages sit ----------------------------------------------------


def _own_record(request, **_kwargs) -> ExpertByExperience | None:
    """The person's own record, or None (the permission then refuses anyone but a coordinator)."""
    return expert_of(user=request.user)


def _record(request, expert_id: int, **_kwargs) -> ExpertByExperience:
    expert = ExpertByExperience.objects.select_related("user").filter(pk=expert_id).first()
    if expert is None:
        raise Http404("No such person in the Together network")
    return expert


# --- Downloads ----------------------------------------------------------------------------------


def _stem(expert: ExpertByExperience, *, own: bool) -> str:
    today = timezone.localdate().isoformat()
    return f"together-network-my-data-{today}" if own else f"together-network-person-{expert.pk}-data-{today}"


def _json_download(expert: ExpertByExperience, *, own: bool) -> HttpResponse:
    data = selectors.expert_data_export(expert=expert)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_stem(expert, own=own)}.json"'
    return response


@cache
def _nhsuk_styles() -> str:
    """NHS.UK frontend's stylesheet, put inside the downloaded page so it reads well offline."""
    found = finders.find("nhsuk/nhsuk-frontend.min.css")
    if not found:
        return ""
    with open(found, encoding="utf-8") as stylesheet:
        return stylesheet.read()


def _html_download(request, expert: ExpertByExperience, *, own: bool) -> HttpResponse:
    """A page on its own, with its styles inside it: it is opened from the person's computer, not
    from this site, so the site's content security policy does not apply to it."""
    context = {**selectors.expert_data_readable(expert=expert), "own": own, "styles": _nhsuk_styles()}
    body = render_to_string("together_network/data_rights/report_file.html", context, request=request)
    response = HttpResponse(body, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_stem(expert, own=own)}.html"'
    return response


def _data_page(request, expert: ExpertByExperience, *, own: bool) -> HttpResponse:
    prefix = "together_network:my_data" if own else "together_network:expert_data"
    args = [] if own else [expert.pk]
    context = {
        "expert": expert,
        "own": own,
        "json_url": reverse(f"{prefix}_json", args=args),
        "html_url": reverse(f"{prefix}_html", args=args),
        "view_url": reverse(f"{prefix}_view", args=args),
        "can_anonymise": not own and can(request.user, "together_network.anonymise_expert", expert),
        "breadcrumbs": portal_crumbs() if own else expert_crumbs(expert),
    }
    return render(request, "together_network/data_rights/data.html", context)


def _readable_page(request, expert: ExpertByExperience, *, own: bool) -> HttpResponse:
    data_url = reverse("together_network:my_data") if own else reverse("together_network:expert_data", args=[expert.pk])
    crumbs = portal_crumbs() if own else expert_crumbs(expert)
    context = {
        **selectors.expert_data_readable(expert=expert),
        "own": own,
        "breadcrumbs": [*crumbs, {"label": "Your data" if own else "Their data", "url": data_url}],
    }
    return render(request, "together_network/data_rights/report_page.html", context)


def _guarded_own(view):
    """The person's own data pages: 404 for a coordinator who has no record of their own."""

    def wrapper(request, obj: ExpertByExperience | None):
        if obj is None:
            raise Http404("Your login is not linked to a Together network record")
        return view(request, obj)

    return permission_required("together_network.export_expert_data", get_object=_own_record)(wrapper)


my_data = _guarded_own(lambda request, expert: _data_page(request, expert, own=True))
my_data_json = _guarded_own(lambda request, expert: _json_download(expert, own=True))
my_data_html = _guarded_own(lambda request, expert: _html_download(request, expert, own=True))
my_data_view = _guarded_own(lambda request, expert: _readable_page(request, expert, own=True))


@permission_required("together_network.export_expert_data", get_object=_record)
def expert_data(request, expert_id: int, obj: ExpertByExperience):
    return _data_page(request, obj, own=False)


@permission_required("together_network.export_expert_data", get_object=_record)
def expert_data_json(request, expert_id: int, obj: ExpertByExperience):
    return _json_download(obj, own=False)


@permission_required("together_network.export_expert_data", get_object=_record)
def expert_data_html(request, expert_id: int, obj: ExpertByExperience):
    return _html_download(request, obj, own=False)


@permission_required("together_network.export_expert_data", get_object=_record)
def expert_data_view(request, expert_id: int, obj: ExpertByExperience):
    return _readable_page(request, obj, own=False)


# --- Anonymising ----------------------------------------------------------------------------------


@permission_required("together_network.anonymise_expert", get_object=_record)
def anonymise(request, expert_id: int, obj: ExpertByExperience):
    """A confirmation page that says what goes and what stays; the button anonymises for good."""
    problems = services.anonymise_problems(obj)
    if request.method == "POST" and not problems:
        name = obj.full_name
        try:
            expert = services.expert_anonymise(expert=obj, by=request.user)
        except ValidationError as refused:
            problems = [message for messages_ in refused.message_dict.values() for message in messages_]
        else:
            messages.success(request, f"{name}'s personal details have been removed. They are now {expert.full_name}.")
            return redirect("together_network:retention")
    context = {
        "expert": obj,
        "problems": problems,
        "what_goes": personal_data.what_goes(),
        "what_stays": personal_data.what_stays(),
        "breadcrumbs": expert_crumbs(obj),
    }
    return render(request, "together_network/data_rights/anonymise.html", context, status=409 if problems else 200)


# --- The retention review -------------------------------------------------------------------------


@permission_required("together_network.anonymise_expert")
def retention(request):
    people = selectors.retention_review()
    page = Paginator(people, RETENTION_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "counts": selectors.retention_counts(people),
        "months": settings.NETWORK_RETENTION_MONTHS,
        "cutoff": selectors.retention_cutoff(),
        "left": ExpertStatus.LEFT,
        "breadcrumbs": network_crumbs(),
    }
    return render(request, "together_network/data_rights/retention.html", context)
