"""schemathesis against the JSON API's OpenAPI document: 0 server errors (issue #11, static checks).

Runs in process through Django's WSGI handler (no server to start) on the suite's database,
seeded with public products, cases in both languages and a published edition, so the
generated requests reach real serialisation. Every operation is a test item; besides "no 5xx",
the answers must be documented (status codes, content types, bodies matching their schemas),
so an undocumented 404 or 422 fails here too. 40 generated requests per operation, about a
minute in all (most of it creating the data for each operation).
``make audit`` runs this file on its own.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from tests.cases.factories import HospitalFactory, build_case_site, make_case, translate_case
from tests.catalog.edition_factories import published_edition
from tests.catalog.factories import PublishedProductFactory

EXAMPLES_PER_OPERATION = 40


def load_schema():
    """The document ninja serves at /api/v1/openapi.json, tested through Django's WSGI handler."""
    from portal.api import api

    loaded = schemathesis.openapi.from_dict(api.get_openapi_schema())
    loaded.app = get_wsgi_application()
    return loaded


schema = load_schema()


@pytest.fixture
def keep_the_test_connection():
    """Django's WSGI handler closes the connection after each request, and with it the test's
    transaction; its test client turns that off in the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def public_data(db, keep_the_test_connection):
    products = PublishedProductFactory.create_batch(3)
    published_edition(year=2031, products=products[:2])
    site = build_case_site()
    hospital = HospitalFactory()
    case = make_case(site.index, title="言语解码", indications=["als"], institutions=[hospital], products=products[:1])
    translate_case(case, site.tree.en, title="Speech decoding")
    make_case(site.index, title="运动康复", indications=["paralysis"])


def test_the_tested_document_is_the_served_one(client):
    assert client.get("/api/v1/openapi.json").json() == schema.raw_schema


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_answers_as_documented_and_never_with_a_server_error(case, public_data):
    case.call_and_validate()
