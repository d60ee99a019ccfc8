"""Writes of the data rooms: keyword-only, one transaction each, the permission checked inside,
a translated ``DataRoomError`` for what a rule refuses, e-mails through the outbox, every
decision, NDA acceptance and document access in Wagtail's log (``incubator.datarooms.audit``).

The life of an access (one row per startup and investor organisation)::

    request_access ─▶ requested ─approve─▶ approved ─revoke─▶ revoked
                          │                  ▲   (accept_nda: the current NDA version)
                          └──decline──▶ declined ─approve─┘
    declined / revoked ─request_access─▶ requested again (the earlier NDA acceptance is cleared)

Documents become visible only on an approved access whose accepted NDA is the current published
version (``permissions.may_read_data_room``): a newer version closes every room until it is
accepted again; revocation closes it at the investor's next request.
"""

from __future__ import annotations

import ipaddress

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from incubator.datarooms import audit, emails, permissions, queries
from incubator.models import DataRoomAccess, DataRoomDocument, DocumentAccessLog, NdaVersion
from incubator.vocabulary import AccessStatus, DocumentAction, DocumentKind
from portal import outbox
from portal.idempotency import save_once
from portal.review.errors import ServiceError
from portal.uploads import CleanPDF, clean_pdf

#: How many documents one startup's room holds at most.
MAX_DOCUMENTS = 50


class DataRoomError(ServiceError):
    """A data-room rule refused the action (``str()``: the translated reason)."""


def _state(access: DataRoomAccess) -> dict:
    return {
        "status": access.status,
        "nda_version": access.nda_version.version if access.nda_version_id else None,
    }


def _lock(access: DataRoomAccess) -> DataRoomAccess:
    return DataRoomAccess.objects.select_for_update().select_related("startup", "investor").get(pk=access.pk)


def clean_ip(value) -> str | None:
    """A valid IP address, or ``None`` (never store what a header made up)."""
    try:
        return str(ipaddress.ip_address(str(value or "").strip()))
    except ValueError:
        return None


# --- documents --------------------------------------------------------------------------------


@transaction.atomic
def upload_document(
    *, actor, startup, title: str, upload, kind: str = DocumentKind.OTHER, creation_token=None
) -> DataRoomDocument:
    """Store a PDF in ``startup``'s room (private storage). The same form sent twice stores it once.

    ``upload`` is a ``CleanPDF`` (the form's ``SafePDFField``) or an uploaded file, judged here by
    its content (``portal.uploads.clean_pdf``: a PDF without scripts, actions, attachments or
    anything appended, within the size and page limits), never by its name.
    """
    if not permissions.may_manage_data_room(actor, startup):
        raise PermissionDenied
    if not startup.is_verified:
        raise DataRoomError(_("Documents can be uploaded once the alliance has verified your startup."))
    if creation_token is not None:
        earlier = DataRoomDocument.objects.filter(startup=startup, creation_token=creation_token).first()
        if earlier is not None:
            return earlier  # the same form sent again: already stored
    if kind not in DocumentKind.values:
        raise DataRoomError(_("Choose what kind of document this is."), field="kind")
    title = (title or "").strip()
    if not title:
        raise DataRoomError(_("Give the document a title."), field="title")
    if DataRoomDocument.objects.filter(startup=startup).count() >= MAX_DOCUMENTS:
        raise DataRoomError(
            _("A data room holds up to %(limit)s documents. Delete one before uploading another.")
            % {"limit": MAX_DOCUMENTS},
            field="file",
        )
    if not isinstance(upload, CleanPDF):
        try:
            upload = clean_pdf(upload)
        except ValidationError as exc:
            raise DataRoomError(" ".join(exc.messages), field="file") from exc
    document = DataRoomDocument(
        startup=startup,
        kind=kind,
        title=title[:200],
        file=upload.file,
        name=upload.file.name,
        content_type="application/pdf",
        size=upload.file.size,
        uploaded_by=actor,
        creation_token=creation_token,
    )
    document, created = save_once(document, among=DataRoomDocument.objects.filter(startup=startup))
    if created:
        audit.record(
            actor=actor,
            target=document,
            action=audit.UPLOADED,
            before={},
            after={"title": document.title, "kind": document.kind, "size": document.size, "name": document.name},
            startup=startup.pk,
        )
    return document


