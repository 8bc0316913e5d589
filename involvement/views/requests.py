from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from peersupport.accounts.permissions import can, permission_required
from peersupport.ui.pages import home_crumbs

from .. import selectors
from ..forms import (
    ButtonNoteForm,
    DecisionForm,
    FurtherSessionFormSet,
    InvolvementRequestForm,
    ReasonForm,
    SendToNetworkForm,
    WithdrawForm,
)
from ..models import InvolvementRequest, RequestOutcome
from ..services import requests as services
from ..transitions import Action, allowed_actions, why_not

PAGE_SIZE = 25


def _requests_crumb() -> dict:
    return {"label": "Involvement requests", "url": reverse("involvement:index")}


def _load(request, request_id: int) -> InvolvementRequest:
    try:
        return selectors.request_detail(request_id=request_id)
    except InvolvementRequest.DoesNotExist as missing:
        raise Http404("No such request") from missing


def _loader(request, request_id: int) -> InvolvementRequest:
    return _load(request, request_id)


def _act(request, obj: InvolvementRequest, transition, success: str, **extra):
    """Run one transition for the person; its refusal becomes a message, never an error page."""
    try:
        transition(request_id=obj.pk, by=request.user, **extra)
        messages.success(request, success)
    except services.TransitionNotAllowed as refused:
        messages.warning(request, str(refused))
    return redirect("involvement:detail", obj.pk)


@permission_required("involvement.view_involvement")
def index(request):
    scopes = selectors.scopes_for(request.user)
    scope = request.GET.get("scope") or scopes[0][0]
    if scope not in dict(scopes):
        scope = scopes[0][0]
    filters = selectors.request_filters(user=request.user, scope=scope, data=request.GET)
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "involvement/index.html",
        {
            "scopes": scopes,
            "scope": scope,
            "filters": filters,
            "filtered": filters.filtered,
            "page": page,
            "query": filters.links()["query"],
            "can_raise": can(request.user, "involvement.raise_request"),
            "breadcrumbs": home_crumbs(),
        },
    )


def _sessions_formset(request, existing: InvolvementRequest | None = None):
    initial = (
        [
            {"date": session.date, "start_time": session.start_time, "duration_minutes": session.duration_minutes}
            for session in existing.further_sessions.all()
        ]
        if existing
        else []
    )
    data = request.POST or None
    if data is not None and "sessions-TOTAL_FORMS" not in data:
        data = {"sessions-TOTAL_FORMS": "0", "sessions-INITIAL_FORMS": "0"}  # a form without the sessions part
    return FurtherSessionFormSet(data, prefix="sessions", initial=initial)


def _sessions_follow(form, sessions) -> bool:
    """Further sessions come on or after the first one (the date of the activity)."""
    first = form.cleaned_data.get("activity_date") if hasattr(form, "cleaned_data") else None
    if not first or not sessions.is_valid():
        return True
    fine = True
    for session in sessions:
        date = session.cleaned_data.get("date")
        if date and date < first:
            session.add_error("date", "A further session must be on or after the date of the activity")
            fine = False
    return fine


def _dates_checked(form, sessions) -> bool:
    """Every date is fine, or the person has said the activity runs on a bank holiday (asked first)."""
    dates = [form.cleaned_data["activity_date"]]
    dates += [
        session.cleaned_data["date"] for session in sessions if session.is_filled and session.cleaned_data.get("date")
    ]
    return form.ask_about_bank_holidays(dates)


def _save_request_form(request, form, sessions, *, existing: InvolvementRequest | None = None):
    data = form.cleaned_data
    fields = form.request_fields()
    areas, skills = data["lived_experience_areas"], data["skills"]
    further = [session.cleaned_data for session in sessions if session.is_filled]
    if existing is None:
        saved = services.request_create(
            by=request.user,
            fields=fields,
            lived_experience_areas=areas,
            skills=skills,
            further_sessions=further,
            sending="submit" in request.POST,
        )
    else:
        saved = services.request_update(
            request_id=existing.pk,
            by=request.user,
            fields=fields,
            lived_experience_areas=areas,
            skills=skills,
            further_sessions=further,
        )
    if "submit" in request.POST:
        try:
            services.request_submit(request_id=saved.pk, by=request.user)
        except services.TransitionNotAllowed as refused:
            if existing is None:
                services.request_draft_kept(request_id=saved.pk, by=request.user)
            messages.warning(request, f"Saved as a draft. {refused}")
            return redirect("involvement:detail", saved.pk)
        messages.success(request, "Your request has been sent for approval.")
    else:
        messages.success(request, "Your request has been saved as a draft.")
    return redirect("involvement:detail", saved.pk)


