"""Helpers to create bilingual Wagtail page trees for demo data.

A ``PageSpec`` describes one page in both languages. ``ensure_tree`` creates the
Chinese page (the source tree, zh-hans being the portal's first language) when
it is missing, then its English translation with Wagtail's own mechanism —
``copy_for_translation`` — so both pages share a ``translation_key`` exactly as
if an editor had used "Translate" in the admin; the copy then gets its English
fields and is published. Existing pages are never touched.

Body helpers (``heading``, ``paragraph``, ``callout``, ``table``) return the raw
StreamField representation of ``portal.blocks.BodyBlock``; ``demo_note`` marks
invented content.
"""

from dataclasses import dataclass, field
from html import escape

from wagtail.models import Page

from portal.demo.registry import EN, ZH, DemoContext


@dataclass
class PageSpec:
    slug: str
    model: type[Page]
    zh: dict
    en: dict
    show_in_menus: bool = False
    # Fields that are not text (dates, categories): set on the Chinese page, kept by the copy.
    common: dict = field(default_factory=dict)
    children: list["PageSpec"] = field(default_factory=list)

    def __post_init__(self):
        # Every field written in Chinese must be rewritten in English: anything left out
        # would stay a Chinese copy on the English page.
        if set(self.zh) != set(self.en):
            raise ValueError(f"{self.slug}: zh and en set different fields: {set(self.zh) ^ set(self.en)}")


# --- StreamField values ------------------------------------------------------------


def heading(text: str) -> dict:
    return {"type": "heading", "value": text}


def paragraph(*paragraphs: str) -> dict:
    """One rich-text block; each argument is a paragraph of plain text or ready HTML."""
    return {"type": "paragraph", "value": "".join(_as_html(p) for p in paragraphs)}


def bullets(*items: str, intro: str = "", ordered: bool = False) -> dict:
    tag = "ol" if ordered else "ul"
    lis = "".join(f"<li>{_inline(item)}</li>" for item in items)
    return {"type": "paragraph", "value": (_as_html(intro) if intro else "") + f"<{tag}>{lis}</{tag}>"}


def callout(title: str, *paragraphs: str) -> dict:
    return {"type": "callout", "value": {"title": title, "text": "".join(_as_html(p) for p in paragraphs)}}


def table(caption: str, rows: list[list[str]]) -> dict:
    """A table block; by convention the first row is the header row."""
    return {"type": "table", "value": {"caption": caption, "rows": rows}}


def demo_note(language: str) -> dict:
    """The discreet marker on anything invented for the demo."""
    text = (
        "（演示内容：本文为门户演示数据，所述活动、机构与数据均为虚构。）"
        if language == ZH
        else "(Demo content: this text is sample data for the portal; the events, organisations "
        "and figures it mentions are fictional.)"
    )
    return {"type": "paragraph", "value": f"<p><i>{escape(text)}</i></p>"}


def _inline(text: str) -> str:
    # Strings that already contain markup (bold, links) are trusted demo data.
    return text if "<" in text else escape(text)


def _as_html(text: str) -> str:
    return text if text.lstrip().startswith("<") else f"<p>{_inline(text)}</p>"


# --- Page trees ------------------------------------------------------------------------


def apply_fields(page: Page, values: dict) -> None:
    for name, value in values.items():
        setattr(page, name, value)


def publish(page: Page) -> None:
    page.save_revision().publish()


def ensure_child(context: DemoContext, parent: Page, spec: PageSpec) -> tuple[Page, bool]:
    """The Chinese page ``spec.slug`` under ``parent``; created and published when missing."""
    existing = parent.get_children().filter(slug=spec.slug).first()
    if existing is not None:
        context.record("page", False)
        return existing.specific, False
    page = spec.model(slug=spec.slug, show_in_menus=spec.show_in_menus)
    apply_fields(page, spec.common)
    apply_fields(page, spec.zh)
    parent.add_child(instance=page)
    publish(page)
    context.record("page", True)
    context.log(f"  + {page.url_path} (zh-hans)")
    return page, True


def introduce_list(context: DemoContext, introduction: str, lists: dict[str, Page], label: str) -> None:
    """The editorial page at ``introduction`` (a slug path) introduces ``lists[language]`` in each language.

    Its menu entry then opens the list, it links to the list and the list back to it
    (``StandardPage.list_page``). Set once, when the page has no list yet: staff's choice stays; a
    page staff removed is passed over.
    """
    for language, target in lists.items():
        try:
            page = context.page(introduction, language)
        except Page.DoesNotExist:
            continue
        changed = getattr(page, "list_page_id", False) is None and not page.list_view
        if changed:
            page.list_page = target
            publish(page)
        context.record(label, changed)


def ensure_translation(context: DemoContext, page: Page, locale, values: dict) -> tuple[Page, bool]:
    """``page``'s translation into ``locale``, copied with Wagtail's mechanism when missing.

    The copy keeps the slug (so /zh-hans/about/ and /en/about/ correspond), the
    translation key and every non-text field; ``values`` replaces the text.
    """
    translation = page.get_translations().filter(locale=locale).first()
    if translation is not None:
        context.record("page", False)
        return translation.specific, False
    translation = page.copy_for_translation(locale, copy_parents=True)
    apply_fields(translation, values)
    publish(translation)
    context.record("page", True)
    context.log(f"  + {translation.url_path} ({locale.language_code})")
    return translation, True


def ensure_tree(context: DemoContext, parent: Page, specs: list[PageSpec], en_locale) -> dict[str, dict[str, Page]]:
    """Create ``specs`` (recursively) below ``parent`` in zh-hans, each followed by its English copy.

    Returns ``{slug path: {"zh-hans": page, "en": page}}`` for every page in the tree.
    """
    found: dict[str, dict[str, Page]] = {}

    def walk(parent_page: Page, items: list[PageSpec], prefix: str) -> None:
        for spec in items:
            path = f"{prefix}{spec.slug}"
            zh_page, _ = ensure_child(context, parent_page, spec)
            en_page, _ = ensure_translation(context, zh_page, en_locale, spec.en)
            found[path] = {ZH: zh_page, EN: en_page}
            walk(zh_page, spec.children, f"{path}/")

    walk(parent, specs, "")
    return found
