"""One request's upload scope: its work budget (files, decoded pixels) and the files it wrote to storage."""

from __future__ import annotations

import contextlib
import contextvars
import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from portal.uploads.limits import request_max_files, request_max_pixels

logger = logging.getLogger(__name__)


# --- the request's scope: its work budget and the files it wrote ------------------------


@dataclass
class _Written:
    storage: object
    name: str
    committed: bool = False

    def commit(self) -> None:
        self.committed = True


@dataclass
class UploadScope:
    """What one request has validated so far (files, decoded pixels) and the files it wrote to storage."""

    files: int = 0
    pixels: int = 0
    written: list[_Written] = field(default_factory=list)

    def charge_file(self) -> None:
        self.files += 1
        limit = request_max_files()
        if self.files > limit:
            raise ValidationError(
                _(
                    "This form carries more files than can be checked at once (up to %(limit)s). "
                    "Save it with fewer files, then add the others."
                ),
                code="request_files",
                params={"limit": limit},
            )

    def charge_pixels(self, pixels: int) -> None:
        limit = request_max_pixels()
        if self.pixels + pixels > limit:
            raise ValidationError(
                _(
                    "The images of this form are too large together to be processed at once "
                    "(%(limit)s megapixels). Save it with fewer or smaller images, then add the others."
                ),
                code="request_pixels",
                params={"limit": f"{limit / 1_000_000:g}"},
            )
        self.pixels += pixels

    def discard_uncommitted(self) -> list[str]:
        """Delete the files written in a transaction that rolled back; return their names.

        A file whose ``on_commit`` callback still waits for an outer transaction (a test's)
        is kept: its transaction has not decided yet.
        """
        # Django's queue of callbacks for the commit that has not happened yet: (savepoints, callback, robust).
        waiting = {id(getattr(callback, "__self__", None)) for _sids, callback, *_rest in connection.run_on_commit}
        discarded = []
        for written in self.written:
            if written.committed or id(written) in waiting:
                continue
            try:
                written.storage.delete(written.name)
            except OSError:
                logger.exception("could not delete %s, written by a request that did not commit", written.name)
                continue
            discarded.append(written.name)
        if discarded:
            logger.info("deleted %s file(s) written by a request that did not commit: %s", len(discarded), discarded)
        return discarded


_scope: contextvars.ContextVar[UploadScope | None] = contextvars.ContextVar("upload_scope", default=None)


def current_scope() -> UploadScope | None:
    return _scope.get()


@contextlib.contextmanager
def upload_scope():
    """One request's (or task's) ``UploadScope``: limits its work; on leaving, deletes what it wrote uncommitted."""
    scope = UploadScope()
    token = _scope.set(scope)
    try:
        yield scope
    finally:
        _scope.reset(token)
        scope.discard_uncommitted()


def track_written(storage, name: str) -> None:
    """Remember that ``name`` was written to ``storage``, to delete it if its transaction does not commit.

    Outside a request nothing is tracked (the daily purge of ``catalog.media_cleanup``
    finds such files); outside a transaction the file counts as committed at once.
    """
    scope = _scope.get()
    if scope is None:
        return
    written = _Written(storage=storage, name=name)
    scope.written.append(written)
    # Run at once outside a transaction; dropped by Django if the transaction (or savepoint) rolls back.
    transaction.on_commit(written.commit)
