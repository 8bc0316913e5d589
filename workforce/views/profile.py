"""A peer support worker's profile and record: adding them, changing their details, training and supervision."""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from peersupport.accounts.permissions import can, permission_required
from peersupport.ui.pages import form_page

from .. import services
from ..forms import NewPeerSupportWorkerForm, PeerSupportWorkerForm, SupervisionSessionForm, TrainingRecordForm
from ..models import PeerSupportWorker
from ..selectors.compliance import overall_training_status, training_compliance
from ..selectors.pathway import progression
from ..selectors.people import person_changes
from .common import load_person, people_crumbs, record_page


@permission_required("workforce.see_person", get_object=load_person)
def person(request, worker_id: int, obj: PeerSupportWorker):
    today = timezone.localdate()
    compliance = training_compliance(obj, today=today)
    user = request.user
    return render(
        request,
        "workforce/person.html",
        {
            "worker": obj,
            "compliance": compliance,
            "training_status": overall_training_status(compliance),
            "sessions": list(obj.supervision_sessions.all()),
            "expected_days": settings.SUPERVISION_EXPECTED_DAYS,
            "allowance": obj.monthly_allowance,
            "changes": person_changes(worker=obj),
            "progression": progression(obj, today=today),
            "can_record": can(user, "workforce.record_development", obj),
            "can_sign_off": can(user, "workforce.sign_off_competence", obj),
            "can_change_role": can(user, "workforce.record_role_change", obj),
            "can_edit": can(user, "workforce.manage_people"),
            "is_own_profile": obj.user_id == user.pk,
            "breadcrumbs": people_crumbs(user),
        },
    )


@permission_required("workforce.record_development", get_object=load_person)
def add_training(request, worker_id: int, obj: PeerSupportWorker):
    def save(data):
        record = services.training_record_add(
            peer_support_worker=obj,
            course=data["course"],
            completed_on=data["completed_on"],
            evidence_note=data["evidence_note"],
            by=request.user,
        )
        return f"{record.course} recorded for {obj.full_name}."

    form = TrainingRecordForm(request.POST if request.method == "POST" else None)
    return record_page(request, obj, form, heading="Record training", save=save)


@permission_required("workforce.record_development", get_object=load_person)
def add_supervision(request, worker_id: int, obj: PeerSupportWorker):
    def save(data):
        services.supervision_session_record(
            peer_support_worker=obj,
            date=data["date"],
            kind=data["kind"],
            duration_minutes=data["duration_minutes"],
            supervisor=request.user if data["given_by_me"] else None,
            supervisor_name=data["supervisor_name"].strip(),
            by=request.user,
        )
        return f"Supervision recorded for {obj.full_name}."

    form = SupervisionSessionForm(request.POST if request.method == "POST" else None)
    return record_page(request, obj, form, heading="Record supervision", save=save)


def _person_values(data: dict) -> dict:
    return {name: data[name] for name in services.PERSON_FIELDS}


@permission_required("workforce.manage_people")
def add_person(request):
    def save(data):
        worker = services.peer_support_worker_add(
            by=request.user, pathway_role=data["pathway_role"], **_person_values(data)
        )
        return f"{worker.full_name} added.", reverse("workforce:person", args=[worker.pk])

    return form_page(
        request,
        NewPeerSupportWorkerForm(request.POST if request.method == "POST" else None),
        heading="Add a peer support worker",
        save=save,
        cancel_url=reverse("workforce:people"),
        crumbs=people_crumbs(request.user),
    )


@permission_required("workforce.manage_people", get_object=load_person)
def edit_person(request, worker_id: int, obj: PeerSupportWorker):
    def save(data):
        services.peer_support_worker_update(worker=obj, by=request.user, **_person_values(data))
        return f"{data['full_name']}'s details saved."

    return record_page(
        request,
        obj,
        PeerSupportWorkerForm(request.POST if request.method == "POST" else None, worker=obj),
        heading="Change their details",
        save=save,
        note='Their role on the career pathway changes through "Record a change of role" on their profile, '
        "so their role history stays whole.",
    )
