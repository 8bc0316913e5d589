"""Career pathway pages: the pathway and who is ready to progress, a move to another role, competences signed off."""

from django.shortcuts import render
from django.utils import timezone

from peersupport.accounts.permissions import can, permission_required

from .. import services
from ..forms import CompetenceSignOffForm, RoleChangeForm
from ..models import PeerSupportWorker
from ..selectors.pathway import pathway_overview
from .common import load_person, record_page, workforce_crumbs


@permission_required("workforce.see_pathway")
def pathway(request):
    overview = pathway_overview(today=timezone.localdate())
    context = {
        "overview": overview,
        "can_manage_pathway": can(request.user, "workforce.manage_pathway"),
        "breadcrumbs": workforce_crumbs(),
    }
    return render(request, "workforce/pathway.html", context)


@permission_required("workforce.record_role_change", get_object=load_person)
def record_role_change(request, worker_id: int, obj: PeerSupportWorker):
    def save(data):
        services.role_change_record(worker=obj, new_role=data["new_role"], on=data["on"], by=request.user)
        return f"{obj.full_name} is now a {data['new_role'].name}."

    form = RoleChangeForm(request.POST if request.method == "POST" else None)
    return record_page(request, obj, form, heading="Record a change of role", save=save)


@permission_required("workforce.sign_off_competence", get_object=load_person)
def sign_off_competence(request, worker_id: int, obj: PeerSupportWorker):
    def save(data):
        services.competence_sign_off(
            worker=obj, competence=data["competence"], achieved_on=data["achieved_on"], by=request.user
        )
        return f"{data['competence'].name} signed off for {obj.full_name}."

    form = CompetenceSignOffForm(request.POST if request.method == "POST" else None, worker=obj)
    return record_page(request, obj, form, heading="Sign off a competence", save=save)
