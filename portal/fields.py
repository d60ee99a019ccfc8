"""Model fields the apps declare the same way.

A module of its own, outside the ``portal.models`` package, so that the organisations' models
(which that package imports) can use it too.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from wagtail import fields


def optional_link(to, verbose_name=None, *, related_name: str = "+", one_to_one: bool = False, **options):
    """A link a record may have or not: empty in forms, and emptied when what it points to is deleted.

    ``related_name`` is ``"+"`` (no reverse accessor) unless the other side reads it; ``one_to_one``
    makes it a ``OneToOneField`` (at most one record links to each target).
    """
    field = models.OneToOneField if one_to_one else models.ForeignKey
    return field(
        to,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
        **options,
    )


def optional_image(verbose_name) -> models.ForeignKey:
    """A Wagtail image a record may show (a page's listing or hero picture); kept as empty when the image is deleted."""
    return optional_link("wagtailimages.Image", verbose_name)


def who(verbose_name, *, editable: bool = True) -> models.ForeignKey:
    """The account that did something to a record (reviewed it, decided, attested, answered).

    Optional, without a reverse accessor, and kept as empty when the account is deleted: the
    record and its history stay.
    """
    return optional_link(settings.AUTH_USER_MODEL, verbose_name, editable=editable)


class RichTextField(fields.RichTextField):
    """Wagtail's rich text column, its form field the portal's (``portal.rich_text_editor.RichTextEditorField``):
    a value its editor cannot read is a translated error beside the field, not a server error.

    Migrations name Wagtail's class: the column is the same, only the form field differs.
    """

    def formfield(self, **kwargs):
        # Imported when a form is made: portal.rich_text_editor imports Wagtail's admin, which the models
        # that import this module must not load (as Wagtail's own RichTextField defers it).
        from portal.rich_text_editor import RichTextEditorField

        return super().formfield(**{"form_class": RichTextEditorField, **kwargs})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "wagtail.fields.RichTextField", args, kwargs
