"""What every workforce page shares: breadcrumbs, loading a person for a permission check, record forms."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from peersupport.accounts.permissions import can

from .. import selectors
from ..models import PeerSupportWorker

PAGE_SIZE = 25


def home_crumbs(*extra) -> list[dict]:
    return [{"label": "Home", "url": reverse("home")}, *extra]


def workforce_crumb() -> dict:
    return {"label": "Workforce", "url": reverse("workforce:index")}


def people_crumbs(user) -> list[dict]:
    """Up to the people list for those who may see it; a peer support worker goes back home."""
    if can(user, "workforce.see_people"):
        return home_crumbs(workforce_crumb(), {"label": "Peer support workers", "url": reverse("workforce:people")})
    return home_crumbs()


def person_crumbs(user, worker: PeerSupportWorker) -> list[dict]:
    return [*people_crumbs(user), {"label": worker.full_name, "url": reverse("workforce:person", args=[worker.pk])}]


def load_person(request, worker_id: int, **_kwargs) -> PeerSupportWorker:
    """The person a page is about, with what their profile shows; 404 when there is none."""
    try:
        return selectors.person_profile(worker_id=worker_id)
    except PeerSupportWorker.DoesNotExist as missing:
        raise Http404("No such peer support worker") from missing


def add_service_errors(form, refused: ValidationError) -> None:
    """A service's refusal shown on the form: against its field where there is one, else at the top."""
    for field, errors in refused.message_dict.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


def record_page(
    request, worker: PeerSupportWorker, form, *, heading: str, save, template: str = "workforce/record_form.html"
) -> HttpResponse:
    """A form about one person: saved through `save(cleaned_data)`, then back to their profile."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as refused:
            add_service_errors(form, refused)
        else:
            return redirect("workforce:person", worker.pk)
    context = {"form": form, "worker": worker, "heading": heading, "breadcrumbs": person_crumbs(request.user, worker)}
    return render(request, template, context)
