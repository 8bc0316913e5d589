"""A peer support worker's profile, and recording their training and supervision."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import render
from django.utils import timezone

from involvement.services import psw_hours_booked
from peersupport.accounts.permissions import can, permission_required

from .. import selectors, services
from ..forms import SupervisionSessionForm, TrainingRecordForm
from ..models import PeerSupportWorker
from ..selectors.pathway import progression
from .common import load_person, people_crumbs, record_page


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
