"""Every page of the product's own apps is guarded by a permission from the one module.

The walker finds pages added later, so a new view without `permission_required` fails here.
"""

from peersupport.accounts.permissions import PERMISSIONS
from tests.support.urls import all_routes

PRODUCT_NAMESPACES = ("workforce:", "together_network:", "involvement:")
# Open to everyone signed in (home) or to no one signed in (health): no role to check.
NO_ROLE_NEEDED = {"home", "healthz"}


def product_routes():
    return [route for route in all_routes() if route.name.startswith(PRODUCT_NAMESPACES)]


def test_the_product_apps_have_pages():
    assert len(product_routes()) >= 4


def test_each_product_page_declares_a_known_permission():
    unguarded = []
    for route in product_routes():
        permission = getattr(route.callback, "permission", None)
        if permission not in PERMISSIONS:
            unguarded.append((route.name, permission))
    assert unguarded == []


def test_only_home_and_health_sit_outside_the_apps():
    project_pages = {
        route.name for route in all_routes() if not route.name.startswith(PRODUCT_NAMESPACES) and ":" not in route.name
    }
    own = {name for name in project_pages if not name.startswith(("account_", "mfa_"))}
    assert own == NO_ROLE_NEEDED
