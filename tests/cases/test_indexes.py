"""A case page's related cases read the newest rows of an index (cases migration 0009)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import listing
from tests.cases.factories import build_case_site, make_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("postgres_service")]


def test_the_related_cases_walk_the_start_date_index_instead_of_sorting_every_case():
    site = build_case_site()
    cases = [make_case(site.index, approach="intracortical_array") for _ in range(4)]
    with CaptureQueriesContext(connection) as captured:
        listing.case_detail_context(cases[0], remember=False)
    related = next(
        query["sql"]
        for query in captured.captured_queries
        # The newest cases, to score against the page (cases.listing.related_cases): the candidates.
        if query["sql"].endswith(f" DESC LIMIT {listing.RELATED_CANDIDATES}")
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a handful of rows: let the plan show the index's use
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + related)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Scan Backward using cases_casepage_by_start on cases_casepage" in plan
