"""The career pathway's roles, the competence framework and the training catalogue, kept by the peer support lead.

The peer support lead and admins read the framework and the catalogue; only the peer support lead
changes them here (admins change them in Django admin). Every change goes through a service in
`workforce.services`, which writes it to the admin log.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from peersupport.accounts.permissions import can, permission_required
from peersupport.record_ids import record_id
from peersupport.ui.pages import form_page

from .. import services
from ..forms import CompetenceDomainForm, CompetenceForm, PathwayRoleForm, TrainingCourseForm
from ..models import Competence, CompetenceDomain, PathwayRole, TrainingCourse
from ..selectors.catalogue import competence_framework, courses_for_catalogue
from .common import workforce_crumbs


def _pathway_crumb() -> dict:
    return {"label": "Career pathway", "url": reverse("workforce:pathway")}


def _framework_crumb() -> dict:
    return {"label": "Competence framework", "url": reverse("workforce:competences")}


def _catalogue_crumb() -> dict:
    return {"label": "Training catalogue", "url": reverse("workforce:courses")}


def _data(request):
    return request.POST if request.method == "POST" else None


def _loader(model, key: str, missing: str, *related: str):
    """Load the page's object for the permission check; 404 when there is none."""

    def load(request, **kwargs):
        try:
            objects = model.objects.select_related(*related) if related else model.objects
            return objects.get(pk=kwargs[key])
        except model.DoesNotExist as gone:
            raise Http404(missing) from gone

    return load


_role = _loader(PathwayRole, "role_id", "No such role on the pathway")
_domain = _loader(CompetenceDomain, "domain_id", "No such domain of the framework")
_competence = _loader(Competence, "competence_id", "No such competence", "domain")
_course = _loader(TrainingCourse, "course_id", "No such course")


# --- Roles on the pathway -------------------------------------------------------------------


def _role_url(role: PathwayRole) -> str:
    return f"{reverse('workforce:pathway')}#role-{role.pk}"


def _save_role(request, role: PathwayRole | None):
    def save(data):
        saved = services.pathway_role_save(
            role=role,
            name=data["name"],
            band=data["band"],
            after=data["after"],
            mandatory_courses=data.get("mandatory_courses", []),
            required_competences=data["required_competences"],
            by=request.user,
        )
        done = "changed" if role else "added to the pathway"
        return f"{saved.name} (band {saved.band}) {done}.", _role_url(saved)

    return save


def _role_page(request, form, *, heading: str, caption: str, save):
    return form_page(
        request,
        form,
        heading=heading,
        caption=caption,
        save=save,
        cancel_url=f"{reverse('workforce:pathway')}#roles",
        crumbs=workforce_crumbs(_pathway_crumb()),
    )


@permission_required("workforce.manage_pathway")
def pathway_role_add(request):
    form = PathwayRoleForm(_data(request))
    return _role_page(request, form, heading="Add a role", caption="Career pathway", save=_save_role(request, None))


@permission_required("workforce.manage_pathway", get_object=_role)
def pathway_role_change(request, role_id: int, obj: PathwayRole):
    form = PathwayRoleForm(_data(request), role=obj)
    return _role_page(request, form, heading="Change a role", caption=str(obj), save=_save_role(request, obj))


@permission_required("workforce.manage_pathway", get_object=_role)
@require_POST
def pathway_role_move(request, role_id: int, obj: PathwayRole):
    direction = request.POST.get("direction", "")
    try:
        moved = services.pathway_role_move(role=obj, direction=direction, by=request.user)
    except ValidationError as refused:
        messages.info(request, " ".join(refused.messages))
        return redirect(_role_url(obj))
    step = PathwayRole.objects.filter(order__lte=moved.order).count()
    messages.success(request, f"{moved.name} moved {direction}: it is now step {step} of the pathway.")
    return redirect(_role_url(moved))


# --- The competence framework ---------------------------------------------------------------


@permission_required("workforce.see_pathway")
def competences(request):
    context = {
        "domains": competence_framework(),
        "can_manage": can(request.user, "workforce.manage_pathway"),
        "breadcrumbs": workforce_crumbs(_pathway_crumb()),
    }
    return render(request, "workforce/catalogue/competences.html", context)


def _domain_url(domain: CompetenceDomain) -> str:
    return f"{reverse('workforce:competences')}#domain-{domain.pk}"


def _framework_page(request, form, *, heading: str, save, cancel_url: str = ""):
    return form_page(
        request,
        form,
        heading=heading,
        caption="Competence framework",
        save=save,
        cancel_url=cancel_url or reverse("workforce:competences"),
        crumbs=workforce_crumbs(_pathway_crumb(), _framework_crumb()),
    )


