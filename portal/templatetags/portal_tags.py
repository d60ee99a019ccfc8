"""Template tags for the site chrome: navigation, language switching, breadcrumbs.

Thin: the reads are ``portal.navigation``'s (a fixed number of queries per page, memoised on
the request, remembered under the public cache's ``pages`` tag); the tags pick the request and
the current page out of the context and shape the result for their template.
"""

from __future__ import annotations

import re
from datetime import datetime
from html import unescape

from django import template
from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext
from wagtail.models import Page

from portal import navigation, page_links, public_cache, richtext, timing
from portal.i18n import (
    Marked,
    before_full_stop,
    chinese_runs,
    is_english,
    join_words,
    list_comma,
    one_side,
    other_language,
    words_of,
    written,
)

register = template.Library()


def _request(context):
    return context.get("request")


def _current_page(context):
    page = context.get("page")
    return page if isinstance(page, Page) and page.pk else None


def bcp47(code: str) -> str:
    """Django's ``zh-hans`` as the BCP 47 tag browsers and search engines expect (``zh-Hans``)."""
    parts = code.split("-")
    return "-".join([parts[0]] + [p.title() if len(p) == 4 else p.upper() for p in parts[1:]])


# --- Link previews -------------------------------------------------------------

#: Open Graph's locale for each language of the site.
OG_LOCALES = {"zh-hans": "zh_CN", "en": "en_US"}


@register.simple_tag(takes_context=True)
def social_meta(context, title="", description="", image="", kind="website"):
    """Open Graph tags, for the link previews of Feishu, DingTalk, WeChat or LinkedIn when a page is shared.

    ``image``: the URL of a rendition the page shows anyway (no rendition of its own to look up).
    Nothing without a ``title``.
    """
    request = _request(context)
    if request is None or not title:
        return ""
    rows = [
        ("og:site_name", gettext("Shanghai BCI Industry Alliance")),
        ("og:locale", OG_LOCALES.get(translation.get_language(), OG_LOCALES[settings.LANGUAGE_CODE])),
        ("og:type", kind),
        ("og:title", strip_tags(str(title))),
        ("og:url", request.build_absolute_uri(request.path)),
    ]
    if description:
        rows.append(("og:description", Truncator(strip_tags(str(description))).chars(200)))
    if image:
        rows.append(("og:image", request.build_absolute_uri(image)))
    return format_html_join("\n        ", '<meta property="{}" content="{}">', rows)


# --- Language switcher ---------------------------------------------------------


@register.inclusion_tag("components/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to the same page in every language (a translated Wagtail page when one exists)."""
    links = navigation.language_links(_request(context), _current_page(context))
    return {"links": [dict(link, hreflang=bcp47(link["code"])) for link in links]}


@register.simple_tag(takes_context=True)
def alternate_language_links(context):
    """``<link rel="alternate" hreflang>`` for every language the current page really exists in."""
    request = _request(context)
    if request is None:
        return ""
    links = [link for link in navigation.language_links(request, _current_page(context)) if link["exact"]]
    if len(links) < 2:
        return ""
    rows = [(bcp47(link["code"]), request.build_absolute_uri(link["url"])) for link in links]
    default = next((link for link in links if link["code"] == settings.LANGUAGE_CODE), None)
    if default is not None:
        rows.append(("x-default", request.build_absolute_uri(default["url"])))
    return format_html_join("\n", '<link rel="alternate" hreflang="{}" href="{}">', rows)


# --- Menu and breadcrumbs ----------------------------------------------------------


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context):
    """Home plus the home page's live children that are marked "show in menus"."""
    return {"items": navigation.menu_items(_request(context), _current_page(context))}


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, *trail):
    """A breadcrumb trail, always starting at the home page.

    ``{% breadcrumbs %}`` on a Wagtail page follows its ancestors (no extra
    query). Other views pass alternating titles and URLs, the last title
    without a URL being the current page::

        {% breadcrumbs _("My dashboard") dashboard_url organisation.name %}
    """
    return {"items": navigation.breadcrumb_items(_request(context), _current_page(context), trail)}


# --- Page helpers ----------------------------------------------------------------


@register.simple_tag(takes_context=True)
def section_links(context, sections):
    """A HomePage's ``sections`` stream as dicts with a URL in the active language (one query)."""
    return page_links.section_links(_request(context), sections)


@register.simple_tag(takes_context=True)
def list_link(context, page):
    """The list a standard page introduces (``{"title", "url"}``), or ``None``."""
    return navigation.list_link(_request(context), page)


@register.simple_tag(takes_context=True)
def introduction_for(context, target):
    """The standard page that introduces a list: ``target`` is the list's page or its URL name."""
    if isinstance(target, Page):
        return navigation.introduction_for(_request(context), page=target)
    return navigation.introduction_for(_request(context), url_name=str(target or ""))


@register.inclusion_tag("components/subpage_nav.html", takes_context=True)
def subpage_nav(context, page):
    """The section a standard page belongs to: its children, or else its siblings under a parent page."""
    request = _request(context)
    return page_links.subpage_items(request, page, navigation.chrome(request, _current_page(context)).home)


