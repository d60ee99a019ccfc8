"""Alliance staff's verification decisions: verify, refuse or suspend an organisation.

Declared with the review kit (``portal.review``): ``VERIFICATION`` says from which statuses each
decision may be taken, which need a note for the owners, the log action and the e-mail (to
the owners, through the outbox). The functions below are the services the rest of the portal
calls: keyword-only, one transaction, the permission checked (staff, not project managers), a
translated ``OrganisationError`` when the transition is not allowed or a required note is
missing. After a decision the organisation's public pages are invalidated and
``verification_changed`` is sent after the commit.
"""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import permissions
from portal.organisations import services
from portal.organisations.models import Organisation, VerificationStatus
from portal.review.audit import LogAction
from portal.review.decisions import Decision, Notice, Review
from portal.review.notify import OWNERS, members_to_tell

#: Sent after commit whenever staff change an organisation's verification status.
#: Later apps (search indexing, catalogue visibility) connect to it.
#: Arguments: ``organisation_id``, ``status``.
verification_changed = Signal()


def _announce(organisation: Organisation, *, by, note: str, status: str) -> None:
    organisation_id = organisation.pk
    transaction.on_commit(
        lambda: verification_changed.send(sender=Organisation, organisation_id=organisation_id, status=status)
    )
    services.invalidate_public_pages(organisation_id)


def _refusal(organisation: Organisation, decision: Decision) -> str:
    return _("This organisation is %(current)s; it cannot be changed to %(new)s.") % {
        "current": organisation.get_verification_status_display(),
        "new": VerificationStatus(decision.to).label,
    }


def _decision(status, *, label, title, icon, from_states, note_required, help, done, log_label, log_message):
    return Decision(
        status.value,
        label,
        title=title,
        icon=icon,
        help=help,
        done=done,
        to=status,
        from_states=from_states,
        note_required=note_required,
        service=lambda organisation, **kwargs: _announce(organisation, status=status, **kwargs),
        email=status.value,
        log=LogAction(f"portal.organisation.{status.value}", log_label, log_message),
    )


# verified_by / verified_at record the latest verification decision (verify, refuse or
# suspend); the full trail, with each one's status before and after, is in the admin history.
VERIFICATION = Review(
    Organisation,
    may_decide=permissions.can_verify_organisations,
    lock=services.locked,
    error=services.OrganisationError,
    refusal=_refusal,
    missing_note=gettext_lazy("Give the reason: the organisation's owners will read it."),
    notice=Notice(
        "portal.verification_decision_email",
        lambda organisation, status: {
            "organisation_id": organisation.pk,
            "status": status,
            "note": organisation.verification_note,
        },
        recipients=lambda organisation: members_to_tell(organisation, OWNERS),
    ),
    decisions=[
        _decision(
            VerificationStatus.VERIFIED,
            label=gettext_lazy("Verify"),
            title=gettext_lazy("Verify organisation"),
            icon="tick-inverse",
            from_states=(VerificationStatus.PENDING, VerificationStatus.REJECTED, VerificationStatus.SUSPENDED),
            note_required=False,
            help=gettext_lazy(
                "Verifying confirms the organisation against its business licence. Its public page goes online and "
                "what it publishes can become public. The owners are e-mailed."
            ),
            done=gettext_lazy("%(organisation)s is verified; its owners are being notified."),
            log_label=gettext_lazy("Verify organisation"),
            log_message=gettext_lazy("Organisation verified"),
        ),
        _decision(
            VerificationStatus.REJECTED,
            label=gettext_lazy("Refuse"),
            title=gettext_lazy("Refuse verification"),
            icon="cross",
            from_states=(VerificationStatus.PENDING,),
            note_required=True,
            help=gettext_lazy(
                "Refusing keeps everything the organisation publishes private. The owners are e-mailed your reason "
                "and can correct the profile to submit it again."
            ),
            done=gettext_lazy("Verification of %(organisation)s is refused; its owners are being notified."),
            log_label=gettext_lazy("Refuse organisation"),
            log_message=gettext_lazy("Organisation verification refused"),
        ),
        _decision(
            VerificationStatus.SUSPENDED,
            label=gettext_lazy("Suspend"),
            title=gettext_lazy("Suspend organisation"),
            icon="warning",
            from_states=(VerificationStatus.VERIFIED,),
            note_required=True,
            help=gettext_lazy(
                "Suspending hides the organisation's public page and everything it published until it is verified "
                "again. The owners are e-mailed your reason."
            ),
            done=gettext_lazy("%(organisation)s is suspended; its owners are being notified."),
            log_label=gettext_lazy("Suspend organisation"),
            log_message=gettext_lazy("Organisation suspended"),
        ),
    ],
)


def verify_organisation(*, staff, organisation: Organisation, note: str = "") -> Organisation:
    """Alliance staff confirm the organisation: what it publishes may now become public. Owners are e-mailed."""
    return VERIFICATION.take(VerificationStatus.VERIFIED, organisation, by=staff, note=note)


def reject_organisation(*, staff, organisation: Organisation, note: str) -> Organisation:
    """Alliance staff refuse a pending organisation, with the reason (``note``) the owners are e-mailed."""
    return VERIFICATION.take(VerificationStatus.REJECTED, organisation, by=staff, note=note)


def suspend_organisation(*, staff, organisation: Organisation, note: str) -> Organisation:
    """Alliance staff suspend a verified organisation: its public page and content disappear until re-verified."""
    return VERIFICATION.take(VerificationStatus.SUSPENDED, organisation, by=staff, note=note)
