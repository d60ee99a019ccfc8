"""Background work of the catalogue. Thin: load the objects, call ``catalog.emails`` / ``catalog.editions.exports``.

E-mails and exports are outbox effects (``portal.outbox``), scheduled by the services in
their own transaction and run once after the commit; each checks that what it announces
still holds (an e-mail about a decision that changed meanwhile is not sent; an export
already stored is kept).
"""

from __future__ import annotations

import logging

from celery import shared_task

from catalog import emails
from catalog.editions import emails as edition_emails
from catalog.editions import exports
from catalog.editions.models import Edition, EditionApplication
from catalog.media import cleanup, renditions
from catalog.models import Product
from portal import outbox

logger = logging.getLogger(__name__)


@outbox.effect("catalog.edition_outcome_email")
def send_edition_outcome_email(*, application_id: int, outcome: str, decided_at: str | None = None) -> None:
    """Tell the applying organisation's members what happened to an edition application."""
    application = (
        EditionApplication.objects.select_related("edition", "product", "organisation")
        .filter(pk=application_id)
        .first()
    )
    if application is None or not edition_emails.still_true(application, outcome, decided_at=decided_at):
        logger.info("edition application %s: outcome %s no longer holds; not e-mailed", application_id, outcome)
        return
    edition_emails.send_outcome(application, outcome=outcome)


@outbox.effect("catalog.build_edition_exports", long=True)
def build_edition_exports(*, edition_id: int) -> None:
    """Build and store the PDF, XLSX and CSV of a published edition in every language."""
    edition = Edition.objects.filter(pk=edition_id).first()
    if edition is None or not edition.is_published:
        return
    exports.build_all(edition)


@outbox.effect("catalog.product_decision_email")
def send_product_decision_email(*, product_id: int, decision: str, decided_at: str | None = None) -> None:
    """Tell the product's organisation (owners and editors) that staff approved, rejected or unpublished it."""
    product = Product.objects.select_related("organisation").filter(pk=product_id).first()
    if product is None or not emails.still_true(product, decision, decided_at=decided_at):
        logger.info("product %s: decision %s no longer holds; not e-mailed", product_id, decision)
        return
    emails.send_product_decision(product, decision=decision)


@outbox.effect("catalog.make_renditions")
def make_renditions(*, image_id: int) -> None:
    """Make the renditions the public pages use of a product image just published (``services._publish_latest``)."""
    renditions.make_renditions(image_id)


@outbox.effect(cleanup.WITHDRAW_EFFECT)
def withdraw_renditions() -> None:
    """Withdraw the renditions of product uploads no public product shows, soon after staff made one
    (``cleanup.withdraw_soon``) rather than at the daily purge."""
    cleanup.withdraw_renditions()


@shared_task
def purge_orphaned_product_uploads() -> dict[str, int]:
    """Daily (beat): delete product uploads nothing needs any more, and renditions nothing public shows
    (``catalog.media.cleanup``)."""
    return cleanup.purge_orphaned_uploads().counts() | {"renditions_withdrawn": len(cleanup.withdraw_renditions())}