@permission_required("involvement.raise_request")
def create(request):
    form = InvolvementRequestForm(request.POST or None)
    sessions = _sessions_formset(request)
    if (
        request.method == "POST"
        and form.is_valid() & sessions.is_valid() & _sessions_follow(form, sessions)
        and _dates_checked(form, sessions)
    ):
        return _save_request_form(request, form, sessions)
    return render(
        request,
        "involvement/form.html",
        {
            "form": form,
            "sessions": sessions,
            "heading": "Ask for involvement",
            "breadcrumbs": home_crumbs(_requests_crumb()),
        },
    )


@permission_required("involvement.edit_request", get_object=lambda request, request_id: _load(request, request_id))
def edit(request, request_id: int, obj: InvolvementRequest):
    if refused := why_not(Action.EDIT, obj, request.user):
        messages.warning(request, refused)
        return redirect("involvement:detail", obj.pk)
    form = InvolvementRequestForm(request.POST or None, instance=obj)
    sessions = _sessions_formset(request, existing=obj)
    if (
        request.method == "POST"
        and form.is_valid() & sessions.is_valid() & _sessions_follow(form, sessions)
        and _dates_checked(form, sessions)
    ):
        return _save_request_form(request, form, sessions, existing=obj)
    return render(
        request,
        "involvement/form.html",
        {
            "form": form,
            "sessions": sessions,
            "heading": "Change your request",
            "involvement_request": obj,
            "breadcrumbs": home_crumbs(_requests_crumb()),
        },
    )


@permission_required("involvement.view_request", get_object=lambda request, request_id: _load(request, request_id))
def detail(request, request_id: int, obj: InvolvementRequest):
    return render(
        request,
        "involvement/detail.html",
        {
            "involvement_request": obj,
            "events": list(obj.events.all()),
            # What this person may do now, from the transitions table the services check too.
            "actions": allowed_actions(obj, request.user),
            "outcome": RequestOutcome.objects.filter(request=obj).first(),
            "breadcrumbs": home_crumbs(_requests_crumb()),
        },
    )


@require_POST
@permission_required("involvement.edit_request", get_object=_loader)
def submit(request, request_id: int, obj: InvolvementRequest):
    return _act(request, obj, services.request_submit, "Your request has been sent for approval.")


@permission_required("involvement.withdraw_request", get_object=_loader)
def withdraw(request, request_id: int, obj: InvolvementRequest):
    """Asks first, saying who will be told; withdraws on the button."""
    form = WithdrawForm(request.POST if request.method == "POST" else None, detail_url=obj_url(obj))
    if request.method == "POST" and form.is_valid():
        return _act(
            request,
            obj,
            services.request_withdraw,
            "Your request has been withdrawn.",
            reason=form.cleaned_data["reason"],
        )
    return render(
        request,
        "involvement/withdraw.html",
        {
            "involvement_request": obj,
            "form": form,
            "told": selectors.told_when_withdrawn(request=obj),
            "breadcrumbs": home_crumbs(_requests_crumb(), {"label": obj.title, "url": obj_url(obj)}),
        },
    )


@require_POST
@permission_required("involvement.confirm_request", get_object=_loader)
def psw_decline(request, request_id: int, obj: InvolvementRequest):
    form = ButtonNoteForm(request.POST, field="reason", label="Reason")
    if not form.is_valid():
        messages.warning(request, form.problem)
        return redirect("involvement:detail", obj.pk)
    done = "You have said you cannot take part. The requester has been told."
    return _act(request, obj, services.request_psw_decline, done, reason=form.text)


@require_POST
@permission_required("involvement.confirm_request", get_object=_loader)
def confirm(request, request_id: int, obj: InvolvementRequest):
    return _act(request, obj, services.request_confirm, "Thank you. You have confirmed you will join.")


