"""Products by name: a Chinese page in pinyin order, an English page A to Z (portal.db.by_name).

Code point order, what the database's own collation gives, put 上海 before 北京 before 安徽; the
C collation put "Zeta" before "alpha" and "ångström" after both. SQLite has no ICU collation
(code point order, the embedded demo only): these tests are PostgreSQL's.
"""

from __future__ import annotations

import dataclasses

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from catalog import queries
from catalog.models import Product
from portal.listing.counting import count_grouped_together
from tests.catalog.edition_factories import published_edition
from tests.catalog.factories import PublishedProductFactory
from tests.factories import OrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("postgres_service")]

#: (Chinese name, English name): the English names' order is not the pinyin order; 杭州 has none.
NAMES = (
    ("上海脑机", "Nova Shanghai"),
    ("安徽脑机", "Zenith Anhui"),
    ("杭州脑机", ""),
    ("北京脑机", "ångström Beijing"),
    ("重庆脑机", "Meridian Chongqing"),
)
PINYIN = ["安徽脑机", "北京脑机", "重庆脑机", "杭州脑机", "上海脑机"]
#: The English names A to Z, case and accents aside; a name without an English one shows its Chinese one, last.
ALPHABETICAL = ["ångström Beijing", "Meridian Chongqing", "Nova Shanghai", "Zenith Anhui", "杭州脑机"]


