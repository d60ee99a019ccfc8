"""Model fields the apps declare the same way."""

from __future__ import annotations

from django.conf import settings
from django.db import models


def optional_image(verbose_name) -> models.ForeignKey:
    """A Wagtail image a record may show (a page's listing or hero picture); kept as empty when the image is deleted."""
    return models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


def who(verbose_name, *, editable: bool = True) -> models.ForeignKey:
    """The account that did something to a record (reviewed it, decided, attested, answered).

    Optional, without a reverse accessor, and kept as empty when the account is deleted: the
    record and its history stay.
    """
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=editable,
    )
