"""Product-page panels (#12, item 3): other apps add theirs from their own files; writers invalidate their own tag."""

import pytest
from django.urls import reverse
from django.utils import translation

from catalog import panels
from catalog.editions import services
from tests.cases.factories import build_case_site, make_case
from tests.catalog.edition_factories import ApplicationFactory, EditionFactory
from tests.catalog.factories import PublishedProductFactory

pytestmark = pytest.mark.django_db


def _zh(name, *args):
    with translation.override("zh-hans"):
        return reverse(name, args=args)


def test_the_cases_declare_their_panel_and_the_product_page_declares_its_tags(client):
    assert [panel.template for panel in panels.PRODUCT.panels()] == ["cases/_product_cases.html"]
    response = client.get(_zh("catalog:product_detail", PublishedProductFactory().pk))
    assert response.public_cache_tags == ("catalog", "organisations", "editions", "cases", "chrome")


def test_the_product_template_names_no_other_app():
    from pathlib import Path

    from django.conf import settings

    template = Path(settings.BASE_DIR, "templates", "catalog", "product_detail.html").read_text(encoding="utf-8")
    assert "cases" not in template


def test_a_published_case_reaches_the_cached_product_page_and_leaves_the_list_cached(client):
    site = build_case_site()
    product = PublishedProductFactory(name_zh="缓存电极")
    page, listing = _zh("catalog:product_detail", product.pk), _zh("catalog:product_list")
    for url in (page, listing):
        assert client.get(url)["X-Public-Cache"] == "miss" and client.get(url)["X-Public-Cache"] == "hit"
    make_case(site.index, title="新发布的案例", products=[product])  # published: invalidates "cases" only
    response = client.get(page)
    assert response["X-Public-Cache"] == "miss" and "新发布的案例" in response.text
    assert client.get(listing)["X-Public-Cache"] == "hit"  # the catalogue list shows no case


def test_a_published_edition_reaches_the_cached_list_and_product_page(client, staff):
    product = PublishedProductFactory()
    page, listing = _zh("catalog:product_detail", product.pk), _zh("catalog:product_list") + "?edition=2025"
    client.get(listing)  # a query string: stored from its second asking
    for url in (page, listing):
        assert client.get(url)["X-Public-Cache"] == "miss" and client.get(url)["X-Public-Cache"] == "hit"
    edition = EditionFactory(year=2025)
    services.accept(
        staff=staff,
        application=ApplicationFactory(edition=edition, product=product),
        category="sports",
        rationale_zh="好",
    )
    services.close_call(staff=staff, edition=edition)
    services.publish(staff=staff, edition=edition)  # invalidates "editions" only
    assert client.get(page)["X-Public-Cache"] == "miss"
    response = client.get(listing)
    assert response["X-Public-Cache"] == "miss" and response.context["page_obj"].paginator.count == 1