def _url(name, language, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def _shown(client, url, language) -> list[str]:
    """The products' names in the order the page lists them (their links to the product pages)."""
    with translation.override(language):
        response = client.get(url)
        assert response.status_code == 200
        return [product.name for product in response.context["products"]]


def _products(**fields):
    return [PublishedProductFactory(name_zh=zh, name_en=en, **fields) for zh, en in NAMES]


def test_the_catalogue_lists_chinese_names_in_pinyin_order_and_english_names_a_to_z(client):
    _products()
    assert _shown(client, _url("catalog:product_list", "zh-hans"), "zh-hans") == PINYIN
    assert _shown(client, _url("catalog:product_list", "zh-hans") + "?sort=name", "zh-hans") == PINYIN
    assert _shown(client, _url("catalog:product_list", "en"), "en") == ALPHABETICAL


def test_an_enterprises_page_lists_its_products_in_the_same_orders(client):
    enterprise = OrganisationFactory(slug="delta-neuro")
    _products(organisation=enterprise)
    url = "catalog:enterprise_detail"
    assert _shown(client, _url(url, "zh-hans", slug="delta-neuro"), "zh-hans") == PINYIN
    assert _shown(client, _url(url, "en", slug="delta-neuro"), "en") == ALPHABETICAL


def test_products_of_the_same_name_keep_one_order_across_the_pages(client):
    """Two products may share a name: the key settles which comes first, on every page."""
    twins = [PublishedProductFactory(name_zh="北京脑机", name_en="Twin") for _ in range(3)]
    page = queries.CATALOGUE.parse(QueryDict(""))
    with translation.override("zh-hans"):
        found = queries.catalogue_page(page, per_page=2)
        second = queries.catalogue_page(queries.CATALOGUE.parse(QueryDict("page=2")), per_page=2)
    shown = [*found.page.object_list, *second.page.object_list]
    assert [product.pk for product in shown] == sorted(twin.pk for twin in twins)


def test_the_index_serves_the_chinese_name_order():
    """The catalogue's index on the names holds them in pinyin order (catalog migration 0014): a
    page of a large catalogue reads its first rows instead of sorting every product."""
    _products()
    with translation.override("zh-hans"), CaptureQueriesContext(connection) as captured:
        list(queries.catalogue_page(queries.CATALOGUE.parse(QueryDict(""))).page.object_list)
    page = next(
        sql for sql in (query["sql"] for query in captured.captured_queries) if 'ORDER BY "catalog_product"' in sql
    )
    assert 'ORDER BY "catalog_product"."name_zh" COLLATE "zh-x-icu"' in page
    with connection.cursor() as cursor:
        for method in ("seqscan", "bitmapscan", "sort", "incremental_sort"):
            cursor.execute(f"SET LOCAL enable_{method} = off")
        cursor.execute("EXPLAIN " + page)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "catalog_product_by_name" in plan, plan


def _enterprise_facet(client, language, **params) -> list[tuple[str, int]]:
    """The enterprise facet's options as the page lists them: (label, count)."""
    with translation.override(language):
        response = client.get(_url("catalog:product_list", language), params)
    row = next(row for row in response.context["facets"] if row["facet"].param == "enterprise")
    return [(option["label"], option["count"]) for option in row["options"]]


#: Enterprises in code point order (上 U+4E0A, 北 U+5317, 苏 U+82CF); pinyin reads bei < shang < su.
ENTERPRISES = (("上海脑机", "zenith Shanghai"), ("北京脑机", "Meridian Beijing"), ("苏州脑机", "Ångström Suzhou"))


def test_the_enterprise_facet_lists_equal_counts_in_the_pages_name_order(client):
    """The most products first; enterprises with as many in pinyin order on a Chinese page (not in
    code point order), by English name A to Z, case and accents aside, on an English one."""
    client.cookies["sessionid"] = "x"  # rendered, not served from the page cache
    enterprises = [OrganisationFactory(name_zh=zh, name_en=en, slug=f"e-{n}") for n, (zh, en) in enumerate(ENTERPRISES)]
    for enterprise in enterprises:
        PublishedProductFactory(organisation=enterprise)
    leader = OrganisationFactory(name_zh="安徽脑机", name_en="Anhui", slug="leader")
    PublishedProductFactory.create_batch(2, organisation=leader)
    assert _enterprise_facet(client, "zh-hans") == [("安徽脑机", 2), ("北京脑机", 1), ("上海脑机", 1), ("苏州脑机", 1)]
    assert _enterprise_facet(client, "en") == [
        ("Anhui", 2),
        ("Ångström Suzhou", 1),
        ("Meridian Beijing", 1),
        ("zenith Shanghai", 1),
    ]
    # A selected enterprise keeps its place among its equals (it is read first, to stay listed).
    chosen = _enterprise_facet(client, "zh-hans", enterprise="e-2")
    assert chosen == [("安徽脑机", 2), ("北京脑机", 1), ("上海脑机", 1), ("苏州脑机", 1)]


def test_a_limited_enterprise_facet_lists_the_enterprises_with_most_products():
    """Only the ``limit`` enterprises with the most products are offered (and a selected one): not
    the first ones by slug. Without a selection the ordering once read ``ORDER BY 1``, the slug."""
    facet = dataclasses.replace(next(f for f in queries.CATALOGUE.facets if f.param == "enterprise"), limit=2)
    for n, (zh, en) in enumerate(ENTERPRISES):
        enterprise = OrganisationFactory(name_zh=zh, name_en=en, slug=f"a-{n}")
        PublishedProductFactory.create_batch(n + 1, organisation=enterprise)
    rows = Product.objects.filter(live=True)
    assert [(slug, n) for slug, _zh, _en, n in facet.count(rows)] == [("a-1", 2), ("a-2", 3)]  # by name: bei, su
    # A selected enterprise stays listed beside the two with most products.
    assert [slug for slug, *_rest in facet.count(rows, selected=["a-0"])] == ["a-1", "a-0", "a-2"]


def test_the_catalogues_grouped_facets_are_counted_in_one_query_as_each_alone(django_assert_num_queries):
    """The enterprises (slugs, a limit, a selection kept) and the editions (years) in one ``UNION``: the
    values read as text in both, and the same rows as each facet counted on its own."""
    enterprises = []
    for n, (zh, en) in enumerate(ENTERPRISES):
        enterprises.append(OrganisationFactory(name_zh=zh, name_en=en, slug=f"a-{n}"))
        PublishedProductFactory.create_batch(n + 1, organisation=enterprises[-1])
    published_edition(year=2025, products=list(Product.objects.filter(organisation=enterprises[2])))
    facets = [
        dataclasses.replace(facet, limit=2) if facet.limit else facet
        for facet in queries.CATALOGUE.facets
        if not facet.scanned
    ]
    rows = {facet.param: Product.objects.filter(live=True) for facet in facets}
    selected = {"enterprise": ["a-0"]}
    with django_assert_num_queries(1):
        together = count_grouped_together(facets, rows, selected)
    assert together == {facet.param: facet.count(rows[facet.param], selected.get(facet.param, [])) for facet in facets}
    assert together == {
        "enterprise": [
            ("a-1", "北京脑机", "Meridian Beijing", 2),
            ("a-0", "上海脑机", "zenith Shanghai", 1),
            ("a-2", "苏州脑机", "Ångström Suzhou", 3),
        ],
        "edition": [("2025", *together["edition"][0][1:3], 3)],
    }
