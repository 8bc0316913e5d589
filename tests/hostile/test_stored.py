"""Whatever was saved, however odd, shows on every page and in every download.

A record may hold text typed before today's checks existed, imported, or entered in the admin:
right-to-left marks, control characters, markup, text that starts like a formula, text as
long as its column. Each role's crawl, downloads included, then meets it everywhere.
"""

import itertools

import pytest
from django.apps import apps
from django.db import models
from django.test import Client

from demo.management.commands.seed_demo import DEMO_PEOPLE
from tests.hostile.conftest import example_rolled_back
from tests.hostile.site import crawl

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("hostile-stored")]

PROJECT_APPS = ("peersupport", "workforce", "together_network", "involvement", "notifications")
STORED_TEXTS = [
    "\u202eevil\u202c name",
    "\x01\x08\x0b\x1b control characters",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://example.org","click")',
    "🧠💬👩🏽‍⚕️",
    "' OR 1=1 --",
    "{{ request }} {% now 'Y' %}",
    "a\u200db\u2028c",
    "Ω" * 10_000,  # cut to the column's length
]
ROWS_PER_MODEL = 5


def _text_fields(model) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not (field.choices or field.unique or field.primary_key)
        and field.name not in {"password", "email", "token"}
    ]


def _store_hostile_text() -> int:
    """Overwrite the text of the first rows of every model of the project; returns the values written."""
    texts = itertools.cycle(STORED_TEXTS)
    written = 0
    for model in apps.get_models():
        if not model.__module__.startswith(PROJECT_APPS) or model._meta.proxy:
            continue
        fields = _text_fields(model)
        if not fields:
            continue
        for pk in model._default_manager.order_by("pk").values_list("pk", flat=True)[:ROWS_PER_MODEL]:
            values = {field.attname: next(texts)[: field.max_length or None] for field in fields}
            written += model._default_manager.filter(pk=pk).update(**values) * len(values)
    return written


@pytest.mark.parametrize("role", [email for email, _name, _roles in DEMO_PEOPLE])
def test_every_page_and_download_shows_hostile_saved_text(site, role):
    client = Client()
    client.force_login(site.people[role])
    with example_rolled_back():
        assert _store_hostile_text() > 100
        answers = crawl(client, ["/", "/notifications/preferences/"], role, downloads=True).answers

    server_errors = {path: status for path, status in answers.items() if status >= 500}
    assert server_errors == {}
    assert len(answers) > 10, answers
