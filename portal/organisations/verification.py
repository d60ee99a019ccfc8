"""Alliance staff's verification decisions: verify, refuse or suspend an organisation.

Like ``portal.organisations.services``: keyword-only, one transaction, the permission
checked here (staff, not project managers), a translated ``OrganisationError`` when the
transition is not allowed or a required note is missing. Each decision is written to the
admin history (``portal.organisation.<status>``), the owners are e-mailed through the
outbox, and ``verification_changed`` is sent after the commit.
"""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal import outbox, permissions, tasks
from portal.organisations import services
from portal.organisations.models import Organisation, VerificationStatus

#: Sent after commit whenever staff change an organisation's verification status.
#: Later apps (search indexing, catalogue visibility) connect to it.
#: Arguments: ``organisation_id``, ``status``.
verification_changed = Signal()

_ALLOWED_FROM = {
    VerificationStatus.VERIFIED: {
        VerificationStatus.PENDING,
        VerificationStatus.REJECTED,
        VerificationStatus.SUSPENDED,
    },
    VerificationStatus.REJECTED: {VerificationStatus.PENDING},
    VerificationStatus.SUSPENDED: {VerificationStatus.VERIFIED},
}


def _decide(*, staff, organisation: Organisation, status: str, note: str) -> Organisation:
    permissions.require_can_verify_organisations(staff)
    organisation = services.locked(organisation)
    note = (note or "").strip()
    if organisation.verification_status not in _ALLOWED_FROM[status]:
        raise services.OrganisationError(
            _("This organisation is %(current)s; it cannot be changed to %(new)s.")
            % {
                "current": organisation.get_verification_status_display(),
                "new": VerificationStatus(status).label,
            }
        )
    if status != VerificationStatus.VERIFIED and not note:
        raise services.OrganisationError(_("Give the reason: the organisation's owners will read it."), field="note")
    # verified_by / verified_at record the latest verification decision (verify,
    # refuse or suspend); the full trail is in the admin history (Wagtail log entries).
    organisation.verification_status = status
    organisation.verification_note = note
    organisation.verified_at = timezone.now()
    organisation.verified_by = staff
    organisation.save(update_fields=["verification_status", "verification_note", "verified_at", "verified_by"])
    log(instance=organisation, action=f"portal.organisation.{status}", user=staff, data={"note": note})
    organisation_id = organisation.pk
    outbox.schedule(
        tasks.send_verification_decision_email, {"organisation_id": organisation_id, "status": status, "note": note}
    )
    transaction.on_commit(
        lambda: verification_changed.send(sender=Organisation, organisation_id=organisation_id, status=status)
    )
    services.invalidate_public_pages(organisation_id)
    return organisation


@transaction.atomic
def verify_organisation(*, staff, organisation: Organisation, note: str = "") -> Organisation:
    """Alliance staff confirm the organisation: what it publishes may now become public. Owners are e-mailed."""
    return _decide(staff=staff, organisation=organisation, status=VerificationStatus.VERIFIED, note=note)


@transaction.atomic
def reject_organisation(*, staff, organisation: Organisation, note: str) -> Organisation:
    """Alliance staff refuse a pending organisation, with the reason (``note``) the owners are e-mailed."""
    return _decide(staff=staff, organisation=organisation, status=VerificationStatus.REJECTED, note=note)


@transaction.atomic
def suspend_organisation(*, staff, organisation: Organisation, note: str) -> Organisation:
    """Alliance staff suspend a verified organisation: its public page and content disappear until re-verified."""
    return _decide(staff=staff, organisation=organisation, status=VerificationStatus.SUSPENDED, note=note)
