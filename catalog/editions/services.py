"""Writes with business rules for recommended-catalogue editions.

Keyword-only, one transaction each, permission checks inside (``PermissionDenied``); a
refused rule raises ``EditionError`` with a translated message for the user.

* Members (owners/editors of the product's enterprise) apply a *published* product of a
  *verified* organisation while the edition's call is open, and withdraw while the
  application is still submitted. Applying twice returns the same application.
* Staff open and close the call, accept (category + rationale) or reject (reason) and
  publish. Publishing locks the edition row (``select_for_update``), so two concurrent
  publishes cannot both freeze entries; it copies every accepted product, as it is
  *now* (its approved version), into ``EditionEntry`` rows; it is refused while an
  accepted product is no longer public. After publication nothing here changes entries.
* Outcomes are e-mailed to the applying organisation's members in their language by a
  Celery task queued on commit; publication invalidates the ``editions`` public-cache tag
  (the catalogue's list and product pages, which show the edition facet and "recommended
  in" badges, declare it) and builds the exports.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog import permissions, tasks
from catalog.editions.models import (
    ApplicationStatus,
    Edition,
    EditionApplication,
    EditionEntry,
    EditionStatus,
    RecommendationCategory,
)
from catalog.models import Product
from catalog.services import ProductError
from portal import outbox, public_cache
from portal.permissions import can_publish_for

CACHE_TAG = "editions"

#: Product fields copied verbatim into an entry's snapshot.
SNAPSHOT_FIELDS = (
    "name_zh",
    "name_en",
    "model_number",
    "summary_zh",
    "summary_en",
    "bci_type",
    "signal_modality",
    "electrode_type",
    "functions",
    "application_fields",
    "indications",
    "regulatory_class",
    "registration_number",
    "channels",
    "sampling_rate_hz",
    "wireless",
    "battery_hours",
    "weight_g",
    "website",
    "contact_name",
    "contact_email",
    "contact_phone",
)


class EditionError(ProductError):
    """A business rule refused the action; ``str(exc)`` is a translated message (``field``: the form field)."""


def _locked_edition(edition: Edition) -> Edition:
    return Edition.objects.select_for_update().get(pk=edition.pk)


def _locked_application(application: EditionApplication) -> EditionApplication:
    return (
        EditionApplication.objects.select_for_update(of=("self",))
        .select_related("edition", "product", "organisation")
        .get(pk=application.pk)
    )


def _notify(application_id: int, outcome: str) -> None:
    outbox.schedule(tasks.send_edition_outcome_email, {"application_id": application_id, "outcome": outcome})


def _require_category(value: str, field: str) -> str:
    if value not in RecommendationCategory.values:
        raise EditionError(_("Choose one of the catalogue's categories."), field=field)
    return value


# --- members -------------------------------------------------------------------------


@transaction.atomic
def apply(*, actor, edition: Edition, product: Product, statement: str, proposed_category: str) -> EditionApplication:
    """Apply ``product`` to ``edition``. Applying again while submitted/accepted returns that application."""
    product = Product.objects.select_related("organisation").get(pk=product.pk)
    permissions.require_can_apply_for(actor, product.organisation)
    edition = _locked_edition(edition)
    existing = EditionApplication.objects.select_for_update().filter(edition=edition, product=product).first()
    if existing is not None and existing.status in (ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED):
        return existing
    if not edition.is_call_open():
        if edition.status == EditionStatus.OPEN and timezone.now() >= edition.call_closes_at:
            raise EditionError(
                _("The call for the %(edition)s closed on %(closed)s; applications are no longer accepted.")
                % {
                    "edition": edition.title,
                    "closed": timezone.localtime(edition.call_closes_at).strftime("%Y-%m-%d %H:%M"),
                }
            )
        raise EditionError(_("The %(edition)s is not open for applications.") % {"edition": edition.title})
    if not product.live or not can_publish_for(product.organisation):
        raise EditionError(_("Only a product published in the catalogue by a verified enterprise can apply."))
    statement = (statement or "").strip()
    if not statement:
        raise EditionError(_("Tell the reviewers why this product should be recommended."), field="statement")
    _require_category(proposed_category, "proposed_category")
    if existing is not None:
        # Withdrawn or rejected before: the same row is submitted again (one per product and edition).
        existing.status = ApplicationStatus.SUBMITTED
        existing.statement = statement
        existing.proposed_category = proposed_category
        existing.applicant = actor
        existing.submitted_at = timezone.now()
        existing.staff_reason = ""
        existing.reviewed_at = existing.reviewed_by = existing.withdrawn_at = None
        existing.save()
        return existing
    try:
        with transaction.atomic():
            return EditionApplication.objects.create(
                edition=edition,
                product=product,
                organisation=product.organisation,
                applicant=actor,
                statement=statement,
                proposed_category=proposed_category,
            )
    except IntegrityError:
        # A concurrent double submit won the race: that application is this one.
        return EditionApplication.objects.get(edition=edition, product=product)


@transaction.atomic
def withdraw(*, actor, application: EditionApplication) -> EditionApplication:
    application = _locked_application(application)
    permissions.require_can_apply_for(actor, application.organisation)
    if application.status != ApplicationStatus.SUBMITTED:
        raise EditionError(_("Only an application that is still awaiting review can be withdrawn."))
    application.status = ApplicationStatus.WITHDRAWN
    application.withdrawn_at = timezone.now()
    application.save(update_fields=["status", "withdrawn_at"])
    return application


# --- staff ---------------------------------------------------------------------------


def _require_not_published(edition: Edition) -> None:
    if edition.status == EditionStatus.PUBLISHED:
        raise EditionError(_("This edition is published; its recommendations can no longer change."))


@transaction.atomic
def accept(
    *, staff, application: EditionApplication, category: str, rationale_zh: str, rationale_en: str = ""
) -> EditionApplication:
    permissions.require_can_decide_editions(staff)
    application = _locked_application(application)
    _require_not_published(_locked_edition(application.edition))
    if application.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED):
        raise EditionError(_("This application is not awaiting a decision."))
    _require_category(category, "category")
    rationale_zh = (rationale_zh or "").strip()
    if not rationale_zh:
        raise EditionError(
            _("Write the reviewers' rationale in Chinese: it is printed in the catalogue."), field="rationale_zh"
        )
    application.status = ApplicationStatus.ACCEPTED
    application.category = category
    application.rationale_zh = rationale_zh
    application.rationale_en = (rationale_en or "").strip()
    application.staff_reason = ""
    application.reviewed_by = staff
    application.reviewed_at = timezone.now()
    application.save()
    _notify(application.pk, "accepted")
    return application


@transaction.atomic
def reject(*, staff, application: EditionApplication, reason: str) -> EditionApplication:
    permissions.require_can_decide_editions(staff)
    application = _locked_application(application)
    _require_not_published(_locked_edition(application.edition))
    if application.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED):
        raise EditionError(_("This application is not awaiting a decision."))
    reason = (reason or "").strip()
    if not reason:
        raise EditionError(_("Give the reason: the organisation's members will read it."), field="reason")
    application.status = ApplicationStatus.REJECTED
    application.staff_reason = reason
    application.category = ""
    application.reviewed_by = staff
    application.reviewed_at = timezone.now()
    application.save()
    _notify(application.pk, "rejected")
    return application


@transaction.atomic
def open_call(*, staff, edition: Edition) -> Edition:
    permissions.require_can_decide_editions(staff)
    edition = _locked_edition(edition)
    if edition.status not in (EditionStatus.DRAFT, EditionStatus.REVIEW):
        raise EditionError(_("Only a draft edition, or one under review, can open its call."))
    if edition.call_closes_at <= timezone.now():
        raise EditionError(_("The call's closing date has passed: change it before opening the call."))
    edition.status = EditionStatus.OPEN
    edition.save(update_fields=["status", "updated_at"])
    public_cache.invalidate_on_commit(CACHE_TAG)
    return edition


@transaction.atomic
def close_call(*, staff, edition: Edition) -> Edition:
    permissions.require_can_decide_editions(staff)
    edition = _locked_edition(edition)
    if edition.status != EditionStatus.OPEN:
        raise EditionError(_("The call of this edition is not open."))
    edition.status = EditionStatus.REVIEW
    edition.save(update_fields=["status", "updated_at"])
    public_cache.invalidate_on_commit(CACHE_TAG)
    return edition


def snapshot_of(product: Product) -> dict:
    """The product as it stands now, as an entry's frozen fields."""
    data = {name: getattr(product, name) for name in SNAPSHOT_FIELDS}
    data["enterprise_zh"] = product.organisation.name_zh
    data["enterprise_en"] = product.organisation.name_en
    data["milestones"] = list(getattr(product, "milestones", None) or [])
    data["image_ref"] = _image_ref(product)
    return data


