"""Template tags for the site chrome: navigation, language switching, breadcrumbs.

Every tag here runs on every public page, so each one costs a fixed number of
queries (at most one), however many pages, translations or menu items exist.
Results shared by several tags are memoised on the request.
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.db.models import Q
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, Site

from portal import public_cache, richtext

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


def _content_language(code: str | None) -> str:
    try:
        return get_supported_content_language_variant(code or settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE


def _site_and_settings_key(request) -> str:
    return f"site-and-settings:{request._get_raw_host()}:{request.get_port()}"


def _find_site_and_settings(request):
    from portal.models.site_settings import SiteSettings
    from portal.routing import pristine

    site = Site.find_for_request(request)
    if site is None:
        return None, None
    return pristine(site), SiteSettings.base_queryset().get_or_create(site=site)[0]


def _site(request):
    """``Site.find_for_request``, usually without its query.

    Page views know the site already (routing, or the route cache of ``portal.routing``).
    Other views (the catalogue, forms) would look it up in the database on every request:
    it is remembered per host and port together with its ``SiteSettings`` (one cache read
    for both; ``portal_site_settings``), under the ``pages`` tag that a ``Site`` or a
    settings change invalidates (portal/signals.py).
    """
    if not hasattr(request, "_wagtail_site"):
        _remember_site_and_settings(request)
    return request._wagtail_site


def _remember_site_and_settings(request):
    from portal.models.site_settings import SiteSettings

    site, obj = public_cache.remember(
        _site_and_settings_key(request), ("pages",), lambda: _find_site_and_settings(request)
    )
    request._wagtail_site = site
    if obj is not None:
        obj._request = request
        setattr(request, SiteSettings.get_cache_attr_name(), obj)
    return obj


def _site_root_paths(request):
    """Wagtail's cached ``(site_id, root_path, root_url, language_code)`` rows for this request's site.

    Read once per request, where ``Page.get_url(request)`` looks for them too
    (``request._wagtail_cached_site_root_paths``): one cache read for the whole page.
    """
    cached = getattr(request, "_portal_site_root_paths", None)
    if cached is None:
        site = _site(request)
        try:
            every = request._wagtail_cached_site_root_paths
        except AttributeError:
            every = request._wagtail_cached_site_root_paths = Site.get_site_root_paths()
        cached = [srp for srp in every if site is not None and srp.site_id == site.pk]
        request._portal_site_root_paths = cached
    return cached


def _home_url_path(request, language_code: str) -> str | None:
    """``url_path`` of the site's home page in ``language_code`` (the site root's translation), no query."""
    roots = _site_root_paths(request)
    for srp in roots:
        if srp.language_code == language_code:
            return srp.root_path
    return roots[-1].root_path if roots else None


# --- The pages every page's chrome shows ------------------------------------------


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


def _chrome(context) -> Chrome:
    request = _request(context)
    cached = getattr(request, "_portal_chrome", None)
    if cached is not None:
        return cached
    page = _current_page(context)
    home_path = _home_url_path(request, _content_language(translation.get_language())) if request else None
    conditions = []
    if home_path is not None:
        home_depth = home_path.count("/")  # "/" is the root (depth 1), "/home/" depth 2...
        conditions.append(
            Q(live=True, url_path__startswith=home_path, depth__lte=home_depth + 1)
            & (Q(depth=home_depth) | Q(show_in_menus=True))
        )
    ancestor_paths = []
    if page is not None:
        ancestor_paths = [page.path[: page.steplen * depth] for depth in range(2, page.depth + 1)]
        conditions.append(Q(path__in=ancestor_paths))
        conditions.append(
            Q(live=True, translation_key__in=Page.objects.filter(path__in=ancestor_paths).values("translation_key"))
        )
    rows = []
    if conditions:
        query = conditions[0]
        for condition in conditions[1:]:
            query |= condition
        # Every visitor of this page in this language sees the same rows: remember them until
        # a page is published, moved or deleted (the "pages" tag of the public cache).
        rows = public_cache.remember(
            f"chrome:{home_path}:{page.pk if page is not None else '-'}",
            ("pages",),
            lambda: list(Page.objects.filter(query).select_related("locale").order_by("path")),
        )

    chrome = Chrome()
    if home_path is not None:
        for row in rows:
            if not row.live or not row.url_path.startswith(home_path):
                continue
            if row.url_path == home_path:
                chrome.home = row
            elif row.depth == home_depth + 1 and row.show_in_menus:
                chrome.menu.append(row)
    if page is not None:
        ancestors = [row for row in rows if row.path in ancestor_paths]
        keys = {row.translation_key for row in ancestors}
        chrome.ancestors = [row for row in ancestors if row.live and row.pk != page.pk]
        chrome.translations = [row for row in rows if row.live and row.translation_key in keys]
    if request is not None:
        request._portal_chrome = chrome
    return chrome


# --- Language switcher ---------------------------------------------------------


def _language_links(context):
    """One link per language, to the same page in that language.

    For a Wagtail page: its live translation, or else the nearest translated
    ancestor (so an untranslated news item leads to the translated news index,
    never to a 404). Other views keep their path and swap the language prefix.
    """
    request = _request(context)
    cached = getattr(request, "_portal_language_links", None)
    if cached is not None:
        return cached

    current = translation.get_language()
    page = _current_page(context)
    links = []
    if page is not None:
        best = {}
        for candidate in sorted(_chrome(context).translations, key=lambda p: -p.depth):
            best.setdefault(candidate.locale.language_code, candidate)
        query = request.META.get("QUERY_STRING", "") if request is not None else ""
        for code, name in settings.LANGUAGES:
            target = best.get(_content_language(code))
            url = target.get_url(request) if target is not None else None
            exact = url is not None and target.translation_key == page.translation_key
            if url is None:
                url = translate_url(f"/{current}/", code)
            if exact and query:
                url = f"{url}?{query}"
            links.append({"code": code, "name": name, "url": url, "current": code == current, "exact": exact})
    else:
        path = request.get_full_path() if request is not None else "/"
        for code, name in settings.LANGUAGES:
            links.append(
                {
                    "code": code,
                    "name": name,
                    "url": translate_url(path, code),
                    "current": code == current,
                    "exact": True,
                }
            )
    if request is not None:
        request._portal_language_links = links
    return links


@register.inclusion_tag("components/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to the same page in every language (a translated Wagtail page when one exists)."""
    links = [dict(link, hreflang=bcp47(link["code"])) for link in _language_links(context)]
    return {"links": links}


