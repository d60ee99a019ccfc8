"""Background work of the site core. Thin: load the objects, call ``portal.emails`` or a service.

Side effects are outbox effects (``portal.outbox``): services record them with
``outbox.schedule`` in their own transaction and a worker runs them after the commit, once
(the outbox's own Celery tasks live in ``portal.outbox``). Effects check that what they
announce still holds (an invitation revoked or accepted meanwhile is not e-mailed).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.core.cache import caches
from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone

from portal import emails, outbox, privacy, public_cache
from portal.models import Invitation, Organisation
from portal.organisations import emails as organisation_emails

logger = logging.getLogger(__name__)

#: Invitations that ended (expired or revoked) more than this long ago are deleted.
INVITATION_RETENTION = timedelta(days=30)


# --- Effects -------------------------------------------------------------------------------------


@outbox.effect("portal.send_email", sensitive=True)
def send_email(*, message: dict, recurring: dict | None = None) -> None:
    """Send an e-mail rendered earlier: in the request (allauth's account mails: ``portal.adapters``), or by
    an effect writing to several people (``portal.emails``); not a ``recurring`` one stopped since."""
    emails.send_rendered(message, recurring=recurring)


@outbox.effect("portal.invitation_email")
def send_invitation_email(*, invitation_id: int, language: str) -> None:
    invitation = Invitation.objects.select_related("organisation", "invited_by").filter(pk=invitation_id).first()
    if invitation is None or not invitation.is_pending:
        logger.info("invitation %s is no longer pending; not e-mailed", invitation_id)
        return
    emails.send_invitation(invitation, language=language)


@outbox.effect("portal.verification_decision_email")
def send_verification_decision_email(
    *, organisation_id: int, status: str, note: str = "", decided_at: str | None = None
) -> None:
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None or not organisation_emails.still_true(organisation, status, decided_at=decided_at):
        logger.info("organisation %s: decision %s no longer holds; not e-mailed", organisation_id, status)
        return
    organisation_emails.send_verification_decision(organisation, status=status, note=note)


@outbox.effect("portal.account_deleted_email", sensitive=True)
def send_account_deleted_email(*, email: str, language: str) -> None:
    """Tell a former member's address that their account is gone (``portal.privacy.delete_account``)."""
    privacy.email_account_deleted(email=email, language=language)


@outbox.effect("portal.invalidate_public_cache")
def invalidate_public_cache(*, tags: list[str]) -> None:
    """An invalidation that could not reach the cache when it happened (``portal.public_cache``)."""
    public_cache.invalidate(*tags, strict=True)


@outbox.effect("portal.delete_cache_keys")
def delete_cache_keys(*, alias: str, keys: list[str]) -> None:
    """Deletes that could not reach Redis when they happened (``portal.cache``): stale values must not outlive it."""
    caches[alias].delete_many_strict(keys)


# --- Housekeeping ----------------------------------------------------------------------------------


@shared_task
def purge_expired_invitations() -> int:
    """Delete invitations that expired or were revoked more than 30 days ago and were never accepted.

    Accepted invitations stay: they record who invited whom. Runs from Celery beat.
    """
    cutoff = timezone.now() - INVITATION_RETENTION
    deleted, _ = (
        Invitation.objects.filter(accepted_at__isnull=True)
        .filter(Q(expires_at__lt=cutoff) | Q(revoked_at__lt=cutoff))
        .delete()
    )
    if deleted:
        logger.info("purged %s ended invitations", deleted)
    return deleted


@shared_task(name="portal.tasks.publish_scheduled")
def publish_scheduled() -> None:
    """Every 5 minutes: what staff scheduled in Wagtail goes live or expires on time (Wagtail's
    ``publish_scheduled``; publishing sends the signals that clear the page cache and reindex)."""
    call_command("publish_scheduled")


@shared_task(name="portal.tasks.clear_sessions")
def clear_sessions() -> None:
    """Daily: delete expired sessions (database rows, ``cached_db``) that nothing else removes."""
    call_command("clearsessions")