@register.simple_tag(takes_context=True)
def portal_site_settings(context):
    """The site's ``SiteSettings`` (footer, contact), usually without a query (``navigation.site_settings_for``)."""
    request = _request(context)
    return navigation.site_settings_for(request) if request is not None else None


@register.simple_tag
def other_language_name(settings_obj):
    """The alliance's name in the language not being shown (the brand's subtitle)."""
    if settings_obj is None:
        return ""
    if translation.get_language().startswith("en"):
        return settings_obj.organisation_name_zh
    return settings_obj.organisation_name_en


@register.inclusion_tag("components/footer_menu.html", takes_context=True)
def footer_menu(context):
    """The main menu's pages again, for the footer (no further query)."""
    return main_menu(context)


@register.simple_tag
def elided_page_range(page_obj, on_each_side=2, on_ends=1):
    """Page numbers around the current one, with ``Paginator.ELLIPSIS`` for the gaps."""
    return list(page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=on_each_side, on_ends=on_ends))


@register.simple_tag(takes_context=True)
def parent_url(context, page):
    """The URL of ``page``'s parent, derived from the page's own URL (Wagtail URLs follow the tree): no query."""
    url = page.get_url(_request(context)) or ""
    trimmed = url.rstrip("/")
    return trimmed[: trimmed.rfind("/") + 1] if "/" in trimmed else url


@register.inclusion_tag("components/recent_news.html", takes_context=True)
def recent_news(context, page, limit=5):
    """Other news from the same index, newest first, beside a news page (one query)."""
    return {"items": page_links.recent_news(page, limit), "request": _request(context)}


# --- Fragment cache ----------------------------------------------------------------


class PublicFragmentNode(template.Node):
    def __init__(self, name: str, nodelist):
        self.name = name
        self.nodelist = nodelist

    def render(self, context):
        request = _request(context)
        if request is None:
            return self.nodelist.render(context)
        # The same for every visitor of this path in this language on this host; nothing
        # user-specific (account links, CSRF tokens, messages) may be placed inside.
        key = f"fragment:{self.name}:{request.get_host()}:{translation.get_language()}:{request.path}"
        return public_cache.remember(key, ("pages",), lambda: str(self.nodelist.render(context)))


@register.tag
def publicfragment(parser, token):
    """``{% publicfragment "name" %}…{% endpublicfragment %}``: render once per path and language.

    Remembered under the public cache's ``pages`` tag, so a publish refreshes it. It serves
    uncached requests (signed-in members, first visits) the menu and footer without
    re-rendering them; anything that differs between visitors must stay outside.
    """
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("publicfragment takes one argument: the fragment's name")
    nodelist = parser.parse(("endpublicfragment",))
    parser.delete_first_token()
    return PublicFragmentNode(bits[1].strip("\"'"), nodelist)


@register.filter(name="rich_text")
def rich_text(value):
    """Member-written rich text (``portal.richtext``), sanitised again at display time; a Chinese
    fallback on an English page in a ``<div lang="zh-Hans">`` (``portal.i18n``)."""
    html = richtext.render(value)
    if isinstance(value, Marked) and html:
        return format_html('<div lang="{}">{}</div>', value.lang, html)
    return html


@register.filter
def lang_attr(value):
    """`` lang="zh-Hans"`` for an element holding Chinese on an English page (`` lang="en"`` for text in
    Latin letters on a Chinese page) that a text filter turned into plain text, or that is HTML: a
    fallback, or text held in one language (``portal.i18n.written``).

    ``<p{{ profile.thesis|lang_attr }}>{{ profile.thesis|linebreaksbr }}</p>``,
    ``<p{{ hit.snippet|lang_attr }}>{{ hit.snippet }}</p>``.
    """
    lang = ""
    if isinstance(value, Marked):
        lang = value.lang
    elif isinstance(value, str):  # its text, not its markup: tag names and entities are not words
        lang = other_language(words_of(value))
    return format_html(' lang="{}"', lang) if lang else ""


@register.filter(name="written")
def written_filter(value):
    """A text held in one language, marked as Chinese when an English page shows Chinese (``portal.i18n.written``)."""
    return written(value)


@register.filter(name="before_full_stop")
def before_full_stop_filter(value):
    """A name right before a sentence's full stop: "Co., Ltd." gives its own to an English sentence
    (``portal.i18n.before_full_stop``)."""
    return before_full_stop(value)


@register.filter(name="chinese_runs")
def chinese_runs_filter(value):
    """English text quoting Chinese (a help text, an error), each Chinese run marked (``i18n.chinese_runs``)."""
    return chinese_runs(value)


@register.filter
def written_lines(value):
    """``linebreaksbr`` for a text held in one language, each line marked as ``written`` marks it.

    A message written in both languages, a line each, gets the mark on its Chinese lines.
    """
    if not value:
        return value
    first, *rest = str(value).split("\n")
    return format_html("{}{}", written(first), format_html_join("", "<br>{}", ((written(line),) for line in rest)))


