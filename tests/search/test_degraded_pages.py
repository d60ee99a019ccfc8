"""Pages rendered while search was down are never kept by the public cache (issue #17, finding 4)."""

import pytest

from search.query import SearchQuery

pytestmark = pytest.mark.services

CLOSED_PORT_URL = "http://127.0.0.1:9"


@pytest.mark.parametrize("path", ["/zh-hans/search/?q=失语", "/zh-hans/products/?q=失语", "/api/v1/search/?q=失语"])
def test_a_page_rendered_from_the_fallback_is_not_cached_and_the_next_one_is_whole(
    client, es_corpus, elasticsearch, settings, path
):
    good_url = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = CLOSED_PORT_URL
    for _ in range(2):
        degraded = client.get(path)
        assert degraded.status_code == 200
        assert "X-Public-Cache" not in degraded.headers  # rendered, never stored
        assert _marked_degraded(degraded)  # what the drills (and monitoring) recognise
    settings.ELASTICSEARCH_URL = good_url
    assert es_corpus.key("aphasia") in elasticsearch.search(SearchQuery(text="失语")).keys
    whole = client.get(path)
    assert whole.status_code == 200
    assert not _marked_degraded(whole)
    assert whole.headers.get("X-Public-Cache") in {"miss", None}
    if whole.headers.get("X-Public-Cache") == "miss":
        assert client.get(path).headers["X-Public-Cache"] == "hit"


def _marked_degraded(response) -> bool:
    if response["Content-Type"].startswith("application/json"):
        return response.json()["fallback"] is True
    return b"data-search-fallback" in response.content


def test_the_search_pages_fallback_notice_is_not_served_once_search_is_back(client, es_corpus, settings):
    notice = "notice-warning"  # "The full search service is unavailable at the moment..."
    good_url = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = CLOSED_PORT_URL
    assert notice in client.get("/zh-hans/search/?q=失语").content.decode()
    settings.ELASTICSEARCH_URL = good_url
    assert notice not in client.get("/zh-hans/search/?q=失语").content.decode()
