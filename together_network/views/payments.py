"""The rate card, attendance after an activity, and earnings against benefit thresholds.

Claims, expenses and receipts are in views/claims.py; the person's own claims in views/portal_payments.py.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from involvement import selectors as involvement_selectors
from involvement.models import InvolvementRequest
from peersupport.accounts.permissions import can, permission_required
from peersupport.ui.exports import download, safe
from peersupport.ui.pages import form_page, home_crumbs

from ..forms.payments import AttendanceForm, EarningsFilterForm, RateEndForm, RateForm
from ..models import Rate, RateUnit
from ..selectors import payments as selectors
from ..services import payments as services
from .portal import network_crumbs

PAGE_SIZE = 50


# --- The rate card -------------------------------------------------------------------------------


def _rate_status(rate: Rate, today: datetime.date) -> tuple[str, str]:
    if rate.effective_from > today:
        return "Starts later", "blue"
    if rate.effective_until is not None and rate.effective_until < today:
        return "Ended", "grey"
    return "In force", "green"


@permission_required("together_network.view_network")
def rates(request):
    today = timezone.localdate()
    units = list(RateUnit.values)
    lines = sorted(
        selectors.rate_card(),
        key=lambda rate: (
            rate.activity_type.name if rate.activity_type_id else "",
            rate.level,
            units.index(rate.unit),
            -rate.effective_from.toordinal(),
        ),
    )
    rows = [{"rate": rate, "status": _rate_status(rate, today)} for rate in lines]
    return render(
        request,
        "together_network/payments/rates.html",
        {
            "rows": rows,
            "can_manage": can(request.user, "together_network.manage_rates"),
            "breadcrumbs": network_crumbs(),
        },
    )


@permission_required("together_network.manage_rates")
def rate_add(request):
    form = RateForm(request.POST or None)

    def save(data):
        rate = services.rate_add(**data, by=request.user)
        return f"Rate added: {rate}.", reverse("together_network:rates")

    return form_page(
        request,
        form,
        heading="Add a rate",
        caption="Rate card",
        save=save,
        cancel_url=reverse("together_network:rates"),
        crumbs=network_crumbs({"label": "Rate card", "url": reverse("together_network:rates")}),
        note="Claims already worked out keep the rate they were worked out with.",
    )


def _rate(request, rate_id: int) -> Rate:
    rate = Rate.objects.select_related("activity_type").filter(pk=rate_id).first()
    if rate is None:
        raise Http404("No such rate")
    return rate


@permission_required("together_network.manage_rates", get_object=_rate)
def rate_end(request, rate_id: int, obj: Rate):
    form = RateEndForm(request.POST or None, initial={"last_day": obj.effective_until or timezone.localdate()})

    def save(data):
        services.rate_end(rate=obj, last_day=data["last_day"], by=request.user)
        return f"The rate ends after {data['last_day']:%-d %B %Y}.", reverse("together_network:rates")

    return form_page(
        request,
        form,
        heading="End a rate",
        caption=str(obj),
        save=save,
        cancel_url=reverse("together_network:rates"),
        crumbs=network_crumbs({"label": "Rate card", "url": reverse("together_network:rates")}),
    )


# --- Attendance ----------------------------------------------------------------------------------


def _involvement_request(request, request_id: int) -> InvolvementRequest:
    try:
        return involvement_selectors.request_detail(request_id=request_id)
    except InvolvementRequest.DoesNotExist as missing:
        raise Http404("No such request") from missing


@permission_required("together_network.record_attendance", get_object=_involvement_request)
def attendance(request, request_id: int, obj: InvolvementRequest):
    """One page per activity: each booked person, whether they took part and for how long.

    A requester sees only the names of the people booked on their own request: no contact
    details, no lived experience, and nothing of their claims or earnings. A coordinator is
    warned when what was recorded takes a paid person over the earnings limit they agreed.
    """
    user = request.user
    sees_claims = can(user, "together_network.approve_claims")
    detail_url = reverse("involvement:detail", args=[obj.pk])
    crumbs = home_crumbs(
        {"label": "Involvement requests", "url": reverse("involvement:index")}, {"label": obj.title, "url": detail_url}
    )
    problem = services.attendance_problem(obj)
    places = [] if problem else selectors.booked_places(request=obj)
    for place in places:
        place.request = obj
    form = AttendanceForm(request.POST or None, places=places, planned=selectors.planned_minutes(obj))
    if request.method == "POST" and not problem and places and form.is_valid():
        entries = [services.AttendanceEntry(*entry) for entry in form.entries]
        try:
            saved = services.attendance_record(request=obj, entries=entries, by=user)
        except ValidationError as refused:
            problems = refused.message_dict.items() if hasattr(refused, "error_dict") else [(None, refused.messages)]
            for key, errors in problems:
                for error in errors:
                    form.add_error(form.field_for(key) if key else None, error)
        else:
            done = f"Attendance saved for {saved.recorded} {'person' if saved.recorded == 1 else 'people'}."
            if sees_claims and saved.claims:
                done += f" {saved.claims} claim{'s' if saved.claims != 1 else ''} worked out and waiting for approval."
            messages.success(request, done)
            if sees_claims:
                passed = selectors.limits_passed(experts=[place.expert for place in places], request=obj)
                for place in places:
                    if outlook := passed.get(place.expert_id):
                        messages.warning(request, f"{place.expert.full_name} {outlook.for_attendance}")
            return redirect(detail_url)
    if sees_claims and places:
        passed = selectors.limits_passed(experts=[place.expert for place in places], request=obj)
        for place in places:
            place.over_limit = passed.get(place.expert_id)
    return render(
        request,
        "together_network/payments/attendance.html",
        {
            "involvement_request": obj,
            "problem": problem,
            "form": form,
            "sessions": selectors.sessions_of(obj),
            "sees_claims": sees_claims,
            "detail_url": detail_url,
            "breadcrumbs": crumbs,
        },
    )


# --- Earnings against benefit thresholds ---------------------------------------------------------

EARNINGS_HEADER = ["Name", "Payment preference", "Period from", "Period to", "Earned (£)", "Limit", "Standing"]


@permission_required("together_network.view_earnings")
def earnings(request):
    form = EarningsFilterForm(request.GET or None)
    chosen = form.cleaned_data if form.is_valid() else {}
    kind = chosen.get("period") or selectors.OWN_PERIOD
    day = chosen.get("day") or timezone.localdate()
    show = chosen.get("show") or ""
    people = selectors.earnings_report(kind=kind, day=day, show=show)
    export = download(
        request.GET.get("format", ""),
        stem="earnings",
        sheet_title="Earnings",
        header=EARNINGS_HEADER,
        rows=(
            [
                safe(row["expert"].full_name),
                row["expert"].get_payment_preference_display(),
                row["period"].start,
                row["period"].end,
                row["earned"],
                row["limit"],
                row["standing"],
            ]
            for row in selectors.report_rows(people.iterator(chunk_size=500), kind=kind, day=day)
        ),
    )
    if export is not None:
        return export
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    query = {"period": kind, "day_day": day.day, "day_month": day.month, "day_year": day.year, "show": show}
    return render(
        request,
        "together_network/payments/earnings.html",
        {
            "form": form,
            "page": page,
            "rows": selectors.report_rows(page.object_list, kind=kind, day=day),
            "own_period": kind == selectors.OWN_PERIOD,
            "period": None if kind == selectors.OWN_PERIOD else selectors.earnings_period(kind, day),
            "day": day,
            "query": urlencode(query),
            "csv_query": urlencode({**query, "format": "csv"}),
            "xlsx_query": urlencode({**query, "format": "xlsx"}),
            "breadcrumbs": network_crumbs(),
        },
    )