@register.filter(name="one_side")
def one_side_filter(value):
    """The page's language of a choice written in both, "侵入式 / Invasive" (``portal.i18n.one_side``)."""
    return written(one_side(value)) if isinstance(value, str) else value


@register.simple_tag
def after_colon():
    """What follows a translated label's colon before its value: a space in English ("Needs: Investment"),
    nothing in Chinese, whose full-width colon holds its own (需求：投资, not 需求： 投资).
    ``<strong>{% trans "Needs:" %}</strong>{% after_colon %}{{ needs }}``."""
    return " " if is_english() else ""


@register.simple_tag
def colon():
    """A colon between a name and its note in the active language: "Lansi: former employer", 澜思：前雇主."""
    return ": " if is_english() else "："


@register.simple_tag(name="list_comma")
def list_comma_tag():
    """Between the items of a list written in a loop (links, say), in the active language: ", ", 、
    (``portal.i18n.list_comma``). ``{% if not forloop.last %}{% list_comma %}{% endif %}``."""
    return list_comma()


@register.filter(name="join_words")
def join_words_filter(value):
    """A list as one phrase in the active language (``portal.i18n.join_words``): 3、17 / 3, 17."""
    return join_words(value)


@register.filter
def moment(value, format_name="DATETIME_FORMAT"):
    """A date or date-time as a ``<time>`` element: the site's format (``portal/formats/``) shown,
    the machine-readable value in ``datetime``, and never broken across lines at its hyphens
    (``.moment`` is ``white-space: nowrap`` in portal.css). ``{{ entry.submitted_at|moment }}``,
    ``{{ case.start_date|moment:"DATE_FORMAT" }}``, ``{{ submission.created_at|moment:"Y-m-d H:i:s" }}``
    (a format name or a format); ``—`` for none.
    """
    if not value:
        return "—"
    machine = value.isoformat()
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        machine = value.isoformat(timespec="seconds")
    return format_html('<time class="moment" datetime="{}">{}</time>', machine, date_format(value, format_name))


@register.filter
def zoned(value, precision="seconds"):
    """A time someone must act by, in Asia/Shanghai with the zone named (``portal.timing.display``, as
    the e-mails write it), as a ``<time>``: ``{{ invitation.answerable_until|zoned }}``,
    ``{{ invitation.expires_at|zoned:"minutes" }}``; ``—`` for none."""
    if not value:
        return "—"
    shown = timing.display(value, seconds=precision != "minutes")
    return format_html('<time datetime="{}">{}</time>', timing.in_zone(value).isoformat(timespec="seconds"), shown)


#: A label that ends a sentence of its own ("Why should the alliance recommend this product?", "I have
#: read the NDA and accept it on behalf of my organisation.") takes no colon before its error.
_SENTENCE_ENDS = ("?", "？", ":", "：", ".", "。", "!", "！")


#: The first control in a widget's HTML that a link can focus: not a hidden input.
_FIRST_CONTROL = re.compile(r'<(?:input(?![^>]*\btype="hidden")|select|textarea)\b[^>]*?\bid="([^"]+)"')


def first_control_id(field) -> str:
    """The ``id`` of the first control ``field`` renders, which its line in the error box links to: the
    input itself (a link to it focuses it, with or without JavaScript), else the first one its widget
    renders: the first choice of a radio or checkbox group (``id_kind_0``: the group's ``id_kind`` is a
    ``<div>``), the date of a date and a time (``id_opens_0``; there is no ``id_opens``). ``""`` when the
    form renders no ids (``auto_id=False``)."""
    if not field.auto_id:
        return ""
    if field.id_for_label:
        return field.id_for_label
    first = _FIRST_CONTROL.search(str(field.as_widget()))
    return unescape(first.group(1)) if first else field.auto_id


@register.simple_tag
def fields_in_error(form, formsets=None) -> list[tuple]:
    """The visible fields of ``form`` with an error, in the form's order, each with the ``id`` the error
    box links it to (``first_control_id``) and the line it links it by: its label and its first error
    (the error's Chinese runs marked); then those of each of ``formsets``' rows, after the list's own
    errors and each row's (said, not linked). A form whose only error was in a list of rows (an image
    without its description) came back without the box, the error screens below."""
    rows = _visible_fields_in_error(form)
    for formset in formsets or ():
        rows.extend(("", chinese_runs(error)) for error in formset.non_form_errors())
        for row in formset:
            rows.extend(("", chinese_runs(error)) for error in row.non_field_errors())
            rows.extend(_visible_fields_in_error(row))
    return rows


def _visible_fields_in_error(form) -> list[tuple]:
    rows = []
    for field in form.visible_fields():
        if not field.errors:
            continue
        label, error = str(field.label or "").strip(), chinese_runs(field.errors[0])
        if not label:
            line = format_html("{}", error)
        elif label.endswith(_SENTENCE_ENDS):
            line = format_html(gettext("{label} {error}"), label=label, error=error)
        else:
            line = format_html(gettext("{label}: {error}"), label=label, error=error)
        rows.append((first_control_id(field), line))
    return rows