@permission_required("involvement.approve_request", get_object=lambda request, request_id: _load(request, request_id))
def decide(request, request_id: int, obj: InvolvementRequest):
    """The lead's decision page: approve, decline with a reason, or send to the network."""
    actions = allowed_actions(obj, request.user)
    if not {Action.APPROVE, Action.DECLINE, Action.REDIRECT} & {row.action for row in actions}:
        messages.warning(request, why_not(Action.DECLINE, obj, request.user))
        return redirect("involvement:detail", obj.pk)
    form = DecisionForm(request.POST or None)
    over_allowance = None
    positions = selectors.allowance_positions(request=obj) if obj.is_psw_request else []
    activity_month = positions[-1] if positions else None
    would_exceed = bool(
        activity_month
        and obj.psw_approved_at is None
        and obj.peer_support_worker.team.is_led_by(request.user)
        and activity_month.booked + obj.psw_hours > activity_month.allowance
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "approve":
                services.request_approve(request_id=obj.pk, by=request.user)
                messages.success(request, f"You approved '{obj.title}'.")
                return redirect("involvement:detail", obj.pk)
            if action == "redirect":
                # Sending to the network asks first, on its own page, where what is asked for can change.
                return redirect("involvement:send_to_network", obj.pk)
            if action == "decline" and form.is_valid():
                if not form.cleaned_data["reason"].strip():
                    form.add_error("reason", "Give a reason for declining")
                else:
                    services.request_decline(request_id=obj.pk, by=request.user, reason=form.cleaned_data["reason"])
                    messages.success(request, f"You declined '{obj.title}'.")
                    return redirect("involvement:detail", obj.pk)
        except services.AllowanceExceeded as exceeded:
            over_allowance = exceeded
        except services.TransitionNotAllowed as refused:
            messages.warning(request, str(refused))
            return redirect("involvement:detail", obj.pk)
    time_short = bool(over_allowance or would_exceed)
    form.offer(
        approve=Action.APPROVE in actions and not time_short,
        redirect=Action.REDIRECT in actions,
        redirect_first=time_short,
        decline=Action.DECLINE in actions,
    )
    return render(
        request,
        "involvement/decide.html",
        {
            "involvement_request": obj,
            "actions": actions,
            "form": form,
            "over_allowance": over_allowance,
            "positions": positions,
            "would_exceed": would_exceed,
            "breadcrumbs": home_crumbs(_requests_crumb(), {"label": obj.title, "url": obj_url(obj)}),
        },
        status=409 if over_allowance else 200,
    )


@permission_required("involvement.approve_request", get_object=lambda request, request_id: _load(request, request_id))
def send_to_network(request, request_id: int, obj: InvolvementRequest):
    """ "Send to the Together network instead", asked first: what the request becomes for the network
    (places, paid or voluntary, the lived experience wanted), which the lead may change; sent on the button."""
    if refused := why_not(Action.REDIRECT, obj, request.user):
        messages.warning(request, refused)
        return redirect("involvement:detail", obj.pk)
    decide_url = reverse("involvement:decide", args=[obj.pk])
    form = SendToNetworkForm(request.POST if request.method == "POST" else None, request=obj, keep_url=decide_url)
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.request_redirect_to_network(
                request_id=obj.pk,
                by=request.user,
                places_needed=form.cleaned_data["places_needed"],
                payment=form.cleaned_data["payment"],
                lived_experience_areas=list(form.cleaned_data["lived_experience_areas"]),
            )
        except services.TransitionNotAllowed as refused:
            messages.warning(request, str(refused))
            return redirect("involvement:detail", obj.pk)
        messages.success(request, f"'{sent.title}' has been sent to the Together network instead.")
        return redirect("involvement:detail", obj.pk)
    return render(
        request,
        "involvement/send_to_network.html",
        {
            "involvement_request": obj,
            "form": form,
            "approves": obj.requesting_team.is_led_by(request.user) or obj.team_approved_at is not None,
            "breadcrumbs": home_crumbs(
                _requests_crumb(),
                {"label": obj.title, "url": obj_url(obj)},
                {"label": "Approve or decline", "url": decide_url},
            ),
        },
    )


def obj_url(obj: InvolvementRequest) -> str:
    return reverse("involvement:detail", args=[obj.pk])


@permission_required("involvement.manage_request", get_object=lambda request, request_id: _load(request, request_id))
def cancel(request, request_id: int, obj: InvolvementRequest):
    """Call off an approved activity: everyone booked is told."""
    form = ReasonForm(request.POST or None, keep_url=obj_url(obj))
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        if not reason:
            form.add_error("reason", "Give a reason for cancelling")
        else:
            try:
                services.request_cancel(request_id=obj.pk, by=request.user, reason=reason)
                messages.success(request, f"'{obj.title}' has been cancelled and everyone involved has been told.")
            except services.TransitionNotAllowed as refused:
                messages.warning(request, str(refused))
            return redirect("involvement:detail", obj.pk)
    return render(
        request,
        "involvement/cancel.html",
        {
            "involvement_request": obj,
            "form": form,
            "breadcrumbs": home_crumbs(_requests_crumb(), {"label": obj.title, "url": obj_url(obj)}),
        },
    )


@require_POST
@permission_required("involvement.complete_request", get_object=_loader)
def complete(request, request_id: int, obj: InvolvementRequest):
    done = "Marked as done. Close the request once you have recorded what changed."
    return _act(request, obj, services.request_complete, done)


@require_POST
@permission_required("involvement.complete_request", get_object=_loader)
def close(request, request_id: int, obj: InvolvementRequest):
    form = ButtonNoteForm(request.POST, field="note", label="Note")
    if not form.is_valid():
        messages.warning(request, form.problem)
        return redirect("involvement:detail", obj.pk)
    return _act(request, obj, services.request_close, "The request is closed.", note=form.text)
