"""The admin's rich text editor, reading what it is sent without a server error.

Wagtail's editor (Draftail) posts its content as contentstate JSON, which Wagtail's widget turns
into the stored HTML while the form reads its data. A value that is no contentstate (a hand-made
request: ``hello``, ``{"blocks": 1}``, ``[``) made that conversion raise, a 500. ``RichTextEditor``,
the admin's editor (``WAGTAILADMIN_RICH_TEXT_EDITORS``), reads such a value as ``UnreadableContent``:
the text that was sent, escaped, in paragraphs. The form field of every rich text of the portal,
``RichTextEditorField``, refuses it with a translated error beside the field; the form is shown
again with every field as it was sent, the editor holding that text. The models declare rich text
through the portal's classes, which give them that field: ``portal.fields.RichTextField`` for a
column, ``portal.blocks.RichTextBlock`` in a StreamField (``tests/portal/test_admin_rich_text.py``
checks that no model declares Wagtail's own). A form field of another kind would store the escaped
text: never markup as it was sent.

This module loads Wagtail's admin: the model modules import it only when a form is made.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from draftjs_exporter.error import ExporterException
from wagtail.admin.rich_text import DraftailRichTextArea

#: What Wagtail's conversion of contentstate raises on JSON that is none (found by feeding it
#: thirty thousand made-up shapes): broken JSON (``ValueError``), JSON nested past Python's limit,
#: a list or a number where an object belongs, a block or range missing a key or of another
#: type, an entity range naming no entity (``ExporterException``).
UNREADABLE_ERRORS = (ValueError, RecursionError, TypeError, AttributeError, KeyError, IndexError, ExporterException)


class UnreadableContent(str):
    """What an editor's field held when it was no contentstate: the text sent, escaped, one paragraph a line."""

    @classmethod
    def of(cls, sent: str) -> UnreadableContent:
        return cls("".join(format_html("<p>{}</p>", line) for line in sent.splitlines() if line.strip()))


class RichTextEditor(DraftailRichTextArea):
    """Wagtail's editor, reading a value that is no contentstate as ``UnreadableContent`` instead of raising."""

    def value_from_datadict(self, data, files, name):
        try:
            return super().value_from_datadict(data, files, name)
        except UNREADABLE_ERRORS:
            sent = data.get(name)
            return UnreadableContent.of(sent) if sent.strip() else ""


class RichTextEditorField(forms.CharField):
    """The form field of a rich text: refuses what its editor could not read (``UnreadableContent``)."""

    default_error_messages = {
        "unreadable": _(
            "The editor's content could not be read: the page was changed or is out of date. "
            "What was sent is shown as text: check it and save again."
        ),
    }

    def to_python(self, value):
        if isinstance(value, UnreadableContent):
            raise ValidationError(self.error_messages["unreadable"], code="unreadable")
        return super().to_python(value)
