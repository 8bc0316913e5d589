"""Counting a job's queries: what it reads, apart from the inserts that grow with what it writes."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def reads_and_queries(job) -> tuple[int, int]:
    """(SELECTs, all queries) of one call of `job()`."""
    with CaptureQueriesContext(connection) as queries:
        job()
    reads = [query for query in queries if query["sql"].lstrip().upper().startswith("SELECT")]
    return len(reads), len(queries)
