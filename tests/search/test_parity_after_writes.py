"""Search parity after a write: a news page published, then both engines asked for its snippet."""

import pytest

from search.engines import database
from search.query import SearchQuery
from tests.portal import page_factories

pytestmark = pytest.mark.services


def test_page_snippets_are_the_same_escaped_passage_on_both_engines(
    corpus, elasticsearch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tree = page_factories.build_site(news_items=0)
        item = page_factories.news_item(tree.news, title="研讨会")
        item.summary = "<b>失语</b>康复研讨会在沪举行（上海）：\ue000"
        page_factories.publish(item)
    elasticsearch.rebuild()
    es_hit = next(h for h in elasticsearch.search(SearchQuery(text="失语")).hits if h.doc_type == "news")
    db_hit = next(h for h in database.search(SearchQuery(text="失语")).hits if h.doc_type == "news")
    assert es_hit.snippet == db_hit.snippet
    assert "<mark>失语</mark>" in es_hit.snippet and "（上海）：" in es_hit.snippet
    assert "&lt;b&gt;" in es_hit.snippet and "<b>" not in es_hit.snippet
    assert es_hit.snippet.count("<mark>") == es_hit.snippet.count("</mark>")
