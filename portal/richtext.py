"""Sanitised rich text that members write on the front end (e.g. a product's description).

Members are not Wagtail editors: their text reaches the public site, so only a small,
fixed subset of HTML survives (``ALLOWED_TAGS``; links to http, https and mailto only,
opened with ``rel="noopener noreferrer nofollow"``). The sanitiser is nh3 (ammonia,
an HTML5 parser), never a regular expression.

- ``clean`` is what forms store: sanitised HTML. Text without any allowed tag is plain
  text (a member without JavaScript types into the bare textarea, and legacy values are
  plain): it is escaped and split into paragraphs on blank lines, so ``<script>`` typed as
  text is shown as text, not dropped.
- ``render`` is what templates show (the ``rich_text`` filter): it cleans again, so a value
  stored by any other path (the admin, an import, a revision from before sanitising) is
  just as safe.
- ``to_text`` is for plain-text outputs: search indexing, exports, e-mails, diffs.
"""

from __future__ import annotations

import html
import json
import re

import nh3
from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

ALLOWED_TAGS = frozenset({"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h3", "blockquote"})
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"
#: Markup may be this many times longer than the text limit before it is refused unread.
MARKUP_FACTOR = 10

_ALLOWED_TAG = re.compile(r"</?(?:{})\b[^>]*>".format("|".join(sorted(ALLOWED_TAGS))), re.IGNORECASE)
_EMPTY_BLOCK = re.compile(r"<(p|h3|li|blockquote)>(?:\s|&nbsp;|<br>)*</\1>")
_BLOCK_END = re.compile(r"<br>|</(?:p|li|h3|blockquote)>")
_LIST_ITEM = re.compile(r"<li>")
_TAG = re.compile(r"<[^>]+>")
_PRESENTATIONAL = re.compile(r"<(/?)(b|i)>")
_SEMANTIC = {"b": "strong", "i": "em"}
_BLANK_LINES = re.compile(r"\n{3,}")


def is_html(value: str) -> bool:
    """Whether ``value`` uses any of the allowed tags (otherwise it is plain text)."""
    return bool(_ALLOWED_TAG.search(value or ""))


def _paragraphs(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]
    return "".join("<p>{}</p>".format(escape(block).replace("\n", "<br>")) for block in blocks)


def clean(value: str | None) -> str:
    """Sanitised HTML for ``value`` (HTML or plain text); ``""`` when nothing visible is left."""
    value = (value or "").strip()
    if not value:
        return ""
    if not is_html(value):
        return _paragraphs(value)
    cleaned = nh3.clean(
        value,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )
    # Browsers' editors write <b>/<i>: store one spelling (nh3 left them without attributes).
    cleaned = _PRESENTATIONAL.sub(lambda match: f"<{match.group(1)}{_SEMANTIC[match.group(2)]}>", cleaned)
    cleaned = _EMPTY_BLOCK.sub("", cleaned).strip()
    return cleaned if to_text(cleaned, clean_first=False) else ""


def render(value: str | None) -> SafeString:
    return mark_safe(clean(value))  # noqa: S308 - nh3 output, allow-list above


def to_text(value: str | None, *, clean_first: bool = True) -> str:
    """The text of ``value`` with paragraphs and list items on their own lines."""
    markup = clean(value) if clean_first else (value or "")
    markup = _LIST_ITEM.sub("<li>• ", markup)
    text = html.unescape(_TAG.sub("", _BLOCK_END.sub("\n", markup)))
    return _BLANK_LINES.sub("\n\n", text.replace("\xa0", " ")).strip()


# --- forms -----------------------------------------------------------------------------


class RichTextarea(forms.Textarea):
    """A textarea that ``static/js/richtext.js`` turns into a small editor (plain textarea without JS)."""

    #: The toolbar's button labels, translated here so the script carries no text of its own.
    LABELS = {
        "toolbar": _("Formatting"),
        "bold": _("Bold"),
        "italic": _("Italic"),
        "bulleted": _("Bulleted list"),
        "numbered": _("Numbered list"),
        "link": _("Link"),
        "unlink": _("Remove link"),
        "link_prompt": _("Web address (https://…)"),
    }

    def __init__(self, attrs=None):
        super().__init__({"rows": 10, **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-rich-text"] = json.dumps(
            {key: str(label) for key, label in self.LABELS.items()}, ensure_ascii=False
        )
        return context


class RichTextFormField(forms.CharField):
    """Rich text in, sanitised HTML out; ``max_length`` counts the visible text, not the markup."""

    widget = RichTextarea
    default_help_text = _(
        "Paragraphs, bold, italics, lists and links are kept; other formatting is removed. "
        "Without the editor, type plain text and leave a blank line between paragraphs."
    )

    def __init__(self, *, max_length=None, **kwargs):
        self.max_text_length = max_length
        kwargs.setdefault("help_text", self.default_help_text)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        # What the textarea shows (and the editor loads as HTML) is always sanitised: the stored
        # value (legacy plain text becomes paragraphs) or, on a form shown again, the input.
        return clean(value) if isinstance(value, str) else value

    def clean(self, value):
        if value and self.max_text_length is not None and len(value) > self.max_text_length * MARKUP_FACTOR:
            raise ValidationError(_("This text is too long."), code="max_length")
        value = clean(super().clean(value))
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        if self.max_text_length is not None:
            length = len(to_text(value, clean_first=False))
            if length > self.max_text_length:
                raise ValidationError(
                    _("Keep the text under %(limit)s characters (it has %(length)s)."),
                    code="max_length",
                    params={"limit": self.max_text_length, "length": length},
                )
        return value
