"""Writes with business rules for catalogue products.

Keyword-only, one transaction each, permission checks inside (``PermissionDenied``);
a refused rule raises ``ProductError`` with a translated message for the user.

Versions: until a product is first approved, its row holds the draft. Once live, the
row holds the approved version and member edits are only saved as revisions
(``save_revision`` writes nothing but ``latest_revision``/``has_unpublished_changes``
on the row), so the public keeps seeing the approved version until staff approve the
edit. Publishing and unpublishing invalidate the ``catalog`` public-cache tag.

Images and brochures travel with the revision (``catalog.media.storage``). An edit names the
revision it was loaded from (``base_revision_id``): saving over a newer one raises
``ProductConflict`` with what changed instead of silently overwriting it, unless the
submitted version equals the newer one (the same form sent twice), which is a no-op.
Submitting for review twice is a no-op too. Staff's decisions (approve, reject, unpublish) are
declared in ``REVIEW`` and taken by the review kit (``portal.review``): permission, lock, the
states each is taken from, the reason a rejection needs, the log entry with the state before
and after, and the e-mail to the organisation's owners and editors after the commit.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.actions.unpublish import UnpublishAction

from catalog import permissions, tasks, versions
from catalog.media import renditions
from catalog.media import storage as media
from catalog.models import PRODUCT_FIELDS, Product
from catalog.vocabulary import ModerationStatus
from portal import idempotency, public_cache
from portal.permissions import can_publish_for, require
from portal.review import audit
from portal.review.audit import LogAction
from portal.review.decisions import Decision, Notice, Review
from portal.review.errors import ServiceError
from portal.review.notify import members_to_tell

CACHE_TAG = "catalog"


class ProductError(ServiceError):
    """A business rule refused the action; ``str(exc)`` is a translated message (``field``: the form field)."""


class ProductConflict(ProductError):
    """Someone saved a newer version since the member loaded the form.

    ``changes`` lists (field label, value now) of what differs between the version the
    member started from and the newest one; ``latest_revision_id`` is what a deliberate
    second save names to replace it.
    """

    def __init__(self, *, changes: list[tuple[str, str]], latest_revision_id: int | None):
        super().__init__(
            _(
                "Someone else changed this product while you were editing it. Your input is kept below: "
                "check what changed, then save again to replace their version, or reload the page to start "
                "from theirs."
            )
        )
        self.changes = changes
        self.latest_revision_id = latest_revision_id


class ProductChanged(ProductError):
    """The member saved a newer version after staff opened the one they decided on."""


def _locked(product: Product) -> Product:
    return Product.objects.select_for_update().select_related("organisation").get(pk=product.pk)


def _set_fields(product: Product, fields: dict) -> None:
    unknown = set(fields) - set(PRODUCT_FIELDS)
    if unknown:
        raise ValueError(f"not editable by members: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(product, name, value)


def _set_media(product: Product, *, actor, images, brochures) -> None:
    """Replace the images / brochures (in memory) when the form sent them; ``None`` keeps them."""
    if images is not None:
        media.set_images(product, images, actor=actor)
    if brochures is not None:
        media.set_brochures(product, brochures, actor=actor)


@transaction.atomic
def create_product(*, actor, organisation, images=None, brochures=None, creation_token=None, **fields) -> Product:
    """Create a draft product for ``organisation`` (an enterprise the actor belongs to).

    ``creation_token`` is the form's one-time token (``portal.idempotency``): when a product
    was already created with it (the form sent twice), that product is returned and nothing
    new is made. Two copies racing each other meet the unique constraint; the loser returns
    the winner's product (files it stored are left for ``purge_product_uploads``).
    """
    require(permissions.can_edit_products_of(actor, organisation))
    siblings = Product.objects.filter(organisation=organisation)
    existing = idempotency.created_with(siblings, creation_token)
    if existing is not None:
        return existing
    product = Product(organisation=organisation, live=False, creation_token=creation_token)
    _set_fields(product, fields)
    product.full_clean(exclude=["creation_token"])  # its uniqueness is save_once's: a twin returns the winner
    _set_media(product, actor=actor, images=images, brochures=brochures)
    product, created = idempotency.save_once(product, among=siblings)
    if created:
        product.save_revision(user=actor, log_action="wagtail.create")
    return product


@transaction.atomic
def update_product(
    *, actor, product: Product, images=None, brochures=None, base_revision_id: int | None = None, **fields
) -> Product:
    """Save the member's edit as a new revision; it must be submitted (again) for review.

    A draft is updated in place. For a live product only the revision is stored: the
    approved version stays public until staff approve the edit. ``images`` and
    ``brochures`` (lists of ``catalog.media.storage`` entries, in order) replace the current
    ones; ``None`` leaves them as they are. With ``base_revision_id`` (the revision the
    form was loaded from), an edit over a newer revision raises ``ProductConflict``.
    """
    return _update(
        actor, _locked(product), images=images, brochures=brochures, base_revision_id=base_revision_id, **fields
    )


def _update(actor, product: Product, *, images, brochures, base_revision_id: int | None, **fields) -> Product:
    """``update_product`` of a product whose row this transaction has locked (``_locked``)."""
    require(permissions.can_edit_products_of(actor, product.organisation))
    if base_revision_id is not None and product.latest_revision_id != base_revision_id:
        latest = product.get_latest_revision_as_object()
        if _same_version(latest, fields, images, brochures):
            return product  # the same form sent twice: the first one already saved it
        raise ProductConflict(
            changes=_changes_since(product, base_revision_id, latest),
            latest_revision_id=product.latest_revision_id,
        )
    if product.live:
        editing = product.get_latest_revision_as_object()
        _set_fields(editing, fields)
        editing.full_clean()
        _set_media(editing, actor=actor, images=images, brochures=brochures)
        editing.save_revision(user=actor, log_action=True)
        Product.objects.filter(pk=product.pk).update(
            moderation_status=ModerationStatus.DRAFT, latest_revision=editing.latest_revision
        )
        product.refresh_from_db()
        return product
    product = _draft_of(product)
    _set_fields(product, fields)
    product.full_clean()
    _set_media(product, actor=actor, images=images, brochures=brochures)
    product.moderation_status = ModerationStatus.DRAFT
    product.save()
    product.save_revision(user=actor, log_action=True)
    return product


#: What belongs to the product row as a whole, not to a version of its content: kept when the
#: row takes a revision's content (``_draft_of``), as Wagtail keeps ``live`` and ``latest_revision``.
_ROW_STATE = (
    "live_revision",
    "last_published_at",
    "moderation_note",
    "submitted_at",
    "reviewed_at",
    "reviewed_by",
    "creation_token",
)


def _draft_of(product: Product) -> Product:
    """What a product that is not live is edited from: its latest version. That is its row, except
    for a product taken offline while an edit waited for review: the edit (its latest revision),
    which the member's form showed, with the row's own state."""
    if product.first_published_at is None:
        return product  # never published: its row is its draft, updated in place
    draft = product.get_latest_revision_as_object()
    if draft is not product:
        for name in _ROW_STATE:
            setattr(draft, name, getattr(product, name))
    return draft


def _same_version(latest: Product, fields: dict, images, brochures) -> bool:
    """Whether saving ``fields`` and the media lists would change nothing in ``latest``."""
    if any(getattr(latest, name) != value for name, value in fields.items()):
        return False
    wanted_images, wanted_brochures = media.entries_signature(images, brochures, media.known_hashes(latest))
    have_images, have_brochures = media.media_signature(latest)
    return wanted_images in (None, have_images) and wanted_brochures in (None, have_brochures)


def _changes_since(product: Product, base_revision_id: int, latest: Product) -> list[tuple[str, str]]:
    """(Label, value now) of each field that differs between the base revision and ``latest``."""
    base_revision = product.revisions.filter(pk=base_revision_id).first()
    if base_revision is None:
        return []
    base = base_revision.as_object()
    changes = [(change.label, change.new) for change in versions.field_changes(base, latest)]
    base_images, base_brochures = media.media_signature(base)
    latest_images, latest_brochures = media.media_signature(latest)
    if base_images != latest_images:
        count = len(latest_images)
        changes.append((_("Images"), _("Number of images now: %(count)s") % {"count": count}))
    if base_brochures != latest_brochures:
        count = len(latest_brochures)
        changes.append((_("Brochures"), _("Number of brochures now: %(count)s") % {"count": count}))
    return changes


def has_changes_to_review(product: Product) -> bool:
    return not product.live or product.has_unpublished_changes


#: The members' own step in the product's history (staff's decisions: ``REVIEW``).
audit.register(
    LogAction(
        "catalog.product.submitted", gettext_lazy("Submit product for review"), gettext_lazy("Submitted for review")
    )
)


@transaction.atomic
def submit_for_review(*, actor, product: Product) -> Product:
    """Ask the alliance to review the product's latest version."""
    return _submit(actor, _locked(product))


