"""Integers in URLs are bounded (issue #11, finding 6): a number no column can hold is a 404, never a 500.

SQLite's driver raises ``OverflowError`` for an integer beyond 2^63-1 (PostgreSQL answers 404):
the ``<id:…>`` converter (``portal.converters``) refuses such numbers before a view runs, and the
JSON API validates its path IDs as bounded integers.
"""

from pathlib import Path
from types import ModuleType

import pytest
from django.conf import settings
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.urls.converters import IntConverter

from portal.converters import MAX_ID, IdConverter

ROOT = Path(__file__).resolve().parents[2]
TOO_BIG = "99999999999999999999"
PROJECT_MODULES = ("portal.", "catalog.", "cases.", "search.", "competition.", "incubator.")


def walk(patterns, prefix="", urlconf="", converters=None):
    """(route, converters, the URL module that declares it) of every URL pattern, included ones too.

    A pattern's converters include those of the prefixes it is included below; a list given to
    ``include([...])`` (a shared prefix, Wagtail's serving URLs, the ninja API) belongs to the module
    that includes it.
    """
    for entry in patterns:
        route = prefix + str(entry.pattern)
        here = {**(converters or {}), **entry.pattern.converters}
        if isinstance(entry, URLResolver):
            module = entry.urlconf_module
            name = module.__name__ if isinstance(module, ModuleType) else urlconf
            yield from walk(entry.url_patterns, route, name, here)
        elif isinstance(entry, URLPattern):
            yield route, here, urlconf


def test_no_url_module_of_the_project_uses_the_unbounded_int_converter():
    offenders = [
        route
        for route, converters, urlconf in walk(get_resolver().url_patterns, urlconf=settings.ROOT_URLCONF)
        if (urlconf.startswith(PROJECT_MODULES) or route.startswith("api/"))
        and any(isinstance(converter, IntConverter) for converter in converters.values())
    ]
    assert offenders == []


def test_no_source_file_declares_an_int_path_parameter():
    """Admin viewsets add their URLs inside Wagtail's URL conf: read the source for them."""
    offenders = []
    for package in ("portal", "catalog", "cases", "search", "competition", "incubator"):
        for source in (ROOT / package).rglob("*.py"):
            if "migrations" in source.parts:
                continue
            text = source.read_text()
            for marker in ("<int:", "{int:"):
                if marker in text:
                    offenders.append(f"{source.relative_to(ROOT)}: {marker}")
    assert offenders == []


def test_project_urls_use_the_bounded_converter():
    bounded = [
        route
        for route, converters, _urlconf in walk(get_resolver().url_patterns)
        if any(isinstance(converter, IdConverter) for converter in converters.values())
    ]
    for expected in ("products/<id:pk>/brochures/<id:document_pk>/", "dashboard/cases/<id:pk>/", "<id:case_id>/"):
        assert any(route.endswith(expected) for route in bounded), expected


@pytest.mark.parametrize(
    "path",
    [
        f"/zh-hans/products/{TOO_BIG}/",
        f"/zh-hans/products/{TOO_BIG}/brochures/1/",
        f"/zh-hans/products/1/brochures/{TOO_BIG}/",
        f"/en/dashboard/cases/{TOO_BIG}/",
        f"/en/dashboard/organisations/{TOO_BIG}/members/",
        f"/en/editions/{TOO_BIG}/",
        f"/api/v1/cases/{TOO_BIG}/",
        f"/api/v1/products/{TOO_BIG}/",
        f"/api/v1/editions/{TOO_BIG}/",
    ],
)
def test_numbers_beyond_a_bigint_do_not_match(path):
    """Nothing of the project matches: Wagtail's page route or the API's JSON 404 takes the path."""
    try:
        match = resolve(path)
    except Resolver404:
        return
    assert match.view_name in ("wagtail_serve", "api:not_found"), match.view_name


def test_the_largest_bigint_still_matches():
    match = resolve(f"/zh-hans/products/{MAX_ID}/brochures/1/")
    assert match.view_name == "catalog:product_brochure"
    assert match.kwargs == {"pk": MAX_ID, "document_pk": 1}
    assert resolve(f"/zh-hans/products/{MAX_ID + 1}/brochures/1/").view_name == "wagtail_serve"
    assert resolve(f"/api/v1/cases/{MAX_ID}/").kwargs == {"case_id": MAX_ID}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        f"/zh-hans/products/{TOO_BIG}/brochures/1/",
        f"/zh-hans/products/{TOO_BIG}/",
        f"/api/v1/cases/{TOO_BIG}/",
        f"/api/v1/products/{TOO_BIG}/",
        f"/api/v1/editions/{TOO_BIG}/",
        f"/api/v1/cases/{'9' * 5000}/",
    ],
)
def test_overflowing_ids_answer_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    if path.startswith("/api/"):
        assert response.json() == {"detail": "未找到"}


@pytest.mark.django_db
def test_members_get_404_for_overflowing_ids_on_their_pages(client, user):
    client.force_login(user)
    for path in (
        f"/en/dashboard/products/{TOO_BIG}/edit/",
        f"/en/dashboard/cases/{TOO_BIG}/edit/basics/",
        f"/en/dashboard/organisations/{TOO_BIG}/cases/new/",
    ):
        assert client.get(path).status_code == 404, path


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/cases/0/", "/api/v1/products/0/"])
def test_api_ids_below_one_are_a_documented_validation_error(client, path):
    response = client.get(path)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "path"


@pytest.mark.parametrize("path", ["/zh-hans/products/01/", "/zh-hans/products/007/brochures/1/", "/en/editions/0012/"])
def test_an_id_written_with_a_leading_zero_does_not_match(path):
    """One URL per object: ``/products/01/`` would be a second copy of product 1 in the page cache."""
    try:
        match = resolve(path)
    except Resolver404:
        return
    assert match.view_name == "wagtail_serve", match.view_name


def test_zero_and_plain_ids_still_match():
    assert resolve("/zh-hans/products/10/").kwargs == {"pk": 10}
    assert resolve("/zh-hans/products/0/").kwargs == {"pk": 0}
