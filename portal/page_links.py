"""Reads for the links inside a page's body: the home page's section cards, a standard page's
section, a news item's recent siblings. Each costs one query, whatever the number of links.

The chrome around every page (menu, breadcrumbs, language links) is ``portal.navigation``.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import translation
from wagtail.models import Page

from portal import menus
from portal.models.pages import NewsPage
from portal.navigation import content_language
from portal.restrictions import public_pages


def section_links(request, sections) -> list[dict]:
    """A HomePage's ``sections`` stream as dicts with a URL in the active language.

    Reads the stream's raw data, so chosen pages are not fetched one block at a
    time: the chosen pages and their translations in the active language come
    from one query. A card whose page is not live falls back to its URL path,
    and a card with neither is left out.
    """
    values = [item["value"] for item in sections.raw_data if item and item.get("type") == "section"]
    chosen, localized = _section_targets({value.get("page") for value in values} - {None})
    links = []
    for value in values:
        url = ""
        target = chosen.get(value.get("page"))
        if target is not None:
            url = (localized.get(target.translation_key) or target).get_url(request) or ""
        url = url or value.get("url") or ""
        if url:
            links.append(
                {
                    "title": value.get("title", ""),
                    "text": value.get("text", ""),
                    "icon": value.get("icon"),
                    "url": url,
                    "lists": _app_lists(value.get("lists") or ()),
                }
            )
    return links


def _app_lists(names) -> list[dict]:
    """The app lists a home-page card links to, each with its label and URL (those still declared)."""
    found = []
    for name in names:
        declared, url = menus.find(name), menus.list_url(name)
        if declared is not None and url:
            found.append({"title": str(declared.label), "url": url})
    return found


def _section_targets(ids) -> tuple[dict, dict]:
    chosen, localized = {}, {}
    if not ids:
        return chosen, localized
    locale_code = content_language(translation.get_language())
    rows = Page.objects.live().filter(
        Q(pk__in=ids)
        | Q(
            locale__language_code=locale_code,
            translation_key__in=Page.objects.filter(pk__in=ids).values("translation_key"),
        )
    )
    for row in rows.select_related("locale"):
        if row.pk in ids:
            chosen[row.pk] = row
        if row.locale.language_code == locale_code:
            localized[row.translation_key] = row
    return chosen, localized


def subpage_items(request, page, home) -> dict:
    """The section a standard page belongs to: its children, or else its siblings under a parent page."""
    home_depth = home.depth if home is not None else 2
    if page.numchild:
        parent_path = page.path
    elif page.depth > home_depth + 1:
        parent_path = page.path[: -page.steplen]
    else:
        return {"items": []}
    parent_depth = len(parent_path) // page.steplen
    parent, items = None, []
    # The parent and its children in one query; restricted pages stay listed
    # (following the link asks for a login), as in Wagtail's own menus.
    pages = (
        Page.objects.live()
        .filter(Q(path=parent_path) | Q(path__startswith=parent_path, depth=parent_depth + 1))
        .order_by("path")
    )
    for item in pages:
        entry = {"title": item.title, "url": item.get_url(request), "current": item.pk == page.pk}
        if item.depth == parent_depth:
            parent = entry
        else:
            items.append(entry)
    if parent is None:
        return {"items": []}
    return {"parent": parent, "items": items}


def recent_news(page, limit: int = 5) -> list[NewsPage]:
    """Other news from the same index a visitor may read (none behind a view restriction), newest first
    (one query)."""
    others = public_pages(NewsPage.objects.live().sibling_of(page, inclusive=False))
    return list(others.order_by("-date", "-pk")[:limit])
