"""The network's front page and the expert by experience's portal: their invitations and answers,
giving up a place, their details and preferences, and pausing their involvement."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from involvement.services.requests import TransitionNotAllowed
from peersupport.accounts.permissions import permission_required
from peersupport.ui.pages import form_page, home_crumbs
from together_network.models import Invitation, InvitationStatus
from together_network.services import invitations as invitation_services
from together_network.transitions import INVITATION_TRANSITIONS, InvitationAction, allowed_invitation_actions

from .. import selectors
from ..forms.portal import DetailsForm
from ..models import ExpertByExperience, ExpertStatus
from ..selectors import payments as payment_selectors
from ..services import portal as portal_services


@permission_required("together_network.view_network")
def index(request):
    return render(request, "together_network/index.html", {"breadcrumbs": home_crumbs()})


def network_crumbs(*extra: dict) -> list[dict]:
    """Home, the network's front page, then `extra` in order."""
    return home_crumbs({"label": "Together network", "url": reverse("together_network:index")}, *extra)


def portal_crumbs(*extra: dict) -> list[dict]:
    """Home, the person's own portal, then `extra` in order."""
    return home_crumbs({"label": "My involvement", "url": reverse("together_network:portal")}, *extra)


def own_expert(request, **kwargs) -> ExpertByExperience | None:
    """The person's own record: every portal page is about them and nobody else. (None for a login
    not linked to a record: the permission is checked first, so other roles are refused, not missed.)"""
    return selectors.expert_of(user=request.user)


def _linked(expert: ExpertByExperience | None) -> ExpertByExperience:
    if expert is None:
        raise Http404("Your login is not linked to a Together network record")
    return expert


@permission_required("together_network.view_portal")
def portal(request):
    expert = selectors.expert_of(user=request.user)
    invitations = selectors.portal_invitations(expert=expert) if expert else None
    if invitations:
        # A place that may take them over the earnings limit they agreed is said so before they answer.
        warnings = payment_selectors.offer_warnings(
            expert=expert, requests=[invitation.request for invitation in invitations["to_answer"]]
        )
        for invitation in invitations["to_answer"]:
            invitation.earnings_warning = warnings.get(invitation.request_id)
        # Each card's buttons: what the invitations table lets the person do now.
        for invitation in invitations["to_answer"] + invitations["upcoming"]:
            invitation.actions = allowed_invitation_actions(invitation, request.user)
    return render(
        request,
        "together_network/portal.html",
        {
            "expert": expert,
            "invitations": invitations,
            "breadcrumbs": home_crumbs(),
        },
    )


