"""The pool: the list of experts by experience with its filters and downloads, one person's record,
and the coordinator's forms (add, change, onboarding, consent, status)."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from peersupport.accounts.permissions import can, permission_required
from peersupport.ui.exports import download, safe
from peersupport.ui.pages import form_page, home_crumbs

from ..forms.pool import (
    ConfirmForm,
    ConsentForm,
    ExpertDetailsForm,
    LeaveForm,
    NewExpertForm,
    OnboardingStepForm,
    PauseForm,
)
from ..models import ExpertByExperience, ExpertStatus, OnboardingStep, PartOfDay, Weekday
from ..selectors import pool as selectors
from ..services import pool as services
from .portal import network_crumbs

PAGE_SIZE = 25


def pool_crumbs() -> list[dict]:
    return network_crumbs({"label": "People", "url": reverse("together_network:pool")})


def expert_crumbs(expert: ExpertByExperience) -> list[dict]:
    """Up to the person's record in the pool, for coordinators."""
    return [*pool_crumbs(), {"label": expert.full_name, "url": reverse("together_network:expert", args=[expert.pk])}]


def record_crumbs(user, expert: ExpertByExperience) -> list[dict]:
    """Up to the pool for coordinators; a person looking at their own record goes back home."""
    return expert_crumbs(expert) if can(user, "together_network.view_network") else home_crumbs()


def load_expert(request, expert_id: int, **_kwargs) -> ExpertByExperience:
    try:
        return selectors.expert_record(expert_id=expert_id)
    except ExpertByExperience.DoesNotExist as missing:
        raise Http404("No such person in the Together network") from missing


# --- The list -----------------------------------------------------------------------------------


EXPORT_HEADER = [
    "Name",
    "Pronouns",
    "Email",
    "Phone",
    "Preferred contact",
    "Status",
    "Applied on",
    "Active from",
    "Left on",
    "Lived experience",
    "Skills",
    "Usually free",
    "Online",
    "In person",
    "Onboarding still to do",
    "DBS check",
    "Consent given on",
    "Consent review by",
    "Consent",
    "Payment preference",
    "Earnings limit",
    "Earnings limit period",
]
CONSENT_WORDS = {"current": "Current", "due": "Due for review", "lapsed": "Lapsed", "none": "None recorded"}


def _iso(day) -> str:
    return day.isoformat() if day else ""


def _export_rows(experts, today):
    """Both downloads' rows; people's own text is guarded against running as a spreadsheet formula."""
    for row in selectors.pool_rows(experts, today=today):
        expert = row.expert
        free = "; ".join(
            f"{Weekday(day).label} {PartOfDay(part).label.lower()}" for day, part in expert.availability_slots
        )
        yield [
            safe(expert.full_name),
            safe(expert.pronouns),
            safe(expert.email),
            safe(expert.phone),
            expert.get_preferred_contact_display(),
            expert.get_status_display(),
            _iso(expert.joined_on),
            _iso(expert.active_from),
            _iso(expert.left_on),
            safe("; ".join(row.areas)),
            safe("; ".join(row.skills)),
            free,
            "Yes" if expert.available_online else "No",
            "Yes" if expert.available_in_person else "No",
            "; ".join(row.steps_to_do) or "Nothing",
            "Yes" if row.has_dbs else "No",
            _iso(expert.consent_given_on),
            _iso(expert.consent_review_due),
            CONSENT_WORDS[row.consent],
            expert.get_payment_preference_display(),
            expert.earnings_limit if expert.earnings_limit is not None else "",
            expert.get_earnings_limit_period_display() if expert.earnings_limit_period else "",
        ]


@permission_required("together_network.view_network")
def pool(request):
    today = timezone.localdate()
    filters = selectors.pool_filters(data=request.GET, today=today)
    experts = filters.qs
    export = download(
        request.GET.get("format", ""),
        stem="together-network-people",
        sheet_title="Together network",
        header=EXPORT_HEADER,
        rows=_export_rows(experts, today),
    )
    if export is not None:
        return export
    page = Paginator(experts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "together_network/pool/list.html",
        {
            "page": page,
            "rows": selectors.pool_rows(page.object_list, today=today),
            "filters": filters,
            **filters.links(),
            "filtered": filters.filtered,
            "can_manage": can(request.user, "together_network.manage_pool"),
            "breadcrumbs": network_crumbs(),
        },
    )


# --- One person's record ----------------------------------------------------------------------------

MOVES = {
    ExpertStatus.APPLICANT: [("activate", "Make active")],
    ExpertStatus.ACTIVE: [("pause", "Pause")],
    ExpertStatus.PAUSED: [("resume", "Resume")],
    ExpertStatus.LEFT: [],
}


