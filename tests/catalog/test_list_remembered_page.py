"""The catalogue list's page of products (with thumbnails) and a product page's product are remembered."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from catalog import services
from portal import public_cache
from tests.catalog.factories import ProductFactory, PublishedProductFactory
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _url(language="zh-hans", query=""):
    with translation.override(language):
        return reverse("catalog:product_list") + query


def _names(response) -> list[str]:
    return [product.name for product in response.context["products"]]


@pytest.fixture
def member(client):
    client.cookies["sessionid"] = "x"  # rendered, not served from the page cache
    return client


def test_the_same_page_again_runs_no_query(member):
    for _ in range(3):
        PublishedProductFactory()
    first = member.get(_url())
    with CaptureQueriesContext(connection) as again:
        response = member.get(_url())
    assert len(again) == 0
    assert _names(response) == _names(first) and len(_names(response)) == 3
    assert response.content == first.content


def test_pages_sorts_and_languages_are_remembered_apart(member):
    for name_zh, name_en in (("甲", "Charlie"), ("乙", "Bravo"), ("丙", "Alpha")):
        PublishedProductFactory(name_zh=name_zh, name_en=name_en)
    zh = _names(member.get(_url()))
    assert _names(member.get(_url("en"))) == ["Alpha", "Bravo", "Charlie"]
    assert _names(member.get(_url())) == zh
    newest = _names(member.get(_url(query="?sort=newest")))
    assert newest == ["丙", "乙", "甲"]
    from catalog import queries

    assert queries.PER_PAGE >= 3  # one page here; page=2 is the last page, the same products
    assert _names(member.get(_url(query="?page=2"))) == zh


def test_a_publish_an_unpublish_and_an_organisation_change_refresh_the_page(
    member, staff, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(name_zh="阿尔法脑科技")
    kept = PublishedProductFactory(organisation=organisation, name_zh="甲头环")
    assert _names(member.get(_url())) == ["甲头环"]

    with django_capture_on_commit_callbacks(execute=True):
        services.approve(staff=staff, product=ProductFactory(name_zh="乙头环", moderation_status="submitted"))
    assert sorted(_names(member.get(_url()))) == sorted(["甲头环", "乙头环"])

    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish(staff=staff, product=kept)
    assert _names(member.get(_url())) == ["乙头环"]

    other = PublishedProductFactory(organisation=organisation, name_zh="丙头环")
    public_cache.invalidate("catalog")  # as the publish above would
    assert "阿尔法脑科技" in member.get(_url()).content.decode()
    organisation.name_zh = "阿尔法脑科技（更名）"
    organisation.save()
    public_cache.invalidate("organisations")  # as the organisation services and admin do
    response = member.get(_url())
    assert other.name_zh in _names(response)
    assert "阿尔法脑科技（更名）" in response.content.decode()


def test_a_product_page_again_runs_no_product_query_and_follows_an_unpublish(
    member, staff, django_capture_on_commit_callbacks
):
    product = PublishedProductFactory(name_zh="甲头环", name_en="Alpha band")
    with translation.override("en"):
        url = reverse("catalog:product_detail", args=[product.pk])
    assert "Alpha band" in member.get(url).content.decode()
    with CaptureQueriesContext(connection) as again:
        assert "Alpha band" in member.get(url).content.decode()
    assert not [q for q in again if 'FROM "catalog_product"' in q["sql"]]
    assert "甲头环" in member.get(url.replace("/en/", "/zh-hans/")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish(staff=staff, product=product)
    assert member.get(url).status_code == 404
    assert member.get(reverse("catalog:product_detail", args=[product.pk + 1000])).status_code == 404
