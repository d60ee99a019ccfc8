"""Writes with business rules for recommended-catalogue editions.

Keyword-only, one transaction each, permission checks inside (``PermissionDenied``); a
refused rule raises ``EditionError`` with a translated message for the user.

* Members (owners/editors of the product's enterprise) apply a *published* product of a
  *verified* organisation while the edition's call is open, and withdraw while the
  application is still submitted. Applying twice returns the same application.
* An application withdrawn, or rejected by staff, leaves the edition's expert panel if it is
  before one (``portal.judging.withdrawal``: its judges no longer see it, the results do not
  rank it); applying again puts it back before its judges, with their work as it was.
* Staff open and close the call, accept (category + rationale) or reject (reason) and
  publish: the review kit's declared decisions (``APPLICATION_REVIEW``, ``EDITION_REVIEW``,
  ``portal.review``), each logged with the state before and after. Publishing locks the
  edition row (``select_for_update``), so two concurrent publishes cannot both freeze
  entries; it copies every accepted product, as it is *now* (its approved version), into
  ``EditionEntry`` rows (``catalog.editions.entries``); it is refused while an application
  awaits a decision (none can be decided afterwards) or an accepted product is no longer public.
  After publication nothing here changes entries.
* Outcomes are e-mailed to the applying organisation's members in their language by a
  Celery task queued on commit; publication invalidates the ``editions`` public-cache tag
  (the catalogue's list and product pages, which show the edition facet and "recommended
  in" badges, declare it) and builds the exports.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog import permissions, tasks
from catalog.editions.entries import freeze_entries
from catalog.editions.models import (
    ApplicationStatus,
    Edition,
    EditionApplication,
    EditionStatus,
    RecommendationCategory,
)
from catalog.models import Product
from portal import outbox, public_cache
from portal.db import by_name
from portal.i18n import join_words
from portal.judging import services as judging
from portal.permissions import can_publish_for, require
from portal.review.audit import LogAction
from portal.review.decisions import Decision, Notice, Review
from portal.review.errors import ServiceError
from portal.review.notify import members_to_tell

CACHE_TAG = "editions"


class EditionError(ServiceError):
    """A business rule refused the action; ``str(exc)`` is a translated message (``field``: the form field)."""


def _locked_edition(edition: Edition) -> Edition:
    return Edition.objects.select_for_update().get(pk=edition.pk)


def _locked_application(application: EditionApplication) -> EditionApplication:
    return (
        EditionApplication.objects.select_for_update(of=("self",))
        .select_related("edition", "product", "organisation")
        .get(pk=application.pk)
    )


#: The outcome e-mail to the applying organisation's members (``catalog.editions.emails``).
OUTCOME_NOTICE = Notice(
    tasks.send_edition_outcome_email.effect_name,
    lambda application, outcome: {"application_id": application.pk, "outcome": outcome},
    recipients=lambda application: members_to_tell(application.organisation),
)


def _notify(application: EditionApplication, outcome: str) -> None:
    OUTCOME_NOTICE.schedule(application, outcome)


def _require_category(value: str, field: str) -> str:
    if value not in RecommendationCategory.values:
        raise EditionError(_("Choose one of the catalogue's categories."), field=field)
    return value


# --- members -------------------------------------------------------------------------


def already_applied(application: EditionApplication) -> str:
    return _(
        "%(product)s has already applied to the %(edition)s (%(status)s): what you typed here was not saved. "
        "Withdraw that application first to send a different one."
    ) % {
        "product": application.product.name,
        "edition": application.edition.title,
        "status": application.get_status_display(),
    }


@transaction.atomic
def apply(*, actor, edition: Edition, product: Product, statement: str, proposed_category: str) -> EditionApplication:
    """Apply ``product`` to ``edition``. The same application sent again while it stands (submitted or
    accepted) returns it; a different one is refused (a second editor, a stale tab): the product applies once."""
    product = Product.objects.select_related("organisation").get(pk=product.pk)
    require(permissions.can_apply_for(actor, product.organisation))
    edition = _locked_edition(edition)
    existing = EditionApplication.objects.select_for_update().filter(edition=edition, product=product).first()
    if existing is not None and existing.status in (ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED):
        if (existing.statement, existing.proposed_category) == ((statement or "").strip(), proposed_category):
            return existing  # the same form sent twice
        raise EditionError(already_applied(existing))
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
        judging.restore_subject(actor=actor, subject=existing, by_its_app=True)
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
    """The enterprise withdraws its application awaiting review: it also leaves the expert panel's judges."""
    application = _locked_application(application)
    require(permissions.can_apply_for(actor, application.organisation))
    if application.status != ApplicationStatus.SUBMITTED:
        raise EditionError(_("Only an application that is still awaiting review can be withdrawn."))
    application.status = ApplicationStatus.WITHDRAWN
    application.withdrawn_at = timezone.now()
    application.save(update_fields=["status", "withdrawn_at"])
    judging.withdraw_subject(actor=actor, subject=application, by_its_app=True)
    return application


