"""A file a member uploaded and only permitted people download (case attachments, entries, data rooms).

The abstract ``Attachment`` holds what every such file records; the concrete model adds its
``file`` (its own ``upload_to`` folder in the private storage, outside ``MEDIA_ROOT`` and
without a URL: a view that checks permissions serves it) and the object it belongs to.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Attachment(models.Model):
    #: The uploaded file's name, cleaned (``portal.uploads.files.safe_filename``), for the download.
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(max_length=100, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.name

    @property
    def download_name(self) -> str:
        """The name a download is saved under: the sender's (``name``, in any script), ending with the
        stored file's extension (the content decides it: a PDF is ``.pdf`` whatever it was called)."""
        stored = self.file.name.rsplit("/", 1)[-1]
        extension = stored.rsplit(".", 1)[-1] if "." in stored else ""
        name = self.name or stored
        if extension and not name.lower().endswith(f".{extension.lower()}"):
            name = f"{name}.{extension}"
        return name
