"""File storages of the portal (``STORAGES`` in settings).

Every storage here remembers, for the request that writes a file, that the file exists
only if the transaction writing it commits (``portal.uploads.track_written``): a form
whose service fails after storing an image, or a worker stopped by its timeout, leaves no
file behind without a row.
"""

from __future__ import annotations

from django.core.files.storage import FileSystemStorage

from portal import uploads


class TrackedWritesMixin:
    """Hands every file written to ``portal.uploads``, which deletes it when its transaction rolls back."""

    def _save(self, name, content):
        name = super()._save(name, content)
        uploads.track_written(self, name)
        return name


class MediaStorage(TrackedWritesMixin, FileSystemStorage):
    """Files under ``MEDIA_ROOT``."""