@permission_required("together_network.view_expert", get_object=load_expert)
def expert(request, expert_id: int, obj: ExpertByExperience):
    user = request.user
    manages = can(user, "together_network.manage_pool", obj)
    today = timezone.localdate()
    moves = []
    if manages:
        moves = list(MOVES[ExpertStatus(obj.status)])
        if obj.status != ExpertStatus.LEFT:
            moves.append(("leave", "Record that they have left"))
        moves = [(reverse(f"together_network:expert_{move}", args=[obj.pk]), label) for move, label in moves]
    return render(
        request,
        "together_network/pool/record.html",
        {
            "expert": obj,
            "checklist": selectors.onboarding_checklist(obj),
            "steps_to_do": services.steps_to_do(record.step for record in obj.onboarding.all()),
            "consents": list(obj.consents.all()),
            "consent_state": selectors.consent_state(obj, today),
            "availability": selectors.availability_grid(obj),
            "parts_of_day": PartOfDay.labels,
            "invitations": selectors.recent_invitations(expert=obj),
            "changes": selectors.record_changes(obj),
            "can_manage": manages,
            "moves": moves,
            "is_own_record": obj.user_id is not None and obj.user_id == user.pk,
            "breadcrumbs": pool_crumbs() if can(user, "together_network.view_network") else home_crumbs(),
        },
    )


def _record_page(
    request, expert: ExpertByExperience, form, *, heading: str, save, note: str = "", save_label: str = "Save"
):
    """A form about one person: `save(cleaned_data)` returns the message; then back to their record."""
    record_url = reverse("together_network:expert", args=[expert.pk])
    return form_page(
        request,
        form,
        heading=heading,
        caption=expert.full_name,
        note=note,
        save=lambda data: (save(data), record_url),
        cancel_url=record_url,
        crumbs=record_crumbs(request.user, expert),
        save_label=save_label,
    )


def _posted(request):
    return request.POST if request.method == "POST" else None


@permission_required("together_network.manage_pool")
def add_expert(request):
    form = NewExpertForm(_posted(request))

    def save(data):
        created = services.expert_create(by=request.user, joined_on=data["joined_on"], **form.service_values())
        return (
            f"{created.full_name} added as an applicant. Next, record their onboarding and consent.",
            reverse("together_network:expert", args=[created.pk]),
        )

    return form_page(
        request,
        form,
        heading="Add a person to the Together network",
        save=save,
        cancel_url=reverse("together_network:pool"),
        crumbs=pool_crumbs(),
    )


@permission_required("together_network.manage_pool", get_object=load_expert)
def change_expert(request, expert_id: int, obj: ExpertByExperience):
    form = ExpertDetailsForm(_posted(request), expert=obj)

    def save(data):
        services.expert_update(expert=obj, by=request.user, **form.service_values())
        return f"{data['full_name']}'s details saved."

    return _record_page(request, obj, form, heading="Change their details", save=save)


@permission_required("together_network.manage_pool", get_object=load_expert)
def record_step(request, expert_id: int, obj: ExpertByExperience):
    done = {record.step for record in obj.onboarding.all()}

    def save(data):
        record = services.onboarding_step_record(
            expert=obj, step=data["step"], completed_on=data["completed_on"], note=data["note"], by=request.user
        )
        return f"{record.get_step_display()} recorded for {obj.full_name}. We have emailed them to say what comes next."

    return _record_page(
        request,
        obj,
        OnboardingStepForm(_posted(request), done=done),
        heading="Record an onboarding step",
        save=save,
        note="Every step is recorded already."
        if done >= set(OnboardingStep.values)
        else "Everyone needs every step but the DBS check, which only some activities need.",
    )


@permission_required("together_network.manage_pool", get_object=load_expert)
def record_consent(request, expert_id: int, obj: ExpertByExperience):
    def save(data):
        services.consent_record(expert=obj, by=request.user, **data)
        return f"Consent recorded for {obj.full_name}, to review by {data['review_due']:%-d %B %Y}."

    return _record_page(
        request,
        obj,
        ConsentForm(_posted(request)),
        heading="Record consent",
        save=save,
        note="Go through each statement with them, and tick only what they agree to.",
    )


# move: (heading, form, note, button, what the message says)
STATUS_MOVES = {
    "activate": (
        "Make them active",
        ConfirmForm,
        "Once active, they can be matched with requests and invited.",
        "Make active",
        "is now active",
    ),
    "pause": (
        "Pause them",
        PauseForm,
        "They will not be matched with requests until they resume. Places they already have stay theirs.",
        "Pause",
        "is paused",
    ),
    "resume": ("Resume them", ConfirmForm, "They will be matched with requests again.", "Resume", "is active again"),
    "leave": ("Record that they have left", LeaveForm, "", "Record that they have left", "has left the network"),
}


@permission_required("together_network.manage_pool", get_object=load_expert)
def move_status(request, expert_id: int, obj: ExpertByExperience, move: str):
    heading, form_class, note, button, done = STATUS_MOVES[move]

    def save(data):
        if move == "activate":
            services.expert_activate(expert=obj, by=request.user)
        elif move == "pause":
            services.expert_pause(expert=obj, by=request.user, reason=data["reason"])
        elif move == "resume":
            services.expert_resume(expert=obj, by=request.user)
        else:
            services.expert_leave(expert=obj, on=data["on"], by=request.user)
        return f"{obj.full_name} {done}."

    return _record_page(
        request, obj, form_class(_posted(request)), heading=heading, save=save, note=note, save_label=button
    )