# --- staff: applications -------------------------------------------------------------


def _locked_for_decision(application: EditionApplication) -> EditionApplication:
    """The application and its edition, both locked: a decision and the edition's publication never cross."""
    application = _locked_application(application)
    application.edition = _locked_edition(application.edition)
    return application


def _not_decidable(application: EditionApplication, decision) -> str:
    if application.edition.status == EditionStatus.PUBLISHED:
        return _("This edition is published; its recommendations can no longer change.")
    return _("This application is not awaiting a decision.")


def _edition_not_published(application: EditionApplication) -> bool:
    return application.edition.status != EditionStatus.PUBLISHED


def _record_acceptance(
    application: EditionApplication, *, by, note: str, category: str, rationale_zh: str, rationale_en: str = ""
) -> None:
    application.category = _require_category(category, "category")
    application.rationale_zh = (rationale_zh or "").strip()
    if not application.rationale_zh:
        raise EditionError(
            _("Write the reviewers' rationale in Chinese: it is printed in the catalogue."), field="rationale_zh"
        )
    application.rationale_en = (rationale_en or "").strip()


def _reject(application: EditionApplication, *, by, note: str) -> None:
    """A rejected application has no category and leaves the expert panel's judges (it can never be accepted)."""
    application.category = ""
    judging.withdraw_subject(actor=by, subject=application, note=note)


#: Staff's decisions on an application (``portal.review``): taken while the edition is not
#: published, from submitted or accepted (a second acceptance changes the category); each is
#: e-mailed to the organisation's members and logged with the state before and after.
APPLICATION_REVIEW = Review(
    EditionApplication,
    may_decide=permissions.can_decide_editions,
    lock=_locked_for_decision,
    error=EditionError,
    refusal=_not_decidable,
    notice=OUTCOME_NOTICE,
    decisions=[
        Decision(
            "accept",
            gettext_lazy("Accept"),
            to=ApplicationStatus.ACCEPTED,
            from_states=(ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED),
            when=_edition_not_published,
            fields=("category", "rationale_zh", "rationale_en"),
            service=_record_acceptance,
            email="accepted",
            done=gettext_lazy("%(name)s is accepted; the enterprise's members are being notified."),
            log=LogAction(
                "catalog.edition_application.accepted",
                gettext_lazy("Accept edition application"),
                gettext_lazy("Accepted with a category and the reviewers' rationale"),
            ),
        ),
        Decision(
            "reject",
            gettext_lazy("Reject"),
            to=ApplicationStatus.REJECTED,
            from_states=(ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED),
            when=_edition_not_published,
            note_required=True,
            note_field="reason",
            missing_note=gettext_lazy("Give the reason: the organisation's members will read it."),
            fields=("category",),
            service=_reject,
            email="rejected",
            done=gettext_lazy(
                "%(name)s is not accepted; the enterprise's members are being notified with your reason."
            ),
            log=LogAction(
                "catalog.edition_application.rejected",
                gettext_lazy("Reject edition application"),
                gettext_lazy("Not accepted, with a reason"),
            ),
        ),
    ],
)


def accept(
    *, staff, application: EditionApplication, category: str, rationale_zh: str, rationale_en: str = ""
) -> EditionApplication:
    """Recommend the product under ``category`` with the reviewers' rationale (Chinese required)."""
    return APPLICATION_REVIEW.take(
        "accept", application, by=staff, category=category, rationale_zh=rationale_zh, rationale_en=rationale_en
    )


def reject(*, staff, application: EditionApplication, reason: str) -> EditionApplication:
    """Do not recommend the product, with the reason the organisation's members read."""
    return APPLICATION_REVIEW.take("reject", application, by=staff, note=reason)


# --- staff: the edition ----------------------------------------------------------------


def _refuse_naming(applications, message: str) -> None:
    """Refuse with ``message``, its ``%(products)s`` the products of ``applications``, if there are any."""
    names = list(applications.order_by(by_name("product__name_zh"), "pk").values_list("product__name_zh", flat=True))
    if names:
        raise EditionError(message % {"products": join_words(names)})


def _require_every_application_decided(edition: Edition) -> None:
    """Refuse to publish with applications awaiting a decision: once published, none can be decided."""
    _refuse_naming(
        EditionApplication.objects.filter(edition=edition, status=ApplicationStatus.SUBMITTED),
        _(
            "These applications still await a decision: %(products)s. Accept or reject them before "
            "publishing the edition: once it is published, they can no longer be decided."
        ),
    )


