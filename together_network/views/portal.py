"""The network's front page and the expert by experience's portal: their invitations and answers."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from involvement import invitations as invitation_services
from involvement.models import Invitation
from involvement.services import TransitionNotAllowed
from peersupport.accounts.permissions import permission_required

from .. import selectors


@permission_required("together_network.view_network")
def index(request):
    return render(request, "together_network/index.html", {"breadcrumbs": [{"label": "Home", "url": reverse("home")}]})


@permission_required("together_network.view_portal")
def portal(request):
    expert = selectors.expert_of(user=request.user)
    return render(
        request,
        "together_network/portal.html",
        {
            "expert": expert,
            "invitations": selectors.portal_invitations(expert=expert) if expert else None,
            "breadcrumbs": [{"label": "Home", "url": reverse("home")}],
        },
    )


def _invitation(request, invitation_id: int) -> Invitation:
    invitation = Invitation.objects.select_related("expert", "request").filter(pk=invitation_id).first()
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
        answered = service(invitation_id=obj.pk)
    except TransitionNotAllowed as refused:
        messages.warning(request, str(refused))
        return redirect("together_network:portal")
    if answered.status == "waiting":
        thanks = "All the places have been taken, so you are on the waiting list. We will email you if one comes up."
    messages.success(request, thanks)
    return redirect("together_network:portal")


urlpatterns = [
    path("", index, name="index"),
    path("my-involvement/", portal, name="portal"),
    path("my-involvement/invitations/<int:invitation_id>/", answer, name="answer"),
]
