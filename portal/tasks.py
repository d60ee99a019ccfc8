"""Celery tasks of the site core. Thin: load the objects, call ``portal.emails``.

Tasks are enqueued by ``portal.services`` with ``transaction.on_commit``, so they
never see uncommitted rows. Tasks are acknowledged late (settings), so they may run
twice after a worker crash: each one tolerates that (an invitation that was revoked
or accepted meanwhile is not e-mailed).
"""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

from celery import shared_task
from django.db.models import Q
from django.utils import timezone

from portal import emails

logger = logging.getLogger(__name__)

#: Transient delivery failures worth retrying: the SMTP server or the network.
MAIL_RETRY = {
    "autoretry_for": (smtplib.SMTPException, ConnectionError, TimeoutError),
    "retry_backoff": 30,
    "retry_backoff_max": 60 * 30,
    "retry_jitter": True,
    "max_retries": 8,
}

#: Invitations that ended (expired or revoked) more than this long ago are deleted.
INVITATION_RETENTION = timedelta(days=30)


@shared_task(**MAIL_RETRY)
def send_invitation_email(invitation_id: int, language: str) -> None:
    from portal.models import Invitation

    invitation = Invitation.objects.select_related("organisation", "invited_by").filter(pk=invitation_id).first()
    if invitation is None or not invitation.is_pending:
        logger.info("invitation %s is no longer pending; not e-mailed", invitation_id)
        return
    emails.send_invitation(invitation, language=language)


@shared_task(**MAIL_RETRY)
def send_verification_decision_email(organisation_id: int, status: str, note: str = "") -> None:
    from portal.models import Organisation

    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return
    emails.send_verification_decision(organisation, status=status, note=note)


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