def _require_accepted_products_public(edition: Edition) -> None:
    """Refuse to freeze a product taken out of the catalogue (or of an unverified organisation) since acceptance."""
    _refuse_naming(
        EditionApplication.objects.filter(edition=edition, status=ApplicationStatus.ACCEPTED).exclude(
            product__in=Product.objects.public()
        ),
        _(
            "These accepted products are no longer public in the catalogue: %(products)s. Reject their "
            "applications, or have the products published again, before publishing the edition."
        ),
    )


def _open_call(edition: Edition, *, by, note: str) -> None:
    if edition.call_closes_at <= timezone.now():
        raise EditionError(_("The call's closing date has passed: change it before opening the call."))
    public_cache.invalidate_on_commit(CACHE_TAG)


def _close_call(edition: Edition, *, by, note: str) -> None:
    public_cache.invalidate_on_commit(CACHE_TAG)


def _publish(edition: Edition, *, by, note: str) -> None:
    """Freeze the accepted applications into entries (the edition's row is locked), build the exports."""
    _require_every_application_decided(edition)
    _require_accepted_products_public(edition)
    now = timezone.now()
    accepted = freeze_entries(edition, now=now)
    if not accepted:
        raise EditionError(_("Accept at least one application before publishing the edition."))
    edition.published_at = now
    edition.published_by = by
    public_cache.invalidate_on_commit(CACHE_TAG)
    outbox.schedule(tasks.build_edition_exports, {"edition_id": edition.pk})
    for application in accepted:
        _notify(application, "published")


def _not_publishable(edition: Edition, decision) -> str:
    if edition.status == EditionStatus.PUBLISHED:
        return _("This edition is already published.")
    return _("Close the call before publishing the edition.")


def _save_edition(edition: Edition, fields: list[str]) -> None:
    edition.save(update_fields=[*fields, "updated_at"])


#: Staff's steps with an edition (``portal.review``): open the call (from draft, or again from
#: review), close it, publish once; each is logged with the status before and after.
EDITION_REVIEW = Review(
    Edition,
    may_decide=permissions.can_decide_editions,
    lock=_locked_edition,
    save=_save_edition,
    error=EditionError,
    decisions=[
        Decision(
            "open",
            gettext_lazy("Open the call"),
            to=EditionStatus.OPEN,
            from_states=(EditionStatus.DRAFT, EditionStatus.REVIEW),
            refusal=gettext_lazy("Only a draft edition, or one under review, can open its call."),
            service=_open_call,
            done=gettext_lazy("The call of %(name)s is open: enterprises can apply."),
            log=LogAction("catalog.edition.opened", gettext_lazy("Open the call"), gettext_lazy("Call opened")),
        ),
        Decision(
            "close",
            gettext_lazy("Close the call"),
            to=EditionStatus.REVIEW,
            from_states=(EditionStatus.OPEN,),
            refusal=gettext_lazy("The call of this edition is not open."),
            help=gettext_lazy("Enterprises can no longer apply; you can then decide and publish."),
            service=_close_call,
            done=gettext_lazy("The call of %(name)s is closed: decide the applications, then publish the edition."),
            log=LogAction("catalog.edition.closed", gettext_lazy("Close the call"), gettext_lazy("Call closed")),
        ),
        Decision(
            "publish",
            gettext_lazy("Publish the edition"),
            to=EditionStatus.PUBLISHED,
            from_states=(EditionStatus.REVIEW,),
            refusal=_not_publishable,
            help=gettext_lazy(
                "Every accepted application becomes an entry of the edition, frozen as the product is now. "
                "The edition cannot be changed after publication."
            ),
            fields=("published_at", "published_by"),
            service=_publish,
            done=gettext_lazy("%(name)s is published: its accepted applications are its entries."),
            log=LogAction(
                "catalog.edition.published", gettext_lazy("Publish the edition"), gettext_lazy("Edition published")
            ),
        ),
    ],
)


def open_call(*, staff, edition: Edition) -> Edition:
    """Open the call for applications (a draft edition, or one under review whose call reopens)."""
    return EDITION_REVIEW.take("open", edition, by=staff)


def close_call(*, staff, edition: Edition) -> Edition:
    """Close the call: staff then decide and publish."""
    return EDITION_REVIEW.take("close", edition, by=staff)


def publish(*, staff, edition: Edition) -> Edition:
    """Freeze the accepted applications into entries and publish the edition, once."""
    return EDITION_REVIEW.take("publish", edition, by=staff)
