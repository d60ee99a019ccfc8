"""The demo's loader kit: bilingual data files (TOML) read into rows and page trees.

Demo content is data, not code: each app keeps its files beside its loader (the portal's
are in ``portal/demo/content/``) and reads them with the standard library's ``tomllib``.

Rows (``load_records``): a list of tables, one per object, found by a natural key and
created only when missing (never updated), each counted in the command's summary::

    # catalog/demo.py
    PRODUCTS = data.read(Path(__file__).parent / "demo" / "products.toml")["products"]

    def load(context):
        rows = [row | {"organisation": context.organisation(row["organisation"])} for row in PRODUCTS]
        data.load_records(context, Product, rows, key=("organisation", "model_number"), kind="product")

Pages (``page_tree``): ``[[pages]]`` tables, each with its ``path`` below the parent it is
loaded under (``"about/mission"``: parents first, siblings in file order, which is the menu
order), its Wagtail page ``type`` (``"app_label.Model"``), ``show_in_menus``, non-text fields
(``date``, ``category``...) and its text fields in ``[pages.zh]`` and ``[pages.en]`` (the same
names in both: the English page is the Chinese page's translation). ``ensure_tree`` creates
what is missing (``portal.demo.pages``). A page with a ``summary`` and no ``listing_summary``
lists with its summary.

Bodies (StreamField ``BodyBlock``) are written in *block shorthand*: a list of tables, each
named by its kind, turned into the block's stored value by ``portal.demo.pages``' helpers::

    [[pages.en.body]]
    heading = "How to join"

    [[pages.en.body]]
    paragraph = ["First paragraph.", "Second, with <b>bold</b> words."]   # or one string

    [[pages.en.body]]
    bullets = ["one;", "two."]
    intro = "Steps:"            # optional
    ordered = true              # optional

    [[pages.en.body]]
    callout = "Source"          # its title
    text = "The official text is authoritative."

    [[pages.en.body]]
    table = "Working groups"    # its caption
    rows = [["Group", "Remit"], ["Catalogue", "Applications and review"]]   # the first row is the header

    [[pages.en.body]]
    demo_note = true            # "Demo content: ..." in the page's language

Text is plain and escaped; strings that contain markup (``<b>``, ``<i>``, ``<a href>``) are
trusted as written, as demo data is. Long strings wrap with TOML's line-ending backslash.

News about an app's own records (``ensure_news``): the app's loader writes it under the portal's news
index once the records exist, its texts naming ``{placeholders}`` filled with what was loaded (the
dates a call was moved to: ``clock.in_words``), so the news and the records agree on any loading day::

    [pages.en]
    summary = "Applications are open until {closes}."

    data.ensure_news(context, NEWS, values={"closes": clock.in_words(edition.call_closes_at)}, date=...)
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from django.apps import apps
from wagtail.models import Page

from portal.demo.pages import PageSpec, bullets, callout, demo_note, ensure_tree, heading, paragraph, table
from portal.demo.registry import EN, ZH, DemoContext

CONTENT = Path(__file__).resolve().parent / "content"
#: The language tables of a data file, for the page tree's locales.
LANGUAGES = {ZH: "zh", EN: "en"}
_PAGE_KEYS = {"path", "type", "show_in_menus", *LANGUAGES.values()}


def read(path: Path | str) -> dict:
    with open(path, "rb") as file:
        return tomllib.load(file)


def load_records(context: DemoContext, model, records, *, key="slug", kind: str | None = None) -> list:
    """Each record (a dict of field values) found by ``key`` (a field or a tuple of fields), or created.

    Existing rows are left as they are, so a second run changes nothing and staff's edits stay.
    """
    keys = (key,) if isinstance(key, str) else tuple(key)
    objects = []
    for record in records:
        lookup = {name: record[name] for name in keys}
        defaults = {name: value for name, value in record.items() if name not in keys}
        obj, created = model.objects.get_or_create(**lookup, defaults=defaults)
        context.record(kind or model._meta.model_name, created)
        objects.append(obj)
    return objects


def page_tree(tables) -> list[PageSpec]:
    """``PageSpec``s (with their children) from ``[[pages]]`` tables; see the module's docstring."""
    roots: list[PageSpec] = []
    by_path: dict[str, PageSpec] = {}
    for table_ in tables:
        parent, _, slug = table_["path"].rpartition("/")
        spec = PageSpec(
            slug=slug,
            model=apps.get_model(table_["type"]),
            zh=page_fields(table_[LANGUAGES[ZH]], ZH),
            en=page_fields(table_[LANGUAGES[EN]], EN),
            show_in_menus=table_.get("show_in_menus", False),
            common={name: value for name, value in table_.items() if name not in _PAGE_KEYS},
        )
        if parent and parent not in by_path:
            raise ValueError(f"{table_['path']}: its parent {parent!r} must come first")
        (by_path[parent].children if parent else roots).append(spec)
        by_path[table_["path"]] = spec
    return roots


def ensure_news(context: DemoContext, tables, *, values: dict[str, dict[str, str]], date) -> dict:
    """News items an app writes about its own records, under the portal's news index (``"news"``),
    created when missing (``ensure_tree``), dated ``date``: ``[[pages]]`` tables (paths below the
    index) whose texts name ``{placeholders}``, each filled in its language from ``values``
    (``{"closes": {"zh-hans": "2027年2月5日", "en": "5 February 2027"}}``). Nothing without the index."""
    try:
        index = context.page("news")
    except Page.DoesNotExist:
        context.log("no news index: the news about the app's records is left out")
        return {}
    filled = []
    for table_ in tables:
        texts = {
            key: _fill(table_[key], {name: value[code] for name, value in values.items()})
            for code, key in LANGUAGES.items()
        }
        filled.append(table_ | texts | {"date": date})
    return ensure_tree(context, index, page_tree(filled), context.locale(EN))


def _fill(value, values: dict[str, str]):
    """``value`` (a string, or lists and tables of them) with its ``{placeholders}`` filled from ``values``."""
    if isinstance(value, str):
        return value.format_map(values)
    if isinstance(value, list):
        return [_fill(item, values) for item in value]
    if isinstance(value, dict):
        return {name: _fill(item, values) for name, item in value.items()}
    return value


def page_fields(values: dict, language: str) -> dict:
    """A page's text fields in one language, its body (if any) as StreamField data."""
    fields = dict(values)
    if "body" in fields:
        fields["body"] = body(fields["body"], language)
    if "summary" in fields:
        fields.setdefault("listing_summary", fields["summary"])
    return fields


def body(blocks: list[dict], language: str) -> list[dict]:
    """Block shorthand (the module's docstring) as the raw value of a ``BodyBlock`` StreamField."""
    return [_block(block, language) for block in blocks]


def _block(block: dict, language: str) -> dict:
    kinds = set(block) & {"heading", "paragraph", "bullets", "callout", "table", "demo_note"}
    if len(kinds) != 1:
        raise ValueError(f"a body block names one kind: {block}")
    kind = kinds.pop()
    value, options = block[kind], {name: value for name, value in block.items() if name != kind}
    if kind == "heading":
        return heading(value, **options)
    if kind == "paragraph":
        return paragraph(*_strings(value), **options)
    if kind == "bullets":
        return bullets(*value, **options)
    if kind == "callout":
        return callout(value, *_strings(options.pop("text")), **options)
    if kind == "table":
        return table(value, **options)
    return demo_note(language, **options)


def _strings(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value)
