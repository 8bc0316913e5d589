"""Pages for matching and inviting (coordinators) and answering by signed link (experts)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from involvement import selectors as request_selectors
from involvement.models import InvolvementRequest
from involvement.services.requests import TransitionNotAllowed
from peersupport.accounts.permissions import permission_required
from peersupport.ui.pages import home_crumbs
from together_network.models import InvitationStatus
from together_network.selectors import matching
from together_network.selectors.payments import earnings_outlooks, offer_warnings
from together_network.services import invitations
from together_network.transitions import INVITATION_TRANSITIONS, REQUEST_TRANSITIONS, RequestAction

MATCHES_PER_PAGE = 25


def _load(request, request_id: int) -> InvolvementRequest:
    try:
        return request_selectors.request_detail(request_id=request_id)
    except InvolvementRequest.DoesNotExist as missing:
        raise Http404("No such request") from missing


PROBLEM = "together_network/invitations/answer_problem.html"


def _selection_key(request_id: int) -> str:
    return f"match-selection-{request_id}"


def _ids(values) -> set[int]:
    """Whole-number ids a database id can be; anything else posted is ignored, not an error."""
    return {int(value) for value in map(str, values) if value.isascii() and value.isdigit() and len(value) <= 18}


def _selection(request, request_id: int) -> set[int]:
    """The people ticked so far on any page of the match list (kept in the session while paging)."""
    return _ids(request.session.get(_selection_key(request_id), []))


def _keep_selection(request, request_id: int, selected: set[int]) -> None:
    request.session[_selection_key(request_id)] = sorted(selected)


def _covered(wanted: list, has: set[int]) -> dict:
    """Which of the wanted areas (or skills) the person covers, for "1 of the 2 areas wanted (Anxiety)"."""
    covered = [item for item in wanted if item.pk in has]
    return {"wanted": len(wanted), "covered": covered, "count": len(covered)}


@permission_required("involvement.match_request", get_object=lambda request, request_id: _load(request, request_id))
def match(request, request_id: int, obj):
    if request.method == "POST":
        # The ticks on this page replace what was chosen on this page before; ticks on other pages stay.
        shown = _ids(request.POST.getlist("shown"))
        selected = (_selection(request, obj.pk) - shown) | _ids(request.POST.getlist("expert"))
        if "show_page" in request.POST:
            _keep_selection(request, obj.pk, selected)
            page_number = request.POST["show_page"] if _ids([request.POST["show_page"]]) else "1"
            return redirect(f"{reverse('together_network:match', args=[obj.pk])}?page={page_number}")
        if "clear" in request.POST:
            request.session.pop(_selection_key(obj.pk), None)
            return redirect("together_network:match", obj.pk)
        chosen = sorted(selected)
        try:
            sent = (
                invitations.invitations_send(request_id=obj.pk, expert_ids=chosen, by=request.user)
                if chosen
                else invitations.InvitationsSent()
            )
        except TransitionNotAllowed as refused:
            _keep_selection(request, obj.pk, selected)
            messages.warning(request, str(refused))
        else:
            request.session.pop(_selection_key(obj.pk), None)
            if sent:
                messages.success(request, f"{len(sent)} invitation{'s' if len(sent) != 1 else ''} sent.")
            # Anyone chosen who cannot be asked (left, paused, consent lapsed, ...): how many, and why.
            if sent.not_invited:
                messages.warning(request, invitations.not_invited_message(sent.not_invited))
            elif not sent:
                messages.warning(request, "Select at least one person to invite.")
        return redirect("together_network:match", obj.pk)
    ranked = matching.ranked_experts(request=obj)
    page = Paginator(ranked, MATCHES_PER_PAGE).get_page(request.GET.get("page"))
    experts = list(page.object_list)
    ids = [expert.pk for expert in experts]
    # Lived experience areas and skills for the people on this page, in two queries.
    from together_network.models import ExpertByExperience

    details = {
        expert.pk: expert
        for expert in ExpertByExperience.objects.filter(pk__in=ids).prefetch_related("lived_experience_areas", "skills")
    }
    wanted_areas = list(obj.lived_experience_areas.all())
    wanted_skills = list(obj.skills.all())
    selected = _selection(request, obj.pk)
    # Who this place may take over the earnings limit they agreed: a few queries for the whole page.
    over_limit = earnings_outlooks(experts=experts, request=obj)
    rows = [
        {
            "expert": expert,
            "areas": _covered(wanted_areas, {area.pk for area in details[expert.pk].lived_experience_areas.all()}),
            "skills": _covered(wanted_skills, {skill.pk for skill in details[expert.pk].skills.all()}),
            "earnings": over_limit.get(expert.pk),
            "selected": expert.pk in selected,
        }
        for expert in experts
    ]
    return render(
        request,
        "together_network/invitations/match.html",
        {
            "involvement_request": obj,
            "rows": rows,
            "page": page,
            "selected_count": len(selected),
            "selected_elsewhere": len(selected - set(ids)),
            "invitations": list(matching.invitations_for(request=obj)),
            "taken": matching.places_taken(request=obj),
            "can_invite": REQUEST_TRANSITIONS[RequestAction.INVITE].allows(obj, request.user),
            "breadcrumbs": home_crumbs(
                {"label": "Involvement requests", "url": reverse("involvement:index")},
                {"label": obj.title, "url": reverse("involvement:detail", args=[obj.pk])},
            ),
        },
    )


@login_not_required
@never_cache
def answer(request, token: str):
    """A signed accept or decline link from an invitation email.

    Opening the link shows what it will do; the answer is given by pressing the button, so
    email scanners that open links change nothing.
    """
    try:
        invitation, answer_kind = invitations.read_token(token)
    except invitations.LinkProblem as problem:
        return render(
            request, "together_network/invitations/answer_problem.html", {"problem": str(problem)}, status=400
        )
    if request.method == "POST":
        try:
            invitation, answer_kind = invitations.answer_by_link(token=token)
        except invitations.LinkProblem as problem:
            return render(
                request, "together_network/invitations/answer_problem.html", {"problem": str(problem)}, status=409
            )
        return render(
            request,
            "together_network/invitations/answer_done.html",
            {
                "invitation": invitation,
                "answer": answer_kind,
                "has_place": invitation.status == InvitationStatus.ACCEPTED,
                "waiting": invitation.status == InvitationStatus.WAITING,
            },
        )
    return render(
        request,
        "together_network/invitations/answer_confirm.html",
        {
            "invitation": invitation,
            "answer": answer_kind,
            "called_off": invitation.status == InvitationStatus.CALLED_OFF,
            "already_answered": invitation.status != InvitationStatus.CALLED_OFF
            and not INVITATION_TRANSITIONS[answer_kind].starts_from(invitation.status),
            "closed": invitations.closes_after(invitation.request),
            "earnings_warning": offer_warnings(expert=invitation.expert, requests=[invitation.request]).get(
                invitation.request_id
            ),
        },
    )
