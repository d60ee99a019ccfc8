"""Background work of the site core. Thin: load the objects, call ``portal.emails`` or a service.

Side effects are outbox effects (``portal.outbox``): services record them with
``outbox.schedule`` in their own transaction and a worker runs them after the commit, once.
The Celery tasks here only move outbox messages: ``deliver_outbox`` runs the messages a
commit handed over, ``drain_outbox`` (beat, and every worker start) runs whatever is left.
Effects check that what they announce still holds (an invitation revoked or accepted
meanwhile is not e-mailed).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from portal import emails, outbox

logger = logging.getLogger(__name__)

#: Invitations that ended (expired or revoked) more than this long ago are deleted.
INVITATION_RETENTION = timedelta(days=30)


# --- The outbox's own tasks -------------------------------------------------------------------


@shared_task(soft_time_limit=60 * 9, time_limit=60 * 10)
def deliver_outbox(message_ids: list[int]) -> dict[str, int]:
    """Run the effects of messages a commit just handed over (each at most once)."""
    outcomes: dict[str, int] = {}
    for message_id in message_ids:
        result = outbox.deliver(message_id)
        outcomes[result] = outcomes.get(result, 0) + 1
    return outcomes


@shared_task(soft_time_limit=60 * 9, time_limit=60 * 10)
def drain_outbox() -> dict[str, int]:
    """Beat, every 30 s, and at worker start: run every due message (failed hand-overs, retries, dead workers)."""
    outcomes = outbox.drain()
    if set(outcomes) - {"pending"}:
        logger.info("outbox drain: %s", outcomes)
    return outcomes


@shared_task
def purge_outbox() -> int:
    """Daily: delete messages done more than ``PORTAL_OUTBOX_RETENTION_DAYS`` ago."""
    return outbox.purge(older_than=timedelta(days=settings.PORTAL_OUTBOX_RETENTION_DAYS))


# --- Effects -------------------------------------------------------------------------------------


@outbox.effect("portal.send_email", sensitive=True)
def send_email(*, message: dict) -> None:
    """Send an e-mail rendered in the request (allauth's account mails: ``portal.adapters``)."""
    emails.send_rendered(message)


@outbox.effect("portal.invitation_email")
def send_invitation_email(*, invitation_id: int, language: str) -> None:
    from portal.models import Invitation

    invitation = Invitation.objects.select_related("organisation", "invited_by").filter(pk=invitation_id).first()
    if invitation is None or not invitation.is_pending:
        logger.info("invitation %s is no longer pending; not e-mailed", invitation_id)
        return
    emails.send_invitation(invitation, language=language)


@outbox.effect("portal.verification_decision_email")
def send_verification_decision_email(*, organisation_id: int, status: str, note: str = "") -> None:
    from portal.models import Organisation

    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None or organisation.verification_status != status:
        logger.info("organisation %s: decision %s no longer holds; not e-mailed", organisation_id, status)
        return
    emails.send_verification_decision(organisation, status=status, note=note)


@outbox.effect("portal.account_deleted_email", sensitive=True)
def send_account_deleted_email(*, email: str, language: str) -> None:
    """Tell a former member's address that their account is gone (``portal.privacy.delete_account``)."""
    from portal import privacy

    privacy.email_account_deleted(email=email, language=language)


@outbox.effect("portal.invalidate_public_cache")
def invalidate_public_cache(*, tags: list[str]) -> None:
    """An invalidation that could not reach the cache when it happened (``portal.public_cache``)."""
    from portal import public_cache

    public_cache.invalidate(*tags, strict=True)


@outbox.effect("portal.delete_cache_keys")
def delete_cache_keys(*, alias: str, keys: list[str]) -> None:
    """Deletes that could not reach Redis when they happened (``portal.cache``): stale values must not outlive it."""
    from django.core.cache import caches

    caches[alias].delete_many_strict(keys)


# --- Housekeeping ----------------------------------------------------------------------------------


@shared_task
def purge_expired_invitations() -> int:
    """Delete invitations that expired or were revoked more than 30 days ago and were never accepted.

    Accepted invitations stay: they record who invited whom. Runs from Celery beat.
    """
    from portal.models import Invitation

    cutoff = timezone.now() - INVITATION_RETENTION
    deleted, _ = (
        Invitation.objects.filter(accepted_at__isnull=True)
        .filter(Q(expires_at__lt=cutoff) | Q(revoked_at__lt=cutoff))
        .delete()
    )
    if deleted:
        logger.info("purged %s ended invitations", deleted)
    return deleted
