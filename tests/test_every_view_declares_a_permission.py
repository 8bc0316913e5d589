"""Every page of the product is guarded by a permission from the one permissions module.

The walker finds pages added later, so a new view without `permission_required` fails here
unless it belongs to allauth's login flow, Django admin (guarded by admin itself) or the
short list of pages that need no role.
"""

from peersupport.accounts.permissions import PERMISSIONS
from tests.support.urls import all_routes

# Open to everyone signed in (home) or to everyone (health); the email page is a 404; an
# invitation's answer page and the page to apply to the network are reached by signed,
# single-use links, which are their authority. The footer's pages (help, accessibility, privacy
# and the service's status in words) are for everyone, signed in or not: people read them before
# they can sign in, and they show nothing about anyone.
NO_ROLE_NEEDED = {
    "home",
    "healthz",
    "account_email",
    "together_network:answer_by_link",
    "together_network:apply",
    "service_status",
    "accessibility",
    "privacy",
    "help",
}
GUARDED_ELSEWHERE = ("admin:", "account_", "mfa_")


def product_routes():
    return [
        route
        for route in all_routes()
        if route.name not in NO_ROLE_NEEDED and not route.name.startswith(GUARDED_ELSEWHERE)
    ]


def test_the_product_has_pages():
    assert len(product_routes()) >= 10


def test_each_product_page_declares_a_known_permission():
    unguarded = [
        (route.name, getattr(route.callback, "permission", None))
        for route in product_routes()
        if getattr(route.callback, "permission", None) not in PERMISSIONS
    ]
    assert unguarded == []