def _submit(actor, product: Product) -> Product:
    """``submit_for_review`` of a product whose row this transaction has locked (``_locked``)."""
    require(permissions.can_edit_products_of(actor, product.organisation))
    if product.moderation_status == ModerationStatus.SUBMITTED:
        return product  # submitted twice (a double click, a second tab): nothing more to do
    if not has_changes_to_review(product):
        raise ProductError(_("There are no changes to review: the published version is the latest."))
    before = product.moderation_status
    product.moderation_status = ModerationStatus.SUBMITTED
    product.submitted_at = timezone.now()
    product.moderation_note = ""
    product.save(update_fields=["moderation_status", "submitted_at", "moderation_note"])
    audit.record(
        actor=actor,
        target=product,
        action="catalog.product.submitted",
        before={"status": before},
        after={"status": product.moderation_status},
    )
    return product


@transaction.atomic
def save_and_submit(*, actor, product: Product, base_revision_id: int | None = None, **edit) -> Product:
    """The member's form sent with "Submit for review": what it changes in the latest version is saved
    first (``update_product``, with its conflict check), then the product is submitted, so nothing
    typed since the last save is left behind. A form that changes nothing only submits. The row is
    locked once, for both."""
    product = _locked(product)
    images, brochures = edit.pop("images", None), edit.pop("brochures", None)
    if not _same_version(product.get_latest_revision_as_object(), edit, images, brochures):
        product = _update(actor, product, images=images, brochures=brochures, base_revision_id=base_revision_id, **edit)
    return _submit(actor, product)


