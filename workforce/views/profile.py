"""A peer support worker's profile and record: adding them, changing their details, training and supervision."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from involvement.services import psw_hours_booked
from peersupport.accounts.permissions import can, permission_required

from .. import selectors, services
from ..forms import NewPeerSupportWorkerForm, PeerSupportWorkerForm, SupervisionSessionForm, TrainingRecordForm
from ..models import PeerSupportWorker
from ..selectors.pathway import progression
from .common import add_service_errors, load_person, people_crumbs, person_crumbs, record_page


@permission_required("workforce.see_person", get_object=load_person)
def person(request, worker_id: int, obj: PeerSupportWorker):
    today = timezone.localdate()
    compliance = selectors.training_compliance(obj, today=today)
    user = request.user
    return render(
        request,
        "workforce/person.html",
        {
            "worker": obj,
            "compliance": compliance,
            "training_status": selectors.overall_training_status(compliance),
            "sessions": list(obj.supervision_sessions.all()),
            "expected_days": settings.SUPERVISION_EXPECTED_DAYS,
            "booked": psw_hours_booked(peer_support_worker=obj, month_of=today),
            "allowance": obj.monthly_allowance,
            "changes": selectors.person_changes(worker=obj),
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
        messages.success(request, f"{record.course} recorded for {obj.full_name}.")

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
        messages.success(request, f"Supervision recorded for {obj.full_name}.")

    form = SupervisionSessionForm(request.POST if request.method == "POST" else None)
    return record_page(request, obj, form, heading="Record supervision", save=save)


def _person_values(data: dict) -> dict:
    return {name: data[name] for name in services.PERSON_FIELDS}


@permission_required("workforce.manage_people")
def add_person(request):
    form = NewPeerSupportWorkerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            worker = services.peer_support_worker_add(
                by=request.user, pathway_role=form.cleaned_data["pathway_role"], **_person_values(form.cleaned_data)
            )
        except ValidationError as refused:
            add_service_errors(form, refused)
        else:
            messages.success(request, f"{worker.full_name} added.")
            return redirect("workforce:person", worker.pk)
    context = {
        "form": form,
        "heading": "Add a peer support worker",
        "cancel_url": reverse("workforce:people"),
        "breadcrumbs": people_crumbs(request.user),
    }
    return render(request, "workforce/person_form.html", context)


@permission_required("workforce.manage_people", get_object=load_person)
def edit_person(request, worker_id: int, obj: PeerSupportWorker):
    form = PeerSupportWorkerForm(request.POST if request.method == "POST" else None, worker=obj)
    if request.method == "POST" and form.is_valid():
        try:
            services.peer_support_worker_update(worker=obj, by=request.user, **_person_values(form.cleaned_data))
        except ValidationError as refused:
            add_service_errors(form, refused)
        else:
            messages.success(request, f"{form.cleaned_data['full_name']}'s details saved.")
            return redirect("workforce:person", obj.pk)
    context = {
        "form": form,
        "worker": obj,
        "heading": "Change their details",
        "cancel_url": reverse("workforce:person", args=[obj.pk]),
        "breadcrumbs": person_crumbs(request.user, obj),
    }
    return render(request, "workforce/person_form.html", context)
