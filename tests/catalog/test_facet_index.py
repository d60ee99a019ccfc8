"""The catalogue's facet counts read a covering index, in one process (catalog migration 0012)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from catalog import queries
from catalog.models import FACET_COLUMNS, Product
from tests.catalog.factories import PublishedProductFactory

pytestmark = pytest.mark.django_db


def test_the_index_covers_every_column_the_facet_scan_reads():
    scanned = {facet.column(Product) for facet in queries.CATALOGUE.facets if facet.scanned}
    assert scanned == set(FACET_COLUMNS)


@pytest.mark.usefixtures("postgres_service")
def test_the_facet_scan_is_an_index_only_scan_without_parallel_workers():
    """A column left out of the index would make PostgreSQL read the table rows (no Index Only Scan)."""
    PublishedProductFactory.create_batch(3)
    with CaptureQueriesContext(connection) as captured:
        queries.catalogue_page(queries.CATALOGUE.parse(QueryDict("")))
    scan = next(query["sql"] for query in captured.captured_queries if "COUNT(*) FILTER" in query["sql"])
    with connection.cursor() as cursor:
        # A handful of rows: leave the planner only index-only scans, possible only if the index covers the scan.
        for method in ("seqscan", "indexscan", "bitmapscan"):
            cursor.execute(f"SET LOCAL enable_{method} = off")
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 2")
        cursor.execute("SET LOCAL parallel_setup_cost = 0")
        cursor.execute("SET LOCAL parallel_tuple_cost = 0")
        cursor.execute("SET LOCAL min_parallel_index_scan_size = 0")
        cursor.execute("EXPLAIN " + scan)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan using catalog_product_facets on catalog_product" in plan
    assert "Gather" not in plan  # the table's parallel_workers = 0: one process, no workers to start
