"""File storages of the portal (``STORAGES`` in settings): private unless made public on purpose.

``MEDIA_ROOT`` holds only what anyone may fetch by URL: image renditions (``images/``,
Wagtail's ``WAGTAILIMAGES_RENDITION_STORAGE`` is the ``public`` storage) and the admin's
profile pictures (``avatar_images/``). Everything else — original images, documents
(brochures, under review or not), case attachments, edition exports — is written by
``PrivateStorage`` (the ``default`` and ``private`` storages) to a folder outside
``MEDIA_ROOT`` that no URL serves; views read those files and check permissions first
(Wagtail's document serve view applies collection privacy). The URL of a private file is
the admin's own view of it (``portal.views.private_media``, for people with admin access
only): Wagtail's admin links an image's original file, and nobody else can open it.

Every storage here remembers, for the request that writes a file, that the file exists
only if the transaction writing it commits (``portal.uploads.track_written``): a form
whose service fails after storing an image, or a worker stopped by its timeout, leaves no
file behind without a row.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.urls import reverse
from django.utils.functional import cached_property

from portal import uploads

#: Folders of the default storage that are public after all: Wagtail keeps the admin's profile
#: pictures there (``UserProfile.avatar``, which has no storage of its own) and shows them by URL.
PUBLIC_FOLDERS = ("avatar_images/",)
#: Every folder of ``MEDIA_ROOT`` served at ``MEDIA_URL`` (by the proxy; by runserver in dev): renditions, avatars.
PUBLIC_MEDIA_FOLDERS = ("images/", *PUBLIC_FOLDERS)


def private_storage():
    """The ``private`` storage, as a ``FileField``'s ``storage``: files only permission-checked views serve.

    A callable, so that the field reads the storage configured when it is used (settings a test
    overrides included) and migrations name this function rather than a storage's settings.
    """
    return storages["private"]


def private_media_root() -> str:
    """``PORTAL_PRIVATE_MEDIA_ROOT``, by default ``MEDIA_ROOT`` with ``-private`` added (a sibling folder)."""
    configured = getattr(settings, "PORTAL_PRIVATE_MEDIA_ROOT", None)
    if configured:
        return str(configured)
    media_root = Path(settings.MEDIA_ROOT)
    return str(media_root.with_name(media_root.name + "-private"))


class TrackedWritesMixin:
    """Hands every file written to ``portal.uploads``, which deletes it when its transaction rolls back."""

    def _save(self, name, content):
        name = super()._save(name, content)
        uploads.track_written(self, name)
        return name


class MediaStorage(TrackedWritesMixin, FileSystemStorage):
    """Public files: under ``MEDIA_ROOT``, at ``MEDIA_URL`` (the ``public`` storage)."""


class PrivateStorage(TrackedWritesMixin, FileSystemStorage):
    """Files no URL serves, under ``private_media_root()`` (the ``default`` and ``private`` storages)."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, private_media_root())

    @cached_property
    def public(self) -> MediaStorage:
        return MediaStorage()

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting in ("PORTAL_PRIVATE_MEDIA_ROOT", "MEDIA_ROOT"):
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    @staticmethod
    def is_public(name: str) -> bool:
        return str(name).replace("\\", "/").startswith(PUBLIC_FOLDERS)

    def _save(self, name, content):
        if self.is_public(name):
            return self.public._save(name, content)
        return super()._save(name, content)

    def path(self, name):
        # Every other file operation of FileSystemStorage goes through path().
        return self.public.path(name) if self.is_public(name) else super().path(name)

    def url(self, name):
        if self.is_public(name):
            return self.public.url(name)
        return reverse("private_media", kwargs={"name": str(name).replace("\\", "/")})
