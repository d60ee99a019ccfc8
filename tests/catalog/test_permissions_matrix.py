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

from tests.matrix import (  # noqa: F401
    LOGIN,
    Row,
    add_catalog,
    check_matrix,
    creation_token,
    expect,
    form_data,
    world,
)


def _product(key):
    return lambda w: w.extra[key].pk


def _url(name, *args):
    return lambda w: reverse(name, args=[a(w) if callable(a) else a for a in args])


def _product_form(key, **changes):
    """The member's product form for ``key``'s latest version, sent back unchanged (valid)."""

    def data(w):
        from catalog.forms import ProductForm

        product = w.extra[key]
        form = ProductForm(instance=product.get_latest_revision_as_object())
        return form_data(form) | {"base_revision": product.latest_revision_id} | changes

    return data


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
        _url("catalog:product_edit", _product("draft_a")),
        expect(default=404, anonymous=LOGIN, editor_a=302, owner_a=302),
        method="post",
        data=_product_form("draft_a", submit_for_review="1"),
    ),
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


def _new_product(key):
    """A new product's form (the fields of ``key``, another name) with its one-time token."""

    def data(w):
        from catalog.forms import ProductForm

        fields = _product_form(key, name_zh="新的脑电头环", name_en="New EEG headband")(w)
        fields.pop("base_revision")
        return fields | creation_token(ProductForm)

    return data


MEMBERS_A = {"editor_a": 302, "owner_a": 302}

#: Issue #11: both organisations' objects, GET and POST (views without a method restriction
#: answer a POST as a GET).
IDOR_ROWS = [
    Row("published product A (POST)", _url("catalog:product_detail", _product("live_a")), expect(default=200), "post"),
    Row("product of org B (POST)", _url("catalog:product_detail", _product("live_b")), expect(default=404), "post"),
    Row(
        "new product for org A (POST)",
        _url("catalog:product_create", lambda w: w.org_a.pk),
        expect(default=404, anonymous=LOGIN, **MEMBERS_A),
        "post",
        _new_product("draft_a"),
    ),
    Row(
        "new product for org B (POST, IDOR)",
        _url("catalog:product_create", lambda w: w.org_b.pk),
        expect(default=404, anonymous=LOGIN, owner_b=302),
        "post",
        _new_product("draft_b"),
    ),
    Row(
        "edit draft product A (POST)",
        _url("catalog:product_edit", _product("draft_a")),
        expect(default=404, anonymous=LOGIN, **MEMBERS_A),
        "post",
        _product_form("draft_a", summary_zh="新的简介。"),
    ),
    Row(
        "edit live product A (POST: a pending edit)",
        _url("catalog:product_edit", _product("live_a")),
        expect(default=404, anonymous=LOGIN, **MEMBERS_A),
        "post",
        _product_form("live_a", summary_zh="新的简介。"),
    ),
    Row(
        "edit draft product B (POST, IDOR)",
        _url("catalog:product_edit", _product("draft_b")),
        expect(default=404, anonymous=LOGIN, owner_b=302),
        "post",
        _product_form("draft_b", summary_zh="新的简介。"),
    ),
    Row(
        "submit draft product B (POST, IDOR)",
        _url("catalog:product_edit", _product("draft_b")),
        expect(default=404, anonymous=LOGIN, owner_b=302),
        "post",
        _product_form("draft_b", submit_for_review="1"),
    ),
    Row(
        "brochure of published product A (POST: as GET)",
        lambda w: reverse("catalog:product_brochure", args=[w.extra["live_a"].pk, w.extra["live_a_doc"]]),
        expect(default=200),
        "post",
    ),
    Row(
        "brochure of org B's product (POST)",
        lambda w: reverse("catalog:product_brochure", args=[w.extra["live_b"].pk, w.extra["live_b_doc"]]),
        expect(default=404),
        "post",
    ),
    Row("enterprise page of org A (POST)", _url("catalog:enterprise_detail", "alpha"), expect(default=200), "post"),
    Row("enterprise page of org B (POST)", _url("catalog:enterprise_detail", "beta"), expect(default=404), "post"),
]

#: The JSON API shows what the public pages show, to everyone alike; it is read-only.
API_ROWS = [
    Row("API products", lambda w: "/api/v1/products/", expect(default=200)),
    Row("API products (filtered)", lambda w: "/api/v1/products/?type=non_invasive&page=1", expect(default=200)),
    Row("API products (beyond the last page)", lambda w: "/api/v1/products/?page=2", expect(default=404)),
    Row("API products (POST)", lambda w: "/api/v1/products/", expect(default=405), "post"),
    Row("API published product A", lambda w: f"/api/v1/products/{w.extra['live_a'].pk}/", expect(default=200)),
    Row("API draft product A", lambda w: f"/api/v1/products/{w.extra['draft_a'].pk}/", expect(default=404)),
    Row("API product of unverified org B", lambda w: f"/api/v1/products/{w.extra['live_b'].pk}/", expect(default=404)),
    Row("API unknown product", lambda w: "/api/v1/products/999999/", expect(default=404)),
    Row("API product A (POST)", lambda w: f"/api/v1/products/{w.extra['live_a'].pk}/", expect(default=405), "post"),
    Row("API product B (POST)", lambda w: f"/api/v1/products/{w.extra['live_b'].pk}/", expect(default=405), "post"),
]


@pytest.mark.django_db
def test_catalog_role_url_matrix(client, world):  # noqa: F811
    add_catalog(world)
    check_matrix(client, world, ROWS + IDOR_ROWS + API_ROWS)
