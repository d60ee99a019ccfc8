"""E-mails about a product's review, in each recipient's own language (``portal.emails``).

The owners and editors of the product's organisation (``portal.review.notify``) hear when
staff approve, reject (with the reason) or unpublish it.
``catalog.tasks.send_product_decision_email`` calls ``send_product_decision`` after the
decision is committed.
"""

from __future__ import annotations

from django.urls import reverse

from catalog.vocabulary import ModerationStatus
from portal.emails import site_url
from portal.review.notify import StillTrue, tell_members

#: Decisions that are e-mailed; each has templates ``catalog/email/product_<decision>``.
DECISIONS = ("approved", "rejected", "unpublished")


#: Whether ``decision`` still describes the product, ``still_true(product, decision)``: a task may
#: run late, or twice (an approved product unpublished meanwhile is not announced as online).
still_true = StillTrue(
    {"approved": (ModerationStatus.APPROVED,), "rejected": (ModerationStatus.REJECTED,), "unpublished": None},
    also={"approved": lambda product: product.live, "unpublished": lambda product: not product.live},
    field="moderation_status",
)


def send_product_decision(product, *, decision: str) -> None:
    if decision not in DECISIONS:
        raise ValueError(f"unknown decision {decision!r}")
    # A rejected edit is not the public version: name what was submitted.
    shown = product.get_latest_revision_as_object() if decision == "rejected" else product
    tell_members(
        product.organisation,
        template=f"catalog/email/product_{decision}",
        context={
            "product": shown,
            "organisation": product.organisation,
            "note": product.moderation_note,
            "edit_url": lambda: site_url(reverse("catalog:product_edit", kwargs={"pk": product.pk})),
            "public_url": lambda: site_url(product.get_absolute_url()),
        },
    )
