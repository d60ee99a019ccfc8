"""Role × URL matrix for the catalogue.

Decisions recorded here:
* The public catalogue and a published product of a verified organisation are open to all.
* A draft, a product of an unverified organisation and an unknown ID are 404 for everyone on
  the public URL (members edit their drafts from the dashboard).
* Member product pages look products up among the user's own organisations' products:
  anyone else, staff included, gets a 404. Staff review in the Wagtail admin.
* Only alliance staff take review decisions; project managers may look.
"""

import pytest
from django.urls import reverse

from catalog.edition_urls import EDITION_URL_NAMES
from catalog.vocabulary import ModerationStatus
from tests.catalog.factories import ProductFactory, PublishedProductFactory
from tests.catalog.test_media_matrix import MEDIA_URL_NAMES
from tests.matrix import LOGIN, Row, check_matrix, expect, uncovered_url_names, world  # noqa: F401


def _product(key):
    return lambda w: w.extra[key].pk


def _url(name, *args):
    return lambda w: reverse(name, args=[a(w) if callable(a) else a for a in args])


ROWS = [
    Row("catalogue list", _url("catalog:product_list"), expect(default=200)),
    Row(
        "catalogue list with facets",
        lambda w: reverse("catalog:product_list") + "?type=non_invasive&page=2",
        expect(default=200),
    ),
    Row("published product A", _url("catalog:product_detail", _product("live_a")), expect(default=200)),
    Row("draft product A (public URL)", _url("catalog:product_detail", _product("draft_a")), expect(default=404)),
    Row("product of unverified org B", _url("catalog:product_detail", _product("live_b")), expect(default=404)),
    Row("unknown product", _url("catalog:product_detail", 999999), expect(default=404)),
    Row(
        "compare two products (one unpublished: reported, not an error)",
        lambda w: reverse("catalog:compare") + f"?p={w.extra['live_a'].pk}&p={w.extra['draft_a'].pk}",
        expect(default=200),
    ),
    Row(
        "compare with junk and too many IDs",
        lambda w: reverse("catalog:compare") + "?p=x&p=1&p=2&p=3&p=4&p=5&p=99999999999999999999",
        expect(default=200),
    ),
    Row("enterprise page of verified org A", _url("catalog:enterprise_detail", "alpha"), expect(default=200)),
    Row("enterprise page of unverified org B", _url("catalog:enterprise_detail", "beta"), expect(default=404)),
    Row("unknown enterprise", _url("catalog:enterprise_detail", "no-such-org"), expect(default=404)),
    Row("my products", _url("catalog:my_products"), expect(default=200, anonymous=LOGIN)),
    Row(
        "new product for org A",
        _url("catalog:product_create", lambda w: w.org_a.pk),
        expect(default=404, anonymous=LOGIN, editor_a=200, owner_a=200),
    ),
    Row(
        "new product for org B (IDOR for A's people)",
        _url("catalog:product_create", lambda w: w.org_b.pk),
        expect(default=404, anonymous=LOGIN, owner_b=200),
    ),
    Row(
        "edit draft product A",
        _url("catalog:product_edit", _product("draft_a")),
        expect(default=404, anonymous=LOGIN, editor_a=200, owner_a=200),
    ),
    Row(
        "edit product of org B (IDOR)",
        _url("catalog:product_edit", _product("live_b")),
        expect(default=404, anonymous=LOGIN, owner_b=200),
    ),
    Row(
        "submit draft product A (POST)",
        _url("catalog:product_submit", _product("draft_a")),
        expect(default=404, anonymous=LOGIN, editor_a=302, owner_a=302),
        method="post",
    ),
    Row("submit via GET", _url("catalog:product_submit", _product("draft_a")), expect(default=405)),
    Row(
        "admin products list",
        _url("products:index"),
        expect(default=302, anonymous=LOGIN, project_manager=200, staff=200),
    ),
    Row(
        "admin product inspect",
        _url("products:inspect", _product("submitted_a")),
        expect(default=302, anonymous=LOGIN, project_manager=200, staff=200),
    ),
    Row(
        "admin approve (staff only)",
        _url("products:review", _product("submitted_a"), "approve"),
        expect(default=302, anonymous=LOGIN, staff=200),
    ),
    Row(
        "admin approve (POST, staff only)",
        _url("products:review", _product("submitted_a"), "approve"),
        expect(default=302, anonymous=LOGIN),
        method="post",
        data=lambda w: {"revision": w.extra["submitted_a"].latest_revision_id},
    ),
    Row(
        "admin edit form (no editing in the admin)",
        _url("products:edit", _product("submitted_a")),
        expect(default=302, anonymous=LOGIN),
    ),
]


def _products(w):
    w.extra["live_a"] = PublishedProductFactory(organisation=w.org_a)
    w.extra["draft_a"] = ProductFactory(organisation=w.org_a)
    w.extra["submitted_a"] = ProductFactory(organisation=w.org_a, moderation_status=ModerationStatus.SUBMITTED)
    w.extra["live_b"] = PublishedProductFactory(organisation=w.org_b)


@pytest.mark.django_db
def test_catalog_role_url_matrix(client, world):  # noqa: F811
    _products(world)
    check_matrix(client, world, ROWS)


@pytest.mark.django_db
def test_every_catalog_url_has_a_matrix_row(world):  # noqa: F811
    _products(world)
    # The editions' URLs have their own matrix: tests/catalog/test_editions_matrix.py; brochure
    # downloads theirs: tests/catalog/test_media_matrix.py.
    assert uncovered_url_names(world, ROWS, "catalog") - EDITION_URL_NAMES - MEDIA_URL_NAMES == set()
