"""What the layout needs on every page: the service name and the person's navigation."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse


@dataclass(frozen=True)
class NavigationItem:
    label: str
    url_name: str
    permission: str | None = None  # None: everyone signed in
    staff_only: bool = False


NAVIGATION = [
    NavigationItem("Home", "home"),
    NavigationItem("Involvement requests", "involvement:index", "involvement.view_involvement"),
    NavigationItem("Workforce", "workforce:index", "workforce.view_workforce"),
    NavigationItem("Together network", "together_network:index", "together_network.view_network"),
    NavigationItem("My involvement", "together_network:portal", "together_network.view_portal"),
    NavigationItem("Admin", "admin:index", staff_only=True),
]


def navigation_for(user, current_path: str) -> list[dict]:
    items = []
    for item in NAVIGATION:
        if item.staff_only and not user.is_staff:
            continue
        if item.permission and not user.has_perm(item.permission):
            continue
        url = reverse(item.url_name)
        current = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"label": item.label, "url": url, "current": current})
    return items


def layout(request) -> dict:
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "service_name": settings.SERVICE_NAME,
        "navigation": navigation_for(user, request.path) if signed_in else [],
    }