def _image_ref(product: Product) -> str:
    """The product's first image, if the product has images (``catalog.ProductImage``)."""
    images = getattr(product, "images", None)
    if images is None:
        return ""
    first = images.all().first() if hasattr(images, "all") else None
    image_id = getattr(first, "image_id", None)
    return f"wagtailimages.image:{image_id}" if image_id else ""


def freeze_entries(edition: Edition, *, now) -> list[EditionApplication]:
    """Copy every accepted application's product, as it is now, into the edition's entries.

    Part of ``publish`` (which holds the edition's row lock); also used by the demo loader.
    Returns the accepted applications (empty: nothing was frozen).
    """
    accepted = list(
        EditionApplication.objects.filter(edition=edition, status=ApplicationStatus.ACCEPTED)
        .select_related("product__organisation")
        .order_by("category", "product__name_zh", "pk")
    )
    order_in_category: dict[str, int] = {}
    entries = []
    for application in accepted:
        order = order_in_category.get(application.category, 0) + 1
        order_in_category[application.category] = order
        entries.append(
            EditionEntry(
                edition=edition,
                application=application,
                product=application.product,
                category=application.category,
                rationale_zh=application.rationale_zh,
                rationale_en=application.rationale_en,
                order=order,
                frozen_at=now,
                **snapshot_of(application.product),
            )
        )
    EditionEntry.objects.bulk_create(entries)
    return accepted


