"""The suite's own instruments: the fingerprint sees a write, and SQLite is held to PostgreSQL's limits."""

from decimal import Decimal

import pytest
from django.db import DataError, transaction

from tests.hostile.database import as_postgresql_would, changes, fingerprint
from workforce.models import Team
from workforce.tests.factories import PeerSupportWorkerFactory, ServiceFactory, TeamFactory

pytestmark = pytest.mark.django_db


def test_the_fingerprint_sees_a_row_added():
    before = fingerprint()

    TeamFactory()

    assert set(changes(before, fingerprint())) >= {"workforce_team", "workforce_service"}


@pytest.mark.parametrize(
    "values",
    [
        {"name": "A team\x00"},  # NUL in text
        {"name": "x" * 201},  # longer than the column
    ],
    ids=["a NUL character", "too long"],
)
def test_text_postgresql_refuses_is_refused_here_too(values):
    service = ServiceFactory()

    with as_postgresql_would(), pytest.raises(DataError), transaction.atomic():
        Team.objects.create(service=service, **values)


def test_a_number_too_big_for_its_column_is_refused_here_too():
    worker = PeerSupportWorkerFactory()
    worker.contracted_hours = Decimal("1000")  # a DecimalField of 5 digits, 2 after the point

    with as_postgresql_would(), pytest.raises(DataError), transaction.atomic():
        worker.save()


def test_a_nul_character_in_an_update_is_refused_here_too():
    team = TeamFactory()

    with as_postgresql_would(), pytest.raises(DataError), transaction.atomic():
        Team.objects.filter(pk=team.pk).update(name="A\x00team")


def test_what_postgresql_stores_is_stored():
    service = ServiceFactory()

    with as_postgresql_would():
        Team.objects.create(service=service, name="x" * 200)