def _save_domain(request, domain: CompetenceDomain | None):
    def save(data):
        saved = services.competence_domain_save(domain=domain, name=data["name"], by=request.user)
        done = f"Domain renamed to '{saved.name}'." if domain else f"Domain '{saved.name}' added to the framework."
        return done, _domain_url(saved)

    return save


@permission_required("workforce.manage_pathway")
def competence_domain_add(request):
    form = CompetenceDomainForm(_data(request))
    return _framework_page(request, form, heading="Add a domain", save=_save_domain(request, None))


@permission_required("workforce.manage_pathway", get_object=_domain)
def competence_domain_change(request, domain_id: int, obj: CompetenceDomain):
    form = CompetenceDomainForm(_data(request), domain=obj)
    return _framework_page(
        request, form, heading="Rename a domain", save=_save_domain(request, obj), cancel_url=_domain_url(obj)
    )


def _save_competence(request, competence: Competence | None):
    def save(data):
        saved = services.competence_save(
            competence=competence, domain=data["domain"], name=data["name"], by=request.user
        )
        done = "changed" if competence else f"added to {saved.domain.name}"
        return f"Competence '{saved.name}' {done}.", _domain_url(saved.domain)

    return save


@permission_required("workforce.manage_pathway")
def competence_add(request):
    domain_id = record_id(request.GET.get("domain", ""))
    domain = CompetenceDomain.objects.filter(pk=domain_id).first() if domain_id else None
    form = CompetenceForm(_data(request), domain=domain)
    cancel_url = _domain_url(domain) if domain else ""
    return _framework_page(
        request, form, heading="Add a competence", save=_save_competence(request, None), cancel_url=cancel_url
    )


@permission_required("workforce.manage_pathway", get_object=_competence)
def competence_change(request, competence_id: int, obj: Competence):
    form = CompetenceForm(_data(request), competence=obj)
    return _framework_page(
        request,
        form,
        heading="Change a competence",
        save=_save_competence(request, obj),
        cancel_url=_domain_url(obj.domain),
    )


@permission_required("workforce.manage_pathway", get_object=_competence)
def competence_delete(request, competence_id: int, obj: Competence):
    refusal = services.competence_delete_refusal(competence=obj)
    if request.method == "POST" and refusal is None:
        try:
            services.competence_delete(competence=obj, by=request.user)
        except ValidationError as refused:
            refusal = " ".join(refused.messages)
        else:
            messages.success(request, f"Competence '{obj.name}' deleted.")
            return redirect(_domain_url(obj.domain))
    context = {
        "competence": obj,
        "refusal": refusal,
        "cancel_url": _domain_url(obj.domain),
        "breadcrumbs": workforce_crumbs(_pathway_crumb(), _framework_crumb()),
    }
    return render(request, "workforce/catalogue/competence_delete.html", context)


# --- The training catalogue -----------------------------------------------------------------


@permission_required("workforce.see_pathway")
def courses(request):
    context = {
        "courses": courses_for_catalogue(today=timezone.localdate()),
        "can_manage": can(request.user, "workforce.manage_pathway"),
        "breadcrumbs": workforce_crumbs(),
    }
    return render(request, "workforce/catalogue/courses.html", context)


def _save_course(request, course: TrainingCourse | None):
    def save(data):
        saved = services.training_course_save(
            course=course,
            name=data["name"],
            provider=data["provider"],
            renewal_months=data["renewal_months"],
            mandatory_for=data["mandatory_for"],
            by=request.user,
        )
        done = "changed" if course else "added to the catalogue"
        return f"{saved.name} {done}.", f"{reverse('workforce:courses')}#course-{saved.pk}"

    return save


def _course_page(request, form, *, heading: str, caption: str, save):
    return form_page(
        request,
        form,
        heading=heading,
        caption=caption,
        save=save,
        cancel_url=reverse("workforce:courses"),
        crumbs=workforce_crumbs(_catalogue_crumb()),
    )


@permission_required("workforce.manage_pathway")
def course_add(request):
    form = TrainingCourseForm(_data(request))
    return _course_page(
        request, form, heading="Add a course", caption="Training catalogue", save=_save_course(request, None)
    )


@permission_required("workforce.manage_pathway", get_object=_course)
def course_change(request, course_id: int, obj: TrainingCourse):
    form = TrainingCourseForm(_data(request), course=obj)
    return _course_page(request, form, heading="Change a course", caption=obj.name, save=_save_course(request, obj))