@register.simple_tag(takes_context=True)
def alternate_language_links(context):
    """``<link rel="alternate" hreflang>`` for every language the current page really exists in."""
    request = _request(context)
    if request is None:
        return ""
    links = [link for link in _language_links(context) if link["exact"]]
    if len(links) < 2:
        return ""
    rows = [(bcp47(link["code"]), request.build_absolute_uri(link["url"])) for link in links]
    default = next((link for link in links if link["code"] == settings.LANGUAGE_CODE), None)
    if default is not None:
        rows.append(("x-default", request.build_absolute_uri(default["url"])))
    return format_html_join("\n", '<link rel="alternate" hreflang="{}" href="{}">', rows)


# --- Main menu -------------------------------------------------------------------


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context):
    """Home plus the home page's live children that are marked "show in menus"."""
    request = _request(context)
    page = _current_page(context)
    chrome = _chrome(context)
    items = []
    if chrome.home is not None:
        is_home = page is not None and page.pk == chrome.home.pk
        items.append({"title": _("Home"), "url": chrome.home.get_url(request), "current": is_home, "active": is_home})
    for child in chrome.menu:
        items.append(
            {
                "title": child.title,
                "url": child.get_url(request),
                "current": page is not None and page.pk == child.pk,
                "active": page is not None and page.path.startswith(child.path),
            }
        )
    return {"items": items}


# --- Breadcrumbs -----------------------------------------------------------------


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, *trail):
    """A breadcrumb trail, always starting at the home page.

    ``{% breadcrumbs %}`` on a Wagtail page follows its ancestors (no extra
    query). Other views pass alternating titles and URLs, the last title
    without a URL being the current page::

        {% breadcrumbs _("My dashboard") dashboard_url organisation.name %}
    """
    request = _request(context)
    page = _current_page(context)
    chrome = _chrome(context)
    home = chrome.home
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
        for ancestor in chrome.ancestors:
            if ancestor.depth > home_depth:
                items.append({"title": ancestor.title, "url": ancestor.get_url(request)})
        if home is None or page.pk != home.pk:
            items.append({"title": page.title, "url": None})
    return {"items": items if len(items) > 1 else []}


# --- Page helpers ----------------------------------------------------------------


@register.simple_tag(takes_context=True)
def section_links(context, sections):
    """Resolve a HomePage's ``sections`` stream to dicts with a URL in the active language.

    Reads the stream's raw data, so chosen pages are not fetched one block at a
    time: the chosen pages and their translations in the active language come
    from one query. A card whose page is not live falls back to its URL path,
    and a card with neither is left out.
    """
    request = _request(context)
    values = [item["value"] for item in sections.raw_data if item and item.get("type") == "section"]
    ids = {value.get("page") for value in values} - {None}
    chosen, localized = {}, {}
    if ids:
        locale_code = _content_language(translation.get_language())
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
    links = []
    for value in values:
        url = ""
        target = chosen.get(value.get("page"))
        if target is not None:
            url = (localized.get(target.translation_key) or target).get_url(request) or ""
        url = url or value.get("url") or ""
        if url:
            links.append(
                {"title": value.get("title", ""), "text": value.get("text", ""), "icon": value.get("icon"), "url": url}
            )
    return links


@register.inclusion_tag("components/subpage_nav.html", takes_context=True)
def subpage_nav(context, page):
    """The section a standard page belongs to: its children, or else its siblings under a parent page."""
    request = _request(context)
    home = _chrome(context).home
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


@register.simple_tag(takes_context=True)
def portal_site_settings(context):
    """The site's ``SiteSettings`` (footer, contact), usually without a query.

    Outside Wagtail pages the site itself is remembered with them (``_site``). The object
    is cached under the public page cache's ``pages`` tag version, which changes whenever
    settings are saved or a page is published (portal/signals.py), so it is never staler than the pages it appears on.
    It is also stored where ``SiteSettings.for_request`` looks, so templates
    using ``settings.portal.SiteSettings`` share it.
    """
    from portal.models.site_settings import SiteSettings

    request = _request(context)
    if request is None:
        return None
    attr = SiteSettings.get_cache_attr_name()
    if hasattr(request, attr):
        return getattr(request, attr)
    if not hasattr(request, "_wagtail_site"):
        return _remember_site_and_settings(request)
    site = request._wagtail_site
    if site is None:
        return None
    obj = public_cache.remember(
        f"site-settings:{site.pk}",
        ("pages",),
        lambda: SiteSettings.base_queryset().get_or_create(site=site)[0],
    )
    obj._request = request
    setattr(request, attr, obj)
    return obj


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
    from portal.models.pages import NewsPage

    items = list(NewsPage.objects.live().sibling_of(page, inclusive=False).order_by("-date", "-pk")[:limit])
    return {"items": items, "request": _request(context)}


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
    """Member-written rich text (``portal.richtext``), sanitised again at display time."""
    return richtext.render(value)
