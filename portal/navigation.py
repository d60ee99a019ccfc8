"""Navigation reads for the site chrome: the site and its settings, menu, breadcrumbs, language links.

The links inside a page's body (the home page's sections, a section's pages, recent news) are
``portal.page_links``.

The template tags of ``portal_tags`` only call these and shape the result for a template.
Every read here runs on every public page, so each costs a fixed number of queries (at most
one), however many pages, translations or menu items exist; results shared by several tags
are memoised on the request, and what is the same for every visitor is remembered in the
public cache under the ``pages`` tag (portal/signals.py invalidates it). Nothing here writes:
a site without a ``SiteSettings`` row reads the defaults (the row is made after ``migrate``
and by the demo loader, or when staff save the settings).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.db.models import F, OuterRef, Q, Subquery, Value
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from portal import menus, prepared, public_cache, sites
from portal.models.pages import StandardPage
from portal.models.site_settings import SiteSettings


def content_language(code: str | None) -> str:
    try:
        return get_supported_content_language_variant(code or settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE


# --- The site and its settings ----------------------------------------------------------


def _sites(request) -> sites.Sites:
    """Every site, its settings and root paths (``portal.sites``): one cache read per request.

    Remembered under the ``pages`` tag, which a publish, a ``Site`` or a settings change
    invalidates (portal/signals.py), so it is never staler than the pages it appears on.
    """
    found = getattr(request, "_portal_sites", None)
    if found is None:
        found = request._portal_sites = public_cache.remember("sites", ("pages",), sites.read)
    return found


def site_for(request):
    """``Site.find_for_request``, usually without its query.

    Page views may know the site already (the route cache of ``portal.routing``); other views
    (the catalogue, forms) would look it up in the database on every request.
    """
    if not hasattr(request, "_wagtail_site"):
        request._wagtail_site = _sites(request).for_request(request)
    return request._wagtail_site


def site_settings_for(request):
    """The site's ``SiteSettings`` (footer, contact), usually without a query; ``None`` without a site.

    Pages only read them: a site without a settings row shows the defaults.
    """
    attr = SiteSettings.get_cache_attr_name()
    if not hasattr(request, attr):
        obj = _sites(request).settings_for(site_for(request))
        if obj is None:
            return None
        # Where ``SiteSettings.for_request`` looks, so ``settings.portal.SiteSettings`` shares it.
        obj._request = request
        setattr(request, attr, obj)
    return getattr(request, attr)


def site_root_paths(request):
    """Wagtail's ``(site_id, root_path, root_url, language_code)`` rows for this request's site.

    Also where ``Page.get_url(request)`` looks for every site's (``request._wagtail_cached_site_root_paths``),
    so links on the page need no query either.
    """
    cached = getattr(request, "_portal_site_root_paths", None)
    if cached is None:
        found = _sites(request)
        request._wagtail_cached_site_root_paths = found.root_paths
        cached = request._portal_site_root_paths = found.root_paths_of(site_for(request))
    return cached


def _home_url_path(request, language_code: str) -> str | None:
    """``url_path`` of the site's home page in ``language_code`` (the site root's translation), no query."""
    roots = site_root_paths(request)
    for srp in roots:
        if srp.language_code == language_code:
            return srp.root_path
    return roots[-1].root_path if roots else None


# --- The pages every page's chrome shows ------------------------------------------------


class Chrome:
    """What the header, breadcrumbs and language switcher need, from one query.

    * ``home`` and ``menu``: the home page in the active language and its live
      children marked "show in menus";
    * ``ancestors``: the current page's ancestors (for breadcrumbs);
    * ``translations``: every live translation of the current page and of its
      ancestors (for the language switcher and ``hreflang`` links).
    """

    def __init__(self, home=None, menu=(), ancestors=(), translations=()):
        self.home = home
        self.menu = list(menu)
        self.ancestors = list(ancestors)
        self.translations = list(translations)


def chrome(request, page) -> Chrome:
    """The chrome of ``page`` (a Wagtail page, or ``None`` for other views), memoised on the request."""
    cached = getattr(request, "_portal_chrome", None)
    if cached is not None:
        return cached
    home_path = _home_url_path(request, content_language(translation.get_language())) if request else None
    ancestor_paths = [page.path[: page.steplen * depth] for depth in range(2, page.depth + 1)] if page else []
    rows = _chrome_rows(home_path, page, ancestor_paths)
    result = Chrome()
    if home_path is not None:
        home_depth = home_path.count("/")  # "/" is the root (depth 1), "/home/" depth 2...
        for row in rows:
            if not row.live or not row.url_path.startswith(home_path):
                continue
            if row.url_path == home_path:
                result.home = row
            elif row.depth == home_depth + 1 and row.show_in_menus:
                result.menu.append(row)
    if page is not None:
        ancestors = [row for row in rows if row.path in ancestor_paths]
        keys = {row.translation_key for row in ancestors}
        result.ancestors = [row for row in ancestors if row.live and row.pk != page.pk]
        result.translations = [row for row in rows if row.live and row.translation_key in keys]
    if request is not None:
        request._portal_chrome = result
    return result


def shows_in_chrome(page, *, parent_before=None) -> bool:
    """Whether a change to ``page`` may change the chrome of pages other than its own and its subtree's.

    The chrome (``chrome``, ``introduction_for``) shows the home pages, their children (the menu),
    the standard pages that introduce a list and the pages they lead to. A standard page counts
    whatever its fields say now, since a publish may just have taken it out of the menu or off its
    list; ``parent_before`` is where a moved page came from. At most two queries.
    """
    if issubclass(page.specific_class, StandardPage):
        return True
    parents = [page.path[: -page.steplen]] + ([parent_before.path] if parent_before is not None else [])
    homes = Site.objects.values("root_page__translation_key")
    if Page.objects.filter(path__in=[page.path, *parents], translation_key__in=homes).exists():
        return True
    return StandardPage.objects.filter(list_page__translation_key=page.translation_key).exists()


def _chrome_rows(home_path, page, ancestor_paths) -> list[Page]:
    if home_path is None and page is None:
        return []
    shape = f"chrome:{'home' if home_path is not None else '-'}:{'page' if page is not None else '-'}"
    values = {"ancestor_paths": ancestor_paths} if page is not None else {}
    if home_path is not None:
        home_depth = home_path.count("/")  # "/" is the root (depth 1), "/home/" depth 2...
        values.update(home_path=home_path, home_depth=home_depth, menu_depth=home_depth + 1)
    # Every visitor of this page in this language sees the same rows: remember them until
    # a page is published, moved or deleted (the "pages" tag of the public cache).
    return public_cache.remember(
        f"chrome:{home_path}:{page.pk if page is not None else '-'}",
        ("pages",),
        lambda: [_with_locale(page) for page in prepared.instances(shape, _chrome_query, **values)],
    )


def _chrome_query(*, home_path=None, home_depth=None, menu_depth=None, ancestor_paths=None):
    """The home page and its menu children (``home_path``), the page's ancestors and their live
    translations (``ancestor_paths``): one query, compiled once per shape (``portal.prepared``)."""
    conditions = []
    if home_path is not None:
        conditions.append(
            Q(live=True, url_path__startswith=Value(home_path), depth__lte=menu_depth)
            & (Q(depth=home_depth) | Q(show_in_menus=True))
        )
    if ancestor_paths is not None:
        conditions.append(Q(path__in=ancestor_paths))
        conditions.append(
            Q(live=True, translation_key__in=Page.objects.filter(path__in=ancestor_paths).values("translation_key"))
        )
    query = conditions[0]
    for condition in conditions[1:]:
        query |= condition
    pages = _with_menu_fields(Page.objects.filter(query)).annotate(language_code=F("locale__language_code"))
    return pages.order_by("path")


def _with_locale(page: Page) -> Page:
    """``page`` with its locale attached (the chrome's language links read it), from its row's language code."""
    page.locale = Locale(pk=page.locale_id, language_code=page.language_code)
    return page


def _with_menu_fields(pages):
    """Pages with what a standard page says about its menu entry, in the same query.

    ``menu_label``: its short menu title; ``leads_to_view``: the app list it introduces;
    ``leads_to_path`` and ``leads_to_title``: the ``url_path`` and title of the page it introduces,
    in the page's own language (the chosen page may be the Chinese one: its translation is found
    by translation key).
    """
    list_page = Page.objects.filter(
        live=True, locale_id=OuterRef("locale_id"), translation_key=OuterRef("standardpage__list_page__translation_key")
    )
    return pages.annotate(
        menu_label=F("standardpage__menu_title"),
        leads_to_view=F("standardpage__list_view"),
        leads_to_path=Subquery(list_page.values("url_path")[:1]),
        leads_to_title=Subquery(list_page.values("title")[:1]),
    )


# --- Language links, menu, breadcrumbs ---------------------------------------------------


def language_links(request, page) -> list[dict]:
    """One link per language, to the same page in that language.

    For a Wagtail page: its live translation, or else the nearest translated
    ancestor (so an untranslated news item leads to the translated news index,
    never to a 404). Other views keep their path and swap the language prefix.
    """
    cached = getattr(request, "_portal_language_links", None)
    if cached is not None:
        return cached
    if page is not None:
        links = _page_language_links(request, page)
    else:
        path = request.get_full_path() if request is not None else "/"
        current = translation.get_language()
        links = [
            {"code": code, "name": name, "url": _in_language(path, code), "current": code == current, "exact": True}
            for code, name in settings.LANGUAGES
        ]
    if request is not None:
        request._portal_language_links = links
    return links


def _in_language(full_path: str, code: str) -> str:
    """``full_path`` in language ``code``, with the page to go to next (``?next=``, after signing in) in it too."""
    url = translate_url(full_path, code)
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    if not any(name == "next" and value.startswith("/") for name, value in query):
        return url
    query = [
        (name, _next_in_language(value, code) if name == "next" and value.startswith("/") else value)
        for name, value in query
    ]
    return urlunsplit(parts._replace(query=urlencode(query, safe="/")))


def _next_in_language(value: str, code: str) -> str:
    """A ``?next=`` path in language ``code``; one that is not a URL at all (``//[``) stays as typed."""
    try:
        return translate_url(value, code)
    except ValueError:
        return value


def _page_language_links(request, page) -> list[dict]:
    current = translation.get_language()
    best = {}
    for candidate in sorted(chrome(request, page).translations, key=lambda p: -p.depth):
        best.setdefault(candidate.locale.language_code, candidate)
    query = request.META.get("QUERY_STRING", "") if request is not None else ""
    links = []
    for code, name in settings.LANGUAGES:
        target = best.get(content_language(code))
        url = target.get_url(request) if target is not None else None
        exact = url is not None and target.translation_key == page.translation_key
        if url is None:
            url = translate_url(f"/{current}/", code)
        if exact and query:
            url = f"{url}?{query}"
        links.append({"code": code, "name": name, "url": url, "current": code == current, "exact": exact})
    return links


def menu_items(request, page) -> list[dict]:
    """Home plus the home page's live children that are marked "show in menus"."""
    found = chrome(request, page)
    items = []
    if found.home is not None:
        is_home = page is not None and page.pk == found.home.pk
        items.append({"title": _("Home"), "url": found.home.get_url(request), "current": is_home, "active": is_home})
    path = request.path if request is not None else ""
    for child in found.menu:
        in_section = page is not None and page.path.startswith(child.path)
        page_url = child.get_url(request)
        list_url = _list_url(request, found.home, child)
        url = list_url or page_url
        items.append(
            {
                "title": _list_title(child) if list_url else getattr(child, "menu_label", "") or child.title,
                "url": url,
                "current": path == url or (url == page_url and page is not None and page.pk == child.pk),
                # The section of an entry that opens a list: the list (and its own pages), the
                # app's lists declared in its section (and theirs) and the page that introduces it.
                "active": in_section or (url != page_url and any(path.startswith(u) for u in _section(child, url))),
            }
        )
    return items


def _section(row, url) -> list[str]:
    """The URLs whose pages are in the section of the menu entry of ``row`` that opens the list at ``url``."""
    view = getattr(row, "leads_to_view", "")
    return menus.section_urls(view) if view else [url]


def _list_title(row) -> str:
    """The name of the list the menu entry of ``row`` opens: what that list calls itself in its heading.

    One place, one name: the entry is named as the list's ``<h1>``, ``<title>`` and breadcrumb name
    it (an app's declared label, which its list's template shows; a list page's title), never as
    the introduction page that leads to it (its title or ``menu_title``).
    """
    view = getattr(row, "leads_to_view", "")
    if view:
        return str(menus.find(view).label)
    return getattr(row, "leads_to_title", "") or row.title


def _list_url(request, home, row) -> str:
    """Where the menu entry of ``row`` (a chrome row) leads when its page introduces a list, else ``""``."""
    view = getattr(row, "leads_to_view", "")
    if view:
        return menus.list_url(view)
    target = getattr(row, "leads_to_path", None)
    if target and home is not None and target.startswith(home.url_path):
        return (home.get_url(request) or "").rstrip("/") + "/" + target[len(home.url_path) :]
    return ""


def introduction_for(request, *, page=None, url_name: str = "") -> dict | None:
    """The live standard page (title and URL) that introduces a list, in the active language.

    The list is a page (the case library: ``page``) or an app's list (``url_name``, as declared in
    ``portal.menus``). No query when that page is a menu entry (the chrome's rows say where each
    leads), else one, remembered under the ``pages`` tag; ``None`` when no page does.
    """
    # Usually the introduction is a menu entry: the chrome's rows know what each one leads to.
    for row in chrome(request, page).menu if request is not None else ():
        if (url_name and getattr(row, "leads_to_view", "") == url_name) or (
            page is not None and getattr(row, "leads_to_path", None) == page.url_path
        ):
            url = row.get_url(request)
            return {"title": row.title, "url": url} if url else None
    language = content_language(translation.get_language())
    if page is not None:
        key = f"introduction:page:{page.translation_key}:{language}"
        lookup = {"standardpage__list_page__translation_key": page.translation_key}
    elif url_name:
        key, lookup = f"introduction:view:{url_name}:{language}", {"standardpage__list_view": url_name}
    else:
        return None
    found = public_cache.remember(
        key,
        ("pages",),
        lambda: (
            Page.objects.live()
            .filter(locale__language_code=language, **lookup)
            .select_related("locale")
            .order_by("path")
            .first()
        ),
    )
    if found is None:
        return None
    url = found.get_url(request)
    return {"title": found.title, "url": url} if url else None


def list_link(request, page) -> dict | None:
    """The list a standard page introduces, as ``{"title", "url"}`` in the active language; ``None`` if none."""
    if getattr(page, "list_view", ""):
        found = menus.find(page.list_view)
        url = menus.list_url(page.list_view)
        return {"title": str(found.label), "url": url} if url else None
    if getattr(page, "list_page_id", None):
        target = (
            Page.objects.live()
            .filter(
                locale_id=page.locale_id,
                translation_key=Subquery(Page.objects.filter(pk=page.list_page_id).values("translation_key")[:1]),
            )
            .first()
        )
        url = target.get_url(request) if target is not None else None
        return {"title": target.title, "url": url} if url else None
    return None


def breadcrumb_items(request, page, trail=()) -> list[dict]:
    """A trail from the home page: ``page``'s ancestors, or ``trail`` (alternating titles and URLs)."""
    found = chrome(request, page)
    home = found.home
    home_url = home.get_url(request) if home is not None else f"/{translation.get_language()}/"
    items = [{"title": _("Home"), "url": home_url}]
    if trail:
        trail = list(trail)
        while len(trail) >= 2:
            title, url = trail.pop(0), trail.pop(0)
            items.append({"title": title, "url": url})
        if trail:
            items.append({"title": trail[0], "url": None})
    elif page is not None:
        home_depth = home.depth if home is not None else 2
        for ancestor in found.ancestors:
            if ancestor.depth > home_depth:
                items.append({"title": ancestor.title, "url": ancestor.get_url(request)})
        if home is None or page.pk != home.pk:
            items.append({"title": page.title, "url": None})
    return items if len(items) > 1 else []