def _require_accepted_products_public(edition: Edition) -> None:
    """Refuse to freeze a product taken out of the catalogue (or of an unverified organisation) since acceptance."""
    hidden = (
        EditionApplication.objects.filter(edition=edition, status=ApplicationStatus.ACCEPTED)
        .exclude(product__in=Product.objects.public())
        .order_by("product__name_zh")
        .values_list("product__name_zh", flat=True)
    )
    names = list(hidden)
    if names:
        raise EditionError(
            _(
                "These accepted products are no longer public in the catalogue: %(products)s. Reject their "
                "applications, or have the products published again, before publishing the edition."
            )
            % {"products": ", ".join(names)}
        )


@transaction.atomic
def publish(*, staff, edition: Edition) -> Edition:
    """Freeze the accepted applications into entries and publish the edition, once."""
    permissions.require_can_decide_editions(staff)
    edition = _locked_edition(edition)
    if edition.status == EditionStatus.PUBLISHED:
        raise EditionError(_("This edition is already published."))
    if edition.status != EditionStatus.REVIEW:
        raise EditionError(_("Close the call before publishing the edition."))
    _require_accepted_products_public(edition)
    now = timezone.now()
    accepted = freeze_entries(edition, now=now)
    if not accepted:
        raise EditionError(_("Accept at least one application before publishing the edition."))
    edition.status = EditionStatus.PUBLISHED
    edition.published_at = now
    edition.published_by = staff
    edition.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    public_cache.invalidate_on_commit(CACHE_TAG)
    outbox.schedule(tasks.build_edition_exports, {"edition_id": edition.pk})
    for application in accepted:
        _notify(application.pk, "published")
    return edition
