"""The hostile-input suite's world: the demo, seeded once for the folder and rolled back at its end.

Seeding the demo takes seconds, so it is done once for this folder's tests inside an outer
transaction that is rolled back when they are done: the other tests still start from an empty database.
Every example then runs in a savepoint of its own (`example_rolled_back`), so no example sees
another's writes. Nothing here commits, on SQLite or PostgreSQL alike.

Hypothesis's settings come from a profile: "default" (CI and local runs: a fixed seed, a few
examples per form, no shrinking, so a failure shows the example that failed) or "thorough"
(HYPOTHESIS_PROFILE=thorough: many random examples, shrunk to the simplest failing one).
"""

import io
import os
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, Phase, settings

settings.register_profile(
    "default",
    derandomize=True,
    max_examples=6,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    print_blob=False,
)
settings.register_profile(
    "thorough",
    parent=settings.get_profile("default"),
    derandomize=False,
    max_examples=200,
    phases=list(Phase),
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


class _RollBack(Exception):
    """Raised to leave the outer transaction without committing it."""


@dataclass
class Site:
    """The seeded demo and what the suite knows about it."""

    people: dict = field(default_factory=dict)  # demo email -> user
    public_pages: list[str] = field(default_factory=list)  # pages with forms that need no login
    ids: list[int] = field(default_factory=list)  # real ids of records of many kinds, others' included


@contextmanager
def example_rolled_back():
    """A savepoint around one example: whatever it writes is undone before the next."""
    from django.db import transaction

    try:
        with transaction.atomic():
            yield
            raise _RollBack
    except _RollBack:
        pass


def _public_pages(people) -> list[str]:
    """The public forms' pages: logging in, by code, resetting a password, applying, answering."""
    from together_network.models import Invitation, InvitationStatus
    from together_network.services import applications, invitations

    coordinator = people["coordinator@example.org"]
    link = applications.application_link_send(email="applicant@example.org", full_name="Ada Applicant", by=coordinator)
    pages = [
        "/accounts/login/",
        "/accounts/login/code/",
        "/accounts/password/reset/",
        applications.application_path(link),
    ]
    invitation = Invitation.objects.filter(status=InvitationStatus.INVITED).order_by("pk").first()
    if invitation is not None:
        pages += [invitations.answer_link(invitation, answer) for answer in invitations.ANSWERS]
    return pages


def _sample_ids() -> list[int]:
    """Ids that exist, of every kind of record: most belong to someone else or to another kind."""
    from django.apps import apps

    ids: set[int] = set()
    for model in apps.get_models():
        if model._meta.pk.get_internal_type() in {"AutoField", "BigAutoField"}:
            ids.update(model._default_manager.order_by("-pk").values_list("pk", flat=True)[:3])
    return sorted(ids)


@pytest.fixture(scope="package")
def seeded_site(django_db_setup, django_db_blocker):
    """The demo, seeded in a transaction rolled back when this folder's tests are done."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import transaction

    from demo.management.commands.seed_demo import DEMO_PEOPLE

    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                call_command("seed_demo", stdout=io.StringIO())
                users = get_user_model().objects.in_bulk(
                    [email for email, _name, _roles in DEMO_PEOPLE], field_name="email"
                )
                site = Site(people=users)
                site.public_pages = _public_pages(users)
                site.ids = _sample_ids()
                yield site
                raise _RollBack
        except _RollBack:
            pass


@pytest.fixture
def site(seeded_site, db):
    """The seeded site; the test's own transaction (pytest-django's) is a savepoint inside the folder's."""
    return seeded_site