def _invitation(request, invitation_id: int) -> Invitation:
    invitation = (
        Invitation.objects.select_related("expert", "request__activity_type")
        .prefetch_related("request__further_sessions")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        raise Http404("No such invitation")
    return invitation


ACTIONS = {
    "accept": (invitation_services.invitation_accept, "Thank you for accepting."),
    "decline": (invitation_services.invitation_decline, "You have declined. Thank you for letting us know."),
    "withdraw": (invitation_services.invitation_withdraw, "You have given up your place. Thank you for telling us."),
}


@require_POST
@permission_required(
    "together_network.answer_invitation", get_object=lambda request, invitation_id: _invitation(request, invitation_id)
)
def answer(request, invitation_id: int, obj: Invitation):
    action = ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        messages.warning(request, "Choose whether to accept, decline or give up your place.")
        return redirect("together_network:portal")
    service, thanks = action
    try:
        answered = service(invitation_id=obj.pk, by=request.user)
    except TransitionNotAllowed as refused:
        messages.warning(request, str(refused))
        return redirect("together_network:portal")
    if answered.status == InvitationStatus.WAITING:
        thanks = "All the places have been taken, so you are on the waiting list. We will email you if one comes up."
    messages.success(request, thanks)
    return redirect("together_network:portal")


@permission_required(
    "together_network.answer_invitation", get_object=lambda request, invitation_id: _invitation(request, invitation_id)
)
def accept(request, invitation_id: int, obj: Invitation):
    """ "Accept": a page that says what accepting commits them to (and repeats any earnings warning);
    the place is taken only when they press the button on it."""
    if refused := INVITATION_TRANSITIONS.why_not(InvitationAction.ACCEPT, obj, request.user):
        messages.warning(request, refused)
        return redirect("together_network:portal")
    if request.method == "POST":
        try:
            answered = invitation_services.invitation_accept(invitation_id=obj.pk, by=request.user)
        except TransitionNotAllowed as refused:
            messages.warning(request, str(refused))
            return redirect("together_network:portal")
        if answered.status == InvitationStatus.WAITING:
            messages.success(
                request,
                "All the places have been taken, so you are on the waiting list. We will email you if one comes up.",
            )
        else:
            messages.success(request, "Thank you for accepting.")
        return redirect("together_network:portal")
    return render(
        request,
        "together_network/portal/accept.html",
        {
            "invitation": obj,
            "expert": obj.expert,
            "earnings_warning": payment_selectors.offer_warnings(expert=obj.expert, requests=[obj.request]).get(
                obj.request_id
            ),
            "breadcrumbs": portal_crumbs(),
        },
    )


@permission_required(
    "together_network.answer_invitation", get_object=lambda request, invitation_id: _invitation(request, invitation_id)
)
def give_up(request, invitation_id: int, obj: Invitation):
    """ "I can no longer come": a page to confirm, so a slip of the thumb on a phone changes nothing."""
    give_up = INVITATION_TRANSITIONS[InvitationAction.GIVE_UP]
    if not give_up.starts_from(obj.status):
        messages.warning(request, "You do not have a place at this activity.")
        return redirect("together_network:portal")
    if refused := INVITATION_TRANSITIONS.why_not(InvitationAction.GIVE_UP, obj, request.user):
        messages.warning(request, refused)
        return redirect("together_network:portal")
    if request.method == "POST":
        try:
            invitation_services.invitation_withdraw(invitation_id=obj.pk, by=request.user)
        except TransitionNotAllowed as refused:
            messages.warning(request, str(refused))
        else:
            messages.success(request, "You have given up your place. Thank you for telling us.")
        return redirect("together_network:portal")
    return render(
        request,
        "together_network/portal/give_up.html",
        {
            "invitation": obj,
            "has_place": obj.status == InvitationStatus.ACCEPTED,  # else on the waiting list
            "breadcrumbs": portal_crumbs(),
        },
    )


# --- Their details and preferences ---------------------------------------------------------------


@permission_required("together_network.view_portal", get_object=own_expert)
def details(request, obj: ExpertByExperience | None):
    obj = _linked(obj)
    form = DetailsForm(request.POST if request.method == "POST" else None, expert=obj)

    def save(data):
        portal_services.expert_update_own(expert=obj, by=request.user, **form.expert_fields())
        return "Your details and preferences have been saved.", reverse("together_network:portal")

    return form_page(
        request,
        form,
        heading="Your details and preferences",
        save=save,
        cancel_url=reverse("together_network:portal"),
        crumbs=portal_crumbs(),
        extra_context={"expert": obj},
    )


# --- Pausing and coming back ---------------------------------------------------------------------


def _refusal(refused: ValidationError) -> str:
    return " ".join(refused.messages)


@permission_required("together_network.view_portal", get_object=own_expert)
def pause(request, obj: ExpertByExperience | None):
    obj = _linked(obj)
    if obj.status == ExpertStatus.PAUSED:
        messages.info(request, "Your involvement is already paused.")
        return redirect("together_network:portal")
    if request.method == "POST":
        try:
            portal_services.expert_pause_own(expert=obj, by=request.user)
        except ValidationError as refused:
            messages.warning(request, _refusal(refused))
        else:
            messages.success(request, "Your involvement is paused. Come back whenever you are ready.")
        return redirect("together_network:portal")
    return render(request, "together_network/portal/pause.html", {"expert": obj, "breadcrumbs": portal_crumbs()})


@require_POST
@permission_required("together_network.view_portal", get_object=own_expert)
def resume(request, obj: ExpertByExperience | None):
    obj = _linked(obj)
    try:
        expert = portal_services.expert_resume_own(expert=obj, by=request.user)
    except ValidationError as refused:
        messages.warning(request, _refusal(refused))
        return redirect("together_network:portal")
    if expert.status == ExpertStatus.ACTIVE:
        messages.success(request, "Welcome back. You will be invited to activities again.")
    else:
        messages.info(
            request,
            "Thank you. The coordinator will be in touch to bring a few things up to date before "
            "you are invited again.",
        )
    return redirect("together_network:portal")
