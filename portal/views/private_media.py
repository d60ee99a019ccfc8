"""Private files (original images, documents) for alliance staff in the Wagtail admin.

Private files have no public URL (portal/storages.py). Wagtail's admin still links an
image's original file (its image API's ``download_url``, the image edit page), so
``PrivateStorage.url`` points there: this view, which only people with admin access may
open. The public never reaches a private file by URL; members download their own files
through their apps' views, which check their own permissions.

Only the folders Wagtail's admin links (``WAGTAIL_FOLDERS``: original images, documents) are
served here to everyone with admin access. The apps' own private files (entry attachments,
hidden labels of an algorithm task, submissions…) have their own permission-checked views: by
name here they are for alliance staff only, a 404 for project managers and anyone else, so a
file name seen in a log or an export opens nothing. Folders in ``PORTAL_PRIVATE_NO_STAFF_FOLDERS``
(startups' data rooms: confidential between a startup and the investors it lets in under an NDA)
are a 404 here for everyone, staff included.
"""

import posixpath

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, SuspiciousFileOperation
from django.core.files.storage import storages
from django.http import FileResponse, Http404
from django.urls import reverse

from portal import permissions

#: Folders of the private storage that Wagtail's admin links (images' originals, documents).
WAGTAIL_FOLDERS = ("original_images/", "documents/")


def private_file(request, name: str):
    if not request.user.is_authenticated:  # as every admin URL: sign in first
        return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
    if not permissions.can_use_admin(request.user):
        raise PermissionDenied
    if posixpath.normpath(name) != name or name.startswith(("/", "../")):
        # The folder checks below read the name as written: only its one spelling is served, so that
        # "original_images/../cases/…" or "incubator//datarooms/…" cannot pass them and open the file.
        raise Http404
    if not name.startswith(WAGTAIL_FOLDERS) and not permissions.can_verify_organisations(request.user):
        raise Http404
    if name.startswith(tuple(getattr(settings, "PORTAL_PRIVATE_NO_STAFF_FOLDERS", ()))):
        raise Http404
    storage = storages["private"]
    try:
        if storage.is_public(name) or not storage.exists(name):
            raise Http404
        handle = storage.open(name, "rb")
    except (SuspiciousFileOperation, OSError, ValueError) as exc:  # traversal, unreadable
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=False, filename=name.rsplit("/", 1)[-1])
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    return response
