"""Security headers and production settings, as a browser and an operator see them."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from peersupport.accounts.roles import Role

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_pages_send_a_content_security_policy_without_unsafe_inline(client, login_as):
    login_as(Role.REQUESTER)

    response = client.get(reverse("home"))

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    nonce = response.context["csp_nonce"]
    assert f"'nonce-{nonce}'" in policy
    assert f'<script nonce="{nonce}">' in response.content.decode()
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


PRODUCTION_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "peersupport.settings.production",
    "SECRET_KEY": "a-long-random-production-secret-key-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "peersupport.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/peersupport",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "SITE_URL": "https://peersupport.example.org",
}


def run_manage(*args: str, unset: tuple[str, ...] = (), **env: str) -> subprocess.CompletedProcess:
    """manage.py under production settings, in a clean process (nothing of the tests' own)."""
    dropped = {"DJANGO_ALLOW_ASYNC_UNSAFE", *unset}
    environment = {key: value for key, value in os.environ.items() if key not in dropped}
    environment.update({key: value for key, value in PRODUCTION_ENVIRONMENT.items() if key not in unset})
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_the_deployment_checks():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "SITE_URL"])
def test_production_refuses_to_start_without_its_required_settings(missing):
    result = run_manage("check", unset=(missing,))

    assert result.returncode != 0
    assert missing in result.stderr


def test_production_refuses_sqlite():
    result = run_manage("check", DATABASE_URL="sqlite:////tmp/peersupport.sqlite3")

    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


def test_production_uses_postgresql_with_the_connection_pool():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; d = settings.DATABASES['default'];"
        " print(d['ENGINE'], bool(d['OPTIONS']['pool']))",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["django.db.backends.postgresql", "True"]
