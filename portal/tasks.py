"""Background work of the site core. Thin: load the objects, call ``portal.emails`` or a service.

Side effects are outbox effects (``portal.outbox``): services record them with
``outbox.schedule`` in their own transaction and a worker runs them after the commit, once
(the outbox's own Celery tasks live in ``portal.outbox``, but for its retention, here). Effects check that what they
announce still holds (an invitation revoked or accepted meanwhile is not e-mailed).
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone

from portal import emails, outbox, privacy, public_cache
from portal.models import Invitation, Organisation, OutboxMessage
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


# --- Retention ------------------------------------------------------------------------------------


def purge_outbox(*, older_than: timedelta, given_up_older_than: timedelta | None = None) -> int:
    """Delete outbox messages done more than ``older_than`` ago, and given up more than ``given_up_older_than`` ago.

    A given-up message stays that long for the operators (the staff dashboard lists it, *Run
    again*), then goes as a done one does: its payload (a mail's recipients, the name it greets,
    what it says) is personal data. What went is logged, without the payloads.
    """
    now = timezone.now()
    deleted, _ = OutboxMessage.objects.filter(done_at__lt=now - older_than).delete()
    if given_up_older_than is not None:
        stale = OutboxMessage.objects.filter(done_at__isnull=True, gave_up_at__lt=now - given_up_older_than)
        gone = dict(Counter(stale.values_list("effect", flat=True)))
        if gone:
            count, _ = stale.delete()
            deleted += count
            logger.warning("outbox: deleted %s message(s) given up over %s ago: %s", count, given_up_older_than, gone)
    return deleted


@shared_task(name="portal.outbox.purge")  # its name from when it lived in portal.outbox (the beat schedule's)
def purge_outbox_task() -> int:
    """Daily: delete outbox messages done more than ``PORTAL_OUTBOX_RETENTION_DAYS`` ago, and those given up
    more than ``PORTAL_OUTBOX_GIVEN_UP_RETENTION_DAYS`` ago."""
    return purge_outbox(
        older_than=timedelta(days=settings.PORTAL_OUTBOX_RETENTION_DAYS),
        given_up_older_than=timedelta(days=settings.PORTAL_OUTBOX_GIVEN_UP_RETENTION_DAYS),
    )


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
