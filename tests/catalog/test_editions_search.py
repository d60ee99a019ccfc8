"""Editions are found by the site search (issue #16): 推荐目录, a recommended product's name, in both
engines; an edition whose call is still open is nobody's."""

from __future__ import annotations

import pytest

from search import services as search
from search.declarations import PUBLIC
from search.query import SearchQuery
from tests.catalog.edition_factories import EditionFactory, published_edition
from tests.catalog.factories import PublishedProductFactory
from tests.search.conftest import elasticsearch  # noqa: F401  (the fixture: noida-db, this run's indexes)

pytestmark = pytest.mark.django_db
EVERYONE = frozenset({PUBLIC})


@pytest.fixture(params=["database", pytest.param("elasticsearch", marks=pytest.mark.services)])
def engine(request, db):
    if request.param == "elasticsearch":
        request.getfixturevalue("elasticsearch").rebuild()
    return request.param


@pytest.fixture
def editions(engine, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        product = PublishedProductFactory(name_zh="星语脑电头环", name_en="Xingyu EEG headband")
        published = published_edition(year=2125, products=[product])
        running = EditionFactory(year=2126)
    return published, running


def found(text, language="zh-hans") -> set[str]:
    result = search.run(SearchQuery(text=text, language=language, types=["edition"], audiences=EVERYONE))
    return {hit.object_id for hit in result.hits}


def test_an_edition_is_found_by_what_people_call_it_and_by_its_products(editions):
    published, running = editions
    assert found("推荐目录") == {str(published.pk)}
    assert str(running.pk) not in found("推荐目录")  # an edition whose call runs is not public yet
    assert found("星语脑电头环") == {str(published.pk)}
    assert found("recommended catalogue", language="en") == {str(published.pk)}


def test_the_search_page_lists_the_edition_with_its_link(client, editions):
    published, _running = editions
    body = client.get("/zh-hans/search/", {"q": "推荐目录"}).content.decode()
    assert published.get_absolute_url() in body


def test_the_product_list_links_to_the_editions(client, db):
    from django.urls import reverse
    from django.utils import translation

    with translation.override("zh-hans"):
        products, editions = reverse("catalog:product_list"), reverse("catalog:edition_list")
    assert editions in client.get(products).content.decode()
