"""Role × URL matrix for product brochure downloads.

Decisions recorded here:
* A brochure of the published version of a public product downloads for everyone.
* Anything else is a 404 for everyone, staff included (staff see pending files in the
  admin): a brochure of a draft, one added in an edit still under review, one of a
  product of an unverified organisation, a document named under another product's ID,
  an unknown ID.
"""

import pytest
from django.urls import reverse

from catalog import media, services
from portal import uploads
from tests import upload_samples as samples
from tests.catalog.factories import ProductFactory, PublishedProductFactory
from tests.factories import MembershipFactory
from tests.matrix import Row, check_matrix, expect, world  # noqa: F401

#: The URL names this file covers (``test_permissions_matrix`` leaves them to it).
MEDIA_URL_NAMES = {"product_brochure"}


def _brochure(product_key, document_key):
    return lambda w: reverse("catalog:product_brochure", args=[w.extra[product_key].pk, w.extra[document_key]])


ROWS = [
    Row("brochure of published product A", _brochure("live_a", "live_a_doc"), expect(default=200)),
    Row("brochure of draft product A", _brochure("draft_a", "draft_a_doc"), expect(default=404)),
    Row("brochure in A's edit under review", _brochure("live_a", "pending_a_doc"), expect(default=404)),
    Row("brochure of unverified org B's product", _brochure("live_b", "live_b_doc"), expect(default=404)),
    Row("A's brochure under B's product ID", _brochure("live_b", "live_a_doc"), expect(default=404)),
    Row("unknown brochure", lambda w: reverse("catalog:product_brochure", args=[999999, 999999]), expect(default=404)),
]


def _pdf():
    return media.BrochureEntry(
        title_zh="产品手册", upload=uploads.clean_pdf(samples.upload("b.pdf", samples.pdf_bytes()))
    )


def _with_brochure(product, key, w, *, publish=True):
    actor = MembershipFactory(organisation=product.organisation, role="editor").user
    services.update_product(actor=actor, product=product, brochures=[_pdf()])
    version = product.__class__.objects.get(pk=product.pk).get_latest_revision_as_object()
    w.extra[key] = version.brochures.all()[0].document_id
    if publish:
        product.refresh_from_db()
        product.latest_revision.publish(skip_permission_checks=True)
    w.extra[key.removesuffix("_doc")] = product


@pytest.mark.django_db
def test_brochure_role_url_matrix(client, world):  # noqa: F811
    _with_brochure(PublishedProductFactory(organisation=world.org_a), "live_a_doc", world)
    _with_brochure(ProductFactory(organisation=world.org_a), "draft_a_doc", world, publish=False)
    live_b = PublishedProductFactory(organisation=world.org_b)
    _with_brochure(live_b, "live_b_doc", world)
    # An edit of A's live product adds a brochure that waits for review.
    live_a = world.extra["live_a"]
    actor = MembershipFactory(organisation=world.org_a, role="editor").user
    kept = media.BrochureEntry(title_zh="产品手册", document_id=world.extra["live_a_doc"])
    services.update_product(actor=actor, product=live_a, brochures=[kept, _pdf()])
    world.extra["pending_a_doc"] = (
        live_a.__class__.objects.get(pk=live_a.pk).get_latest_revision_as_object().brochures.all()[1].document_id
    )
    check_matrix(client, world, ROWS)
