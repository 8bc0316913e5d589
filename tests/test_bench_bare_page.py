"""The bare page `make bench` measures every page against exists only while BENCH_BARE_PAGE is on."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from peersupport import bench
from peersupport.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_bare_page_is_not_served_without_the_bench_switch(client, settings):
    assert settings.BENCH_BARE_PAGE is False

    response = client.get("/bench/bare/")

    assert response.status_code == 404


def test_the_bare_page_is_one_query_and_a_tiny_template():
    UserFactory.create_batch(2)

    with CaptureQueriesContext(connection) as queries:
        response = bench.bare(RequestFactory().get("/bench/bare/"))

    assert response.status_code == 200
    assert b"<p>2 people.</p>" in response.content
    assert len(queries) == 1
