"""Search fixtures: the corpus, indexed into the database engine and (when reachable) Elasticsearch."""

import os
import uuid
from urllib.parse import urlsplit

import pytest

from search import indexing
from tests.conftest import require_service
from tests.search.corpus import build_corpus

RUN_PREFIX = f"test-{os.getpid()}-{uuid.uuid4().hex[:6]}-"


@pytest.fixture
def corpus(db):
    corpus = build_corpus()
    indexing.rebuild_database()
    return corpus


@pytest.fixture
def elasticsearch(settings):
    """The Elasticsearch engine against the test server, in indexes of this run's own prefix."""
    url = settings.ELASTICSEARCH_TEST_URL
    parts = urlsplit(url)
    require_service("Elasticsearch", parts.hostname, parts.port or 9200)
    settings.PORTAL_SEARCH_ENGINE = "elasticsearch"
    settings.ELASTICSEARCH_URL = url
    settings.SEARCH_INDEX_PREFIX = RUN_PREFIX
    settings.SEARCH_ELASTICSEARCH_REFRESH = True
    settings.SEARCH_ELASTICSEARCH_TIMEOUT = 5.0
    from search.engines import elasticsearch as es_engine

    es_engine.drop_all()
    yield es_engine
    es_engine.drop_all()


@pytest.fixture
def es_corpus(corpus, elasticsearch):
    elasticsearch.rebuild()
    return corpus