def _publish_latest(product: Product, *, by, note: str) -> None:
    """Publish the latest revision (``approve``); refused while the organisation is not verified."""
    if not can_publish_for(product.organisation):
        raise ProductError(
            _("%(organisation)s is not verified by the alliance; its products cannot be published yet.")
            % {"organisation": product.organisation}
        )
    revision = product.latest_revision or product.save_revision(user=by)
    submitted_at = product.submitted_at  # the row's: the revision was saved before the submission
    revision.publish(user=by, skip_permission_checks=True)
    # Publishing restored the revision's snapshot of every field: the decision is recorded after it,
    # and the time of the submission is put back (the snapshot's is empty, or an earlier round's).
    product.refresh_from_db()
    if product.submitted_at != submitted_at:
        Product.objects.filter(pk=product.pk).update(submitted_at=submitted_at)
        product.submitted_at = submitted_at
    renditions.schedule(product)  # its images are public now
    public_cache.invalidate_on_commit(CACHE_TAG)


def _take_offline(product: Product, *, by, note: str) -> None:
    """Unpublish (``unpublish``): the row keeps its review status; the public no longer sees it."""
    UnpublishAction(product, user=by).execute(skip_permission_checks=True)
    product.refresh_from_db()
    public_cache.invalidate_on_commit(CACHE_TAG)