@transaction.atomic
def delete_document(*, actor, document: DataRoomDocument) -> None:
    """Delete a document and, after the commit, its file. Its views stay in Wagtail's log.

    Deleting it twice at once (a double click, two colleagues) deletes it once: the second finds it
    gone once the first commits, and that is done.
    """
    document = DataRoomDocument.objects.select_for_update().select_related("startup").filter(pk=document.pk).first()
    if document is None:
        return
    if not permissions.may_manage_data_room(actor, document.startup):
        raise PermissionDenied
    audit.record(
        actor=actor,
        target=document,
        action=audit.DELETED,
        before={"title": document.title, "kind": document.kind, "name": document.name},
        after={},
        startup=document.startup_id,
    )
    storage, name = document.file.storage, document.file.name
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))


# --- access: the investor asks, the startup decides ------------------------------------------


@transaction.atomic
def request_access(*, actor, investor, startup, message: str = "") -> DataRoomAccess:
    """Ask, in ``investor``'s name, to enter ``startup``'s room. Asking again changes nothing while
    the request waits or is approved; after a refusal or a revocation it asks again."""
    if not permissions.may_request_access(actor, investor=investor, startup=startup):
        raise DataRoomError(
            _("Only members of a verified investor organisation can ask for access to a verified startup's data room.")
        )
    message = (message or "").strip()[:2000]
    access = DataRoomAccess.objects.select_for_update().filter(startup=startup, investor=investor).first()
    if access is None:
        try:
            with transaction.atomic():
                access = DataRoomAccess.objects.create(
                    startup=startup, investor=investor, message=message, requested_by=actor
                )
        except IntegrityError:  # a copy of this request won the race: that one stands
            return DataRoomAccess.objects.get(startup=startup, investor=investor)
        before = {}
    elif access.status in queries.open_statuses():
        return access
    else:
        before = _state(access)
        access.status = AccessStatus.REQUESTED
        access.message, access.requested_by, access.requested_at = message, actor, timezone.now()
        access.decided_by = access.decided_at = None
        access.decision_note = ""
        # A new request is a new agreement: the NDA is accepted again once approved.
        access.nda_version = access.nda_accepted_at = access.nda_accepted_by = access.nda_ip = None
        access.save()
    audit.record(actor=actor, target=access, action=audit.REQUESTED, before=before, after=_state(access), note=message)
    outbox.schedule(emails.REQUESTED_EFFECT, {"access_id": access.pk})
    return access


#: decision → (the statuses it applies to, the status it sets, its log action)
_DECISIONS = {
    "approve": ((AccessStatus.REQUESTED, AccessStatus.DECLINED), AccessStatus.APPROVED, audit.APPROVED),
    "decline": ((AccessStatus.REQUESTED,), AccessStatus.DECLINED, audit.DECLINED),
    "revoke": ((AccessStatus.APPROVED,), AccessStatus.REVOKED, audit.REVOKED),
}


def _refusal(decision: str, access: DataRoomAccess) -> DataRoomError:
    messages = {
        "approve": _("This request cannot be approved: it is “%(status)s”."),
        "decline": _("This request cannot be declined: it is “%(status)s”."),
        "revoke": _("This access cannot be revoked: it is “%(status)s”."),
    }
    return DataRoomError(messages[decision] % {"status": access.get_status_display()})


