"""Wagtail's rich text in the portal: the editor's input read without a server error, and links to pages.

**The editor's input.** Wagtail's editor (Draftail) posts its content as contentstate JSON, which
Wagtail's widget turns into the stored HTML while the form reads its data. A value that is no
contentstate (a hand-made request: ``hello``, ``{"blocks": 1}``, ``[``) made that conversion raise,
a 500. ``RichTextEditor``, the admin's editor (``WAGTAILADMIN_RICH_TEXT_EDITORS``), reads such a
value as ``UnreadableContent``: the text that was sent, escaped, in paragraphs. The form field of
every rich text of the portal, ``RichTextEditorField``, refuses it with a translated error beside
the field; the form is shown again with every field as it was sent, the editor holding that text.
The models declare rich text through the portal's classes, which give them that field:
``portal.fields.RichTextField`` for a column, ``portal.blocks.RichTextBlock`` in a StreamField
(``tests/portal/test_admin_rich_text.py`` checks that no model declares Wagtail's own). A form field
of another kind would store the escaped text: never markup as it was sent.

**Links to pages** in rich text are resolved in one query.

Wagtail's handler fetches the linked pages as their specific types (the content types, then
one query per type) and then each page's translation in the visitor's language
(``page.localized``: the active ``Locale``, then the translation): three queries or more for
one paragraph with links, which the first visitor after a publish pays on every page whose
body links elsewhere. A link needs only a URL, which the base ``Page`` row gives (no page
type of the portal changes how its URL is made), so the linked pages and their live
translations in the active language are read together, in one query.

The markup is Wagtail's: ``<a href="…">`` to the page's live translation in the active
language, else to the page itself (live or not, as Wagtail links it), ``<a>`` for a page
that no longer exists.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import translation
from django.utils.html import escape, format_html
from django.utils.translation import gettext_lazy as _
from draftjs_exporter.error import ExporterException
from wagtail.admin.rich_text import DraftailRichTextArea
from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler as WagtailPageLinkHandler

from portal.navigation import content_language

# --- the editor's input ----------------------------------------------------------------------

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


# --- links to pages --------------------------------------------------------------------------


class PageLinkHandler(WagtailPageLinkHandler):
    @classmethod
    def get_many(cls, attrs_list: list[dict]) -> list[Page | None]:
        """The linked pages in the active language (``page.localized``), ``None`` where one is gone."""
        ids = {str(attrs.get("id")) for attrs in attrs_list if str(attrs.get("id", "")).isdigit()}
        language = content_language(translation.get_language())
        chosen, localized = {}, {}
        if ids:
            rows = Page.objects.filter(
                Q(pk__in=ids)
                | Q(
                    live=True,
                    locale__language_code=language,
                    translation_key__in=Page.objects.filter(pk__in=ids).values("translation_key"),
                )
            ).select_related("locale")
            for row in rows:
                if str(row.pk) in ids:
                    chosen[str(row.pk)] = row
                if row.live and row.locale.language_code == language:
                    localized[row.translation_key] = row
        pages = []
        for attrs in attrs_list:
            page = chosen.get(str(attrs.get("id")))
            pages.append(None if page is None else localized.get(page.translation_key, page))
        return pages

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        return [f'<a href="{escape(page.url)}">' if page else "<a>" for page in cls.get_many(attrs_list)]


def register_link_type(features) -> None:
    """``register_rich_text_features`` hook, run after Wagtail's own (which registers its handler)."""
    features.register_link_type(PageLinkHandler)