def _is_published_latest(product: Product) -> bool:
    """Approving the same revision again (a double click) finds it live already: nothing to do."""
    return product.live and product.live_revision_id == product.latest_revision_id


#: Staff's decisions on a product (``portal.review``): each is logged with the state before and
#: after and e-mailed to the organisation's owners and editors. Approve and reject name the
#: revision staff reviewed (the admin always sends it): once the member saved since, nothing is
#: decided (``ProductChanged``).
REVIEW = Review(
    Product,
    may_decide=permissions.can_review_products,
    lock=_locked,
    error=ProductError,
    refusal=gettext_lazy("This product is not awaiting review."),
    stale_error=ProductChanged,
    stale_message=gettext_lazy("This product was changed after you opened it. Review the new version."),
    notice=Notice(
        tasks.send_product_decision_email.effect_name,
        lambda product, event: {"product_id": product.pk, "decision": event},
        recipients=lambda product: members_to_tell(product.organisation),
    ),
    decisions=[
        Decision(
            "approve",
            gettext_lazy("Approve and publish"),
            to=ModerationStatus.APPROVED,
            from_states=(ModerationStatus.SUBMITTED,),
            pinned=True,
            holds=_is_published_latest,
            also_logged=("live", "live_revision"),
            service=_publish_latest,
            email="approved",
            done=gettext_lazy(
                "%(name)s is approved and published in the catalogue; the enterprise's members are being notified."
            ),
            done_untold=gettext_lazy(
                "%(name)s is approved and published in the catalogue. The enterprise has no member to notify."
            ),
            log=LogAction("catalog.product.approved", gettext_lazy("Approve product"), gettext_lazy("Approved")),
        ),
        Decision(
            "reject",
            gettext_lazy("Reject"),
            to=ModerationStatus.REJECTED,
            from_states=(ModerationStatus.SUBMITTED,),
            pinned=True,
            note_required=True,
            note_field="reason",
            missing_note=gettext_lazy("Give the reason: the organisation's members will read it."),
            email="rejected",
            done=gettext_lazy("%(name)s is sent back with your reason; the enterprise's members are being notified."),
            done_untold=gettext_lazy(
                "%(name)s is sent back with your reason. The enterprise has no member to notify: nobody is told."
            ),
            log=LogAction(
                "catalog.product.rejected", gettext_lazy("Reject product"), gettext_lazy("Sent back with a reason")
            ),
        ),
        Decision(
            "unpublish",
            gettext_lazy("Unpublish"),
            when=lambda product: product.live,
            refusal=gettext_lazy("This product is not published."),
            also_logged=("live",),
            service=_take_offline,
            email="unpublished",
            done=gettext_lazy(
                "%(name)s is taken off the public catalogue; the enterprise's members are being notified."
            ),
            done_untold=gettext_lazy(
                "%(name)s is taken off the public catalogue. The enterprise has no member to notify."
            ),
            log=LogAction(
                "catalog.product.unpublished",
                gettext_lazy("Unpublish product"),
                gettext_lazy("Taken off the public catalogue"),
            ),
        ),
    ],
)


def approve(*, staff, product: Product, revision_id: int | None = None) -> Product:
    """Publish the product's latest revision (staff). Refused while the organisation is not verified.

    ``revision_id`` is the revision staff reviewed: when the member saved since, nothing is
    published (``ProductChanged``). Approving the same revision again changes nothing.
    """
    return REVIEW.take("approve", product, by=staff, revision=revision_id)


def reject(*, staff, product: Product, reason: str, revision_id: int | None = None) -> Product:
    """Send the submitted version back with the reason (staff). A live version stays public.

    ``revision_id`` pins the reviewed revision as for ``approve``; the same rejection sent
    twice changes nothing.
    """
    return REVIEW.take("reject", product, by=staff, note=reason, revision=revision_id)


def unpublish(*, staff, product: Product) -> Product:
    """Take a live product off the public catalogue (staff)."""
    return REVIEW.take("unpublish", product, by=staff)
