"""What every workforce page shares: breadcrumbs, loading a person for a permission check, record forms."""

from django.http import Http404, HttpResponse
from django.urls import reverse

from peersupport.accounts.permissions import can
from peersupport.ui.pages import form_page, home_crumbs

from ..models import PeerSupportWorker
from ..selectors.people import person_profile

PAGE_SIZE = 25


def workforce_crumbs(*extra: dict) -> list[dict]:
    """Home, the workforce front page, then `extra` in order."""
    return home_crumbs({"label": "Workforce", "url": reverse("workforce:index")}, *extra)


def people_list_crumbs() -> list[dict]:
    return workforce_crumbs({"label": "Peer support workers", "url": reverse("workforce:people")})


def people_crumbs(user) -> list[dict]:
    """Up to the people list for those who may see it; a peer support worker goes back home."""
    return people_list_crumbs() if can(user, "workforce.see_people") else home_crumbs()


def person_crumbs(user, worker: PeerSupportWorker) -> list[dict]:
    return [*people_crumbs(user), {"label": worker.full_name, "url": reverse("workforce:person", args=[worker.pk])}]


def load_person(request, worker_id: int, **_kwargs) -> PeerSupportWorker:
    """The person a page is about, with what their profile shows; 404 when there is none."""
    try:
        return person_profile(worker_id=worker_id)
    except PeerSupportWorker.DoesNotExist as missing:
        raise Http404("No such peer support worker") from missing


def record_page(request, worker: PeerSupportWorker, form, *, heading: str, save, note: str = "") -> HttpResponse:
    """A form about one person: `save(cleaned_data)` returns the message; then back to their profile."""
    profile_url = reverse("workforce:person", args=[worker.pk])
    return form_page(
        request,
        form,
        heading=heading,
        caption=worker.full_name,
        note=note,
        save=lambda data: (save(data), profile_url),
        cancel_url=profile_url,
        crumbs=person_crumbs(request.user, worker),
    )
