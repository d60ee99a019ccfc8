"""A case page staff made private (Wagtail's Privacy setting) is for those it lets in: the page asks
for a sign-in, and no public list names it (the case library, its API, a product's cases, related cases)."""

import json

import pytest
from django.core.cache import caches
from wagtail.models import PageViewRestriction

from tests.cases.factories import build_case_site, make_case
from tests.catalog.factories import PublishedProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases():
    site = build_case_site()
    product = PublishedProductFactory(name_zh="植入式采集芯片")
    shown = make_case(site.index, title="公开案例", products=[product])
    private = make_case(site.index, title="受限案例", summary="受限案例摘要", products=[product])
    return site, product, shown, private


def _public(client, site, product, shown, private) -> dict[str, str]:
    return {
        "library": client.get(site.index.url).text,
        "api list": json.dumps(client.get("/api/v1/cases/?language=zh-hans").json(), ensure_ascii=False),
        "product page": client.get(product.get_absolute_url()).text,
        "related cases": client.get(shown.url).text,
    }


def test_a_private_case_is_in_no_public_list(client, cases):
    site, product, shown, private = cases
    before = _public(client, site, product, shown, private)
    assert {name for name, text in before.items() if "受限案例" not in text} == set()  # listed while public
    assert client.get(f"/api/v1/cases/{private.pk}/").status_code == 200

    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(private.url).status_code == 302  # Wagtail asks for a sign-in
    after = _public(client, site, product, shown, private)
    for name, text in after.items():
        assert "公开案例" in text or name == "related cases", name
        assert "受限案例" not in text, name
    assert client.get(f"/api/v1/cases/{private.pk}/").status_code == 404


def test_a_case_under_a_private_section_is_left_out_too(client, cases):
    """Wagtail's rule: a restriction on an ancestor covers its pages."""
    site, product, shown, _private = cases
    PageViewRestriction.objects.create(page=site.index, restriction_type=PageViewRestriction.LOGIN)
    for cache in caches.all():
        cache.clear()
    assert "受限案例" not in client.get(product.get_absolute_url()).text
    assert client.get(f"/api/v1/cases/{shown.pk}/").status_code == 404
