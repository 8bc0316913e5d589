"""Feedback and wellbeing pages: an expert's feedback on an activity, a coordinator's debriefs for a
request, and the network's summary of feedback and "you said, we did"."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from involvement.models import InvolvementRequest, Route
from peersupport.accounts.permissions import can, permission_required
from peersupport.ui import charts
from peersupport.ui.pages import form_page, home_crumbs

from ..forms.feedback import DebriefRecordForm, FeedbackForm
from ..models import Attendance
from ..selectors import feedback as feedback_selectors
from ..services import feedback as feedback_services
from .portal import network_crumbs, portal_crumbs

# --- An expert's feedback on an activity ------------------------------------------------------------


def _invitation(request, invitation_id: int):
    invitation = feedback_selectors.invitation_for_feedback(invitation_id=invitation_id)
    if invitation is None:
        raise Http404("No such activity")
    return invitation


@permission_required("together_network.give_feedback", get_object=_invitation)
def give_feedback(request, invitation_id: int, obj):
    refusal = feedback_selectors.feedback_refusal(obj)
    if refusal:
        messages.info(request, refusal)
        return redirect("together_network:portal")
    form = FeedbackForm(request.POST if request.method == "POST" else None)

    def save(data):
        feedback_services.feedback_give(invitation=obj, by=request.user, **form.feedback_fields())
        return "Thank you for your feedback.", reverse("together_network:portal")

    return form_page(
        request,
        form,
        heading="How was it?",
        caption=obj.request.title,
        save=save,
        cancel_url=reverse("together_network:portal"),
        crumbs=portal_crumbs(),
        template="together_network/feedback/give.html",
        extra_context={"invitation": obj},
    )


# --- Debriefs (coordinators) ---------------------------------------------------------------------------


def _network_request(request, request_id: int) -> InvolvementRequest:
    found = (
        InvolvementRequest.objects.select_related("activity_type")
        .filter(pk=request_id, route=Route.NETWORK, team_approved_at__isnull=False)
        .first()
    )
    if found is None:
        raise Http404("No such request for the Together network")
    return found


def _attendance(request, request_id: int, attendance_id: int) -> Attendance:
    """One person's attendance at this network request."""
    attendance = (
        Attendance.objects.select_related("invitation__expert", "invitation__request")
        .filter(
            pk=attendance_id,
            invitation__request_id=request_id,
            invitation__request__route=Route.NETWORK,
            invitation__request__team_approved_at__isnull=False,
        )
        .first()
    )
    if attendance is None:
        raise Http404("No attendance recorded for this person")
    return attendance


def _request_crumbs(obj: InvolvementRequest, *extra) -> list[dict]:
    return home_crumbs(
        {"label": "Involvement requests", "url": reverse("involvement:index")},
        {"label": obj.title, "url": reverse("involvement:detail", args=[obj.pk])},
        *extra,
    )


@permission_required("together_network.manage_debriefs", get_object=_network_request)
def debriefs(request, request_id: int, obj: InvolvementRequest):
    attendances = feedback_selectors.debriefs_for(request=obj)
    return render(
        request,
        "together_network/feedback/debriefs.html",
        {
            "involvement_request": obj,
            "came": [attendance for attendance in attendances if attendance.attended],
            "did_not_come": sum(1 for attendance in attendances if not attendance.attended),
            "breadcrumbs": _request_crumbs(obj),
        },
    )


@require_POST
@permission_required("together_network.manage_debriefs", get_object=_attendance)
def debrief_offer(request, request_id: int, attendance_id: int, obj: Attendance):
    attendance = obj
    try:
        feedback_services.debrief_offer(attendance=attendance, by=request.user)
    except ValidationError as refused:
        messages.warning(request, " ".join(refused.messages))
    else:
        messages.success(request, f"A debrief has been offered to {attendance.invitation.expert.full_name}.")
    return redirect("together_network:debriefs", request_id)


@permission_required("together_network.manage_debriefs", get_object=_attendance)
def debrief_record(request, request_id: int, attendance_id: int, obj: Attendance):
    attendance = obj
    involvement_request = attendance.invitation.request
    initial = {"held_on": attendance.debrief_held_on, "note": attendance.debrief_note}
    form = DebriefRecordForm(request.POST if request.method == "POST" else None, initial=initial)
    name = attendance.invitation.expert.full_name

    def save(data):
        feedback_services.debrief_record(attendance=attendance, by=request.user, **data)
        return f"The debrief with {name} has been recorded.", reverse(
            "together_network:debriefs", args=[involvement_request.pk]
        )

    return form_page(
        request,
        form,
        heading="Record that the debrief happened",
        caption=f"{name}: {involvement_request.title}",
        save=save,
        cancel_url=reverse("together_network:debriefs", args=[involvement_request.pk]),
        crumbs=_request_crumbs(
            involvement_request,
            {"label": "Debriefs", "url": reverse("together_network:debriefs", args=[involvement_request.pk])},
        ),
    )


# --- The network's summary -------------------------------------------------------------------------------


@permission_required("together_network.view_feedback_summary")
def summary(request):
    figures = feedback_selectors.network_feedback_summary()
    chart = charts.grouped_bars(
        [(rating["label"], [rating["count"]]) for rating in figures["ratings"]], series=["Responses"]
    )
    return render(
        request,
        "together_network/feedback/summary.html",
        {
            **figures,
            "chart": chart,
            "breadcrumbs": network_crumbs() if can(request.user, "together_network.view_network") else home_crumbs(),
        },
    )