@transaction.atomic
def decide(*, actor, access: DataRoomAccess, decision: str, note: str = "") -> DataRoomAccess:
    """The startup's decision on an access: ``approve``, ``decline`` or ``revoke`` (effective at once).

    Taking the same decision twice changes nothing (and sends nothing).
    """
    if decision not in _DECISIONS:
        raise ValueError(decision)
    access = _lock(access)
    if not permissions.may_manage_data_room(actor, access.startup):
        raise PermissionDenied
    applies_to, status, action = _DECISIONS[decision]
    if access.status == status:
        return access
    if access.status not in applies_to:
        raise _refusal(decision, access)
    before = _state(access)
    access.status = status
    access.decided_by, access.decided_at = actor, timezone.now()
    access.decision_note = (note or "").strip()[:2000]
    access.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit.record(actor=actor, target=access, action=action, before=before, after=_state(access), note=note)
    emails.DECISION_NOTICE.schedule(access, status)
    return access


def approve(*, actor, access, note: str = "") -> DataRoomAccess:
    return decide(actor=actor, access=access, decision="approve", note=note)


def decline(*, actor, access, note: str = "") -> DataRoomAccess:
    return decide(actor=actor, access=access, decision="decline", note=note)


def revoke(*, actor, access, note: str = "") -> DataRoomAccess:
    return decide(actor=actor, access=access, decision="revoke", note=note)


# --- the NDA ---------------------------------------------------------------------------------


@transaction.atomic
def accept_nda(*, actor, access: DataRoomAccess, nda_version: NdaVersion | None = None, ip=None) -> DataRoomAccess:
    """Accept the NDA's current version on ``access`` in the investor's name: the version, the time,
    who and from which IP address are recorded, and the room opens.

    ``nda_version`` is the version the investor read (the form carries it): when a newer one was
    published meanwhile, the acceptance is refused and the page shows the new text.
    """
    access = _lock(access)
    if not permissions.is_investor_member(actor, access.investor):
        raise PermissionDenied
    if access.status != AccessStatus.APPROVED:
        raise DataRoomError(_("The startup has not approved this access, so there is no NDA to accept."))
    current = queries.current_nda()
    if current is None:
        raise DataRoomError(_("No NDA is published yet, so the data room cannot open. Please try again later."))
    if nda_version is not None and nda_version.pk != current.pk:
        raise DataRoomError(_("A newer version of the NDA was published while you were reading. Read it, then accept."))
    if access.nda_version_id == current.pk:
        return access
    before = _state(access)
    access.nda_version, access.nda_accepted_at = current, timezone.now()
    access.nda_accepted_by, access.nda_ip = actor, clean_ip(ip)
    access.save(update_fields=["nda_version", "nda_accepted_at", "nda_accepted_by", "nda_ip"])
    audit.record(
        actor=actor,
        target=access,
        action=audit.NDA_ACCEPTED,
        before=before,
        after=_state(access),
        ip=access.nda_ip,
        accepted_at=access.nda_accepted_at,
    )
    return access


# --- the access log ------------------------------------------------------------------------


@transaction.atomic
def log_access(
    *, actor, document: DataRoomDocument, access: DataRoomAccess | None, action: str, ip=None
) -> DocumentAccessLog:
    """Record that ``actor`` viewed or downloaded ``document`` (before the file is served).

    Through an ``access`` (an investor), only while the room is open to them: decided on the access
    read again under its row lock, so a revocation committed since the caller looked it up refuses
    the file. Without one, only for the startup's own members. Written both to the startup's access
    log and to Wagtail's log.
    """
    if action not in DocumentAction.values:
        raise ValueError(action)
    if access is None:
        allowed = permissions.may_manage_data_room(actor, document.startup)
    else:
        access = _lock(access)
        allowed = access.startup_id == document.startup_id and permissions.may_read_data_room(actor, access)
    if not allowed:
        raise PermissionDenied
    entry = DocumentAccessLog.objects.create(
        document=document, access=access, user=actor, action=action, ip=clean_ip(ip)
    )
    audit.record(
        actor=actor,
        target=document,
        action=audit.VIEWED if action == DocumentAction.VIEW else audit.DOWNLOADED,
        before={},
        after={},
        access=access.pk if access else None,
        investor=access.investor_id if access else None,
        ip=entry.ip,
    )
    return entry
