"""Every page needs a login, except the login flow, the health check and static files.

The walker visits every URL pattern the project has, so a page added later is covered
without anyone remembering to add it here.
"""

import pytest
from django.urls import reverse

from tests.support.urls import all_routes

# Pages that must answer without a login: allauth's login flow and the health check.
PUBLIC = {
    "healthz",
    # the footer's pages: read before signing in, or by people who cannot (they show nobody's data)
    "service_status",
    "accessibility",
    "privacy",
    "help",
    # signed, single-use invitation links (see together_network/services/invitations.py)
    "together_network:answer_by_link",
    "together_network:apply",  # signed, single-use links to apply (see together_network/services/applications.py)
    "account_login",
    "account_logout",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "account_request_login_code",
    "account_confirm_login_code",
    "account_confirm_email",
    "account_email_verification_sent",
    "account_inactive",
    "account_login_code_confirm",
    "mfa_authenticate",
    "mfa_login_webauthn",
    "mfa_trust",
    "mfa_signup_webauthn",
}


def test_the_walker_finds_the_projects_pages():
    names = {route.name for route in all_routes()}

    assert {"home", "healthz", "workforce:team_detail", "together_network:portal", "admin:index"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize(
    "route", [route for route in all_routes() if route.name not in PUBLIC], ids=lambda route: route.name or route.path
)
def test_anonymous_visitors_are_sent_to_log_in(client, route):
    response = client.get(route.path)

    assert response.status_code == 302, f"{route.path} answered {response.status_code} without a login"
    location = response["Location"]
    assert location.startswith(reverse("account_login")) or location.startswith("/admin/login/"), location


@pytest.mark.django_db
def test_only_the_listed_pages_answer_without_a_login(client):
    answering = set()
    for route in all_routes():
        response = client.get(route.path)
        if response.status_code != 302:
            answering.add(route.name)
    assert answering <= PUBLIC, f"pages open without login: {sorted(answering - PUBLIC)}"
