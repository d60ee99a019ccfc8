"""Data rooms: a startup's confidential documents, the investors it lets in, the NDA they accept, the log.

A document is visible to an investor only while its ``DataRoomAccess`` is approved **and** the
NDA's current version has been accepted on it (``incubator.datarooms.permissions.may_read_data_room``).
Files live in the private storage and are served only by the permission-checked view, which
writes a ``DocumentAccessLog`` row for every view or download.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incubator.vocabulary import AccessStatus, DocumentAction, DocumentKind
from portal.fields import who
from portal.i18n import TranslatedField
from portal.idempotency import token_field, unique_token
from portal.review.state import ReviewState
from portal.storages import private_storage
from portal.uploads.attachments import Attachment


class NdaVersion(models.Model):
    """A version of the alliance's non-disclosure agreement; the newest published one applies."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    text_zh = models.TextField(_("text (Chinese)"))
    text_en = models.TextField(_("text (English)"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    text = TranslatedField("text_zh", "text_en")

    class Meta:
        verbose_name = _("NDA version")
        verbose_name_plural = _("NDA versions")
        ordering = ["-version"]

    def __str__(self):
        return _("NDA version %(version)s") % {"version": self.version}

    @classmethod
    def current(cls) -> NdaVersion | None:
        """The version that applies now: the highest published one (``None`` before any is published)."""
        return cls.objects.filter(published_at__lte=timezone.now()).order_by("-version").first()


def document_path(instance, filename: str) -> str:
    return f"incubator/datarooms/{uuid.uuid4().hex}/{filename.rsplit('/', 1)[-1]}"


class DataRoomDocument(Attachment):
    startup = models.ForeignKey(
        "portal.Organisation", verbose_name=_("startup"), on_delete=models.CASCADE, related_name="data_room_documents"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=DocumentKind.choices, default=DocumentKind.OTHER)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=document_path, storage=private_storage, max_length=300)
    #: The uploaded file's name, cleaned (``portal.uploads.files.safe_filename``), for the download.
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0, editable=False)
    #: The upload form's one-time token (``portal.idempotency``): the same form sent twice stores one document.
    creation_token = token_field()

    class Meta:
        verbose_name = _("data-room document")
        verbose_name_plural = _("data-room documents")
        ordering = ["kind", "title", "pk"]
        constraints = [unique_token("startup", name="incubator_data_room_document_unique_creation_token")]

    def __str__(self):
        return self.title


class DataRoomAccess(models.Model):
    """An investor's access to a startup's data room: requested → approved (or declined) → revoked."""

    startup = models.ForeignKey(
        "portal.Organisation", verbose_name=_("startup"), on_delete=models.CASCADE, related_name="data_room_grants"
    )
    investor = models.ForeignKey(
        "portal.Organisation", verbose_name=_("investor"), on_delete=models.CASCADE, related_name="data_room_access"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=AccessStatus.choices, default=AccessStatus.REQUESTED, db_index=True
    )
    message = models.TextField(_("why the investor asks"), max_length=2000, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = who(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note"), blank=True)
    nda_version = models.ForeignKey(
        NdaVersion, verbose_name=_("NDA accepted"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    nda_accepted_at = models.DateTimeField(_("NDA accepted at"), null=True, blank=True)
    nda_accepted_by = who(_("NDA accepted by"))
    nda_ip = models.GenericIPAddressField(_("NDA accepted from IP address"), null=True, blank=True)

    #: The startup's decision (``incubator.datarooms.services.decide``); its e-mail names it by
    #: ``decided_at``, so of one decision taken twice while the first mail waits only the latest goes out.
    review = ReviewState(status="status", note="decision_note", decided_at="decided_at", decided_by="decided_by")

    class Meta:
        verbose_name = _("data-room access")
        verbose_name_plural = _("data-room access")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["startup", "investor"], name="incubator_unique_data_room_access")
        ]

    def __str__(self):
        return f"{self.investor} → {self.startup}"


class DocumentAccessLog(models.Model):
    """One view or download of a data-room document (the startup reads these)."""

    document = models.ForeignKey(
        DataRoomDocument, on_delete=models.CASCADE, related_name="access_log", verbose_name=_("document")
    )
    access = models.ForeignKey(
        DataRoomAccess, null=True, on_delete=models.SET_NULL, related_name="log", verbose_name=_("data-room access")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("user")
    )
    action = models.CharField(_("action"), max_length=16, choices=DocumentAction.choices)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("document access")
        verbose_name_plural = _("document access log")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} · {self.document}"
