"""Search fixtures: the corpus, indexed into the database engine and (when reachable) Elasticsearch.

``corpus``, ``elasticsearch`` and ``es_corpus`` are a test's own (it may write). ``module_corpus`` is
the same corpus built and indexed in the database once for the module (``tests.conftest.module_world``),
a copy for each test; a module takes it as its ``corpus`` (test_database_engine, test_views,
test_search_boxes: about a second of building a test). ``read_only_es_corpus``
is built once for a module whose tests only search it (``tests/search/test_parity.py``: about 90
tests that used to build and index the corpus each): made in a transaction rolled back after the
module, indexed in both engines, the Elasticsearch indexes dropped after it.
"""

import copy
import os
import uuid
from contextlib import contextmanager
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import override_settings

from search import indexing
from tests.conftest import module_world, require_service, rolled_back_world
from tests.search.corpus import build_corpus

RUN_PREFIX = f"test-{os.getpid()}-{uuid.uuid4().hex[:6]}-"


def _indexed_corpus():
    corpus = build_corpus()
    indexing.rebuild_database()
    return corpus


@contextmanager
def elasticsearch_engine():
    """The Elasticsearch engine on the test server, in indexes of this run's own prefix (empty before and after)."""
    url = settings.ELASTICSEARCH_TEST_URL
    parts = urlsplit(url)
    require_service("Elasticsearch", parts.hostname, parts.port or 9200)
    with override_settings(
        PORTAL_SEARCH_ENGINE="elasticsearch",
        ELASTICSEARCH_URL=url,
        SEARCH_INDEX_PREFIX=RUN_PREFIX,
        SEARCH_ELASTICSEARCH_REFRESH=True,
        SEARCH_ELASTICSEARCH_TIMEOUT=5.0,
    ):
        from search.engines import elasticsearch as es_engine  # the engine module reads these settings

        es_engine.drop_all()
        try:
            yield es_engine
        finally:
            es_engine.drop_all()


@pytest.fixture
def corpus(db):
    return _indexed_corpus()


corpus_built = module_world(_indexed_corpus, name="corpus_built")


@pytest.fixture
def module_corpus(corpus_built, db):
    return copy.deepcopy(corpus_built)


@pytest.fixture
def elasticsearch():
    with elasticsearch_engine() as engine:
        yield engine


@pytest.fixture
def es_corpus(corpus, elasticsearch):
    elasticsearch.rebuild()
    return corpus


@pytest.fixture(scope="module")
def read_only_es_corpus(django_db_setup, django_db_blocker, tmp_path_factory):
    """The corpus in both engines for a module's tests that only search it: ``.corpus`` and ``.engine``."""
    with (
        elasticsearch_engine() as engine,
        rolled_back_world(django_db_blocker, tmp_path_factory, _indexed_corpus) as corpus,
    ):
        engine.rebuild()
        yield SimpleNamespace(corpus=corpus, engine=engine)
