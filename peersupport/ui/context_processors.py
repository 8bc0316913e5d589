"""What the layout needs on every page: the service name and the person's navigation.

The header's unread notifications count comes from notifications' own context processor.
"""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from peersupport.accounts.permissions import can


@dataclass(frozen=True)
class NavigationItem:
    label: str
    url_name: str
    permission: str | None = None  # None: everyone signed in


NAVIGATION = [
    NavigationItem("Home", "home"),
    NavigationItem("Involvement requests", "involvement:index", "involvement.view_involvement"),
    NavigationItem("Workforce", "workforce:index", "workforce.see_workforce"),
    NavigationItem("Together network", "together_network:index", "together_network.view_network"),
    NavigationItem("My involvement", "together_network:portal", "together_network.view_portal"),
    NavigationItem("Admin", "admin:index", "accounts.use_admin"),
]


def navigation_for(user, current_path: str) -> list[dict]:
    items = []
    for item in NAVIGATION:
        if item.permission and not can(user, item.permission):
            continue
        items.append({"label": item.label, "url": reverse(item.url_name), "current": False})
    # The current item is the one whose address is the longest start of this page's.
    matches = [
        entry
        for entry in items
        if current_path == entry["url"] or (entry["url"] != "/" and current_path.startswith(entry["url"]))
    ]
    if matches:
        max(matches, key=lambda entry: len(entry["url"]))["current"] = True
    return items


def layout(request) -> dict:
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "service_name": settings.SERVICE_NAME,
        "navigation": navigation_for(user, request.path) if signed_in else [],
    }
