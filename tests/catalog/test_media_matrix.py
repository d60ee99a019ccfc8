"""Role × URL matrix for product brochure downloads and image previews.

Decisions recorded here:
* An image under review is previewed by its organisation's editors and owners and by alliance
  staff and project managers (who review it); anyone else signed in gets a 404, an image named
  under another product's ID too.
* A brochure of the published version of a public product downloads for everyone.
* Anything else is a 404 for everyone, staff included (staff see pending files in the
  admin): a brochure of a draft, one added in an edit still under review, one of a
  product of an unverified organisation, a document named under another product's ID,
  an unknown ID.
"""

import pytest
from django.urls import reverse

from tests.matrix import LOGIN, Row, add_catalog, check_matrix, expect, world  # noqa: F401


def _brochure(product_key, document_key):
    return lambda w: reverse("catalog:product_brochure", args=[w.extra[product_key].pk, w.extra[document_key]])


def _preview(product_key, image_key):
    return lambda w: reverse("catalog:product_image_preview", args=[w.extra[product_key].pk, w.extra[image_key]])


ROWS = [
    Row("brochure of published product A", _brochure("live_a", "live_a_doc"), expect(default=200)),
    Row("brochure of draft product A", _brochure("draft_a", "draft_a_doc"), expect(default=404)),
    Row("brochure in A's edit under review", _brochure("live_a", "pending_a_doc"), expect(default=404)),
    Row("brochure of unverified org B's product", _brochure("live_b", "live_b_doc"), expect(default=404)),
    Row("A's brochure under B's product ID", _brochure("live_b", "live_a_doc"), expect(default=404)),
    Row("unknown brochure", lambda w: reverse("catalog:product_brochure", args=[999999, 999999]), expect(default=404)),
    Row(
        "preview of an image in A's edit under review",
        _preview("live_a", "pending_a_image"),
        expect(default=404, anonymous=LOGIN, editor_a=200, owner_a=200, project_manager=200, staff=200),
    ),
    Row(
        "preview of an image of B's draft",
        _preview("draft_b", "draft_b_image"),
        expect(default=404, anonymous=LOGIN, owner_b=200, project_manager=200, staff=200),
    ),
    Row(
        "A's image under B's product ID",
        _preview("live_b", "pending_a_image"),
        expect(default=404, anonymous=LOGIN),
    ),
]


@pytest.mark.django_db
def test_brochure_role_url_matrix(client, world):  # noqa: F811
    add_catalog(world)
    check_matrix(client, world, ROWS)
