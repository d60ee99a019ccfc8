"""The sites, their settings and their root paths, read together in one query.

Before it renders, every page needs the site the request is for (Wagtail's
``Site.find_for_request``: one query), that site's ``SiteSettings`` (one query) and the site
root paths that ``Page.get_url`` resolves every link with (``Site.get_site_root_paths``: two
queries). With the caches emptied (the first visitor after a publish) that was four queries
for tables of a row or two on every page. ``read`` reads the sites, the settings, the
translations of the sites' root pages and the locales in one (``portal.db.rows_in_one_query``)
and ``Sites`` answers all three by Wagtail's own rules (and fills Wagtail's root-path cache
for its own readers). ``portal.navigation`` remembers the
result under the public cache's ``pages`` tag (a publish, a ``Site`` or a settings change).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings as django_settings
from django.core.cache import cache
from django.http.request import split_domain_port
from wagtail.models import Locale, Page, Site
from wagtail.models.sites import SITE_ROOT_PATHS_CACHE_KEY, SITE_ROOT_PATHS_CACHE_VERSION, SiteRootPath

from portal.db import rows_in_one_query
from portal.models.site_settings import SiteSettings


@dataclass
class Sites:
    """Every site with its root page, its settings and the root paths of all sites."""

    sites: list[Site] = field(default_factory=list)
    settings: dict[int, SiteSettings] = field(default_factory=dict)
    root_paths: list[SiteRootPath] = field(default_factory=list)

    def for_request(self, request) -> Site | None:
        """The request's site, as ``Site.find_for_request`` finds it (``None`` without one)."""
        hostname = split_domain_port(request._get_raw_host())[0]
        return self.for_hostname(hostname, request.get_port())

    def for_hostname(self, hostname: str, port) -> Site | None:
        """Wagtail's ``get_site_for_hostname``: hostname and port, then hostname on the default site,
        then the default site unless exactly one other site has the hostname."""
        port = int(port) if str(port).isdigit() else port
        candidates = [site for site in self.sites if site.hostname == hostname or site.is_default_site]
        for site in candidates:
            if site.hostname == hostname and site.port == port:
                return site
        for site in candidates:
            if site.hostname == hostname and site.is_default_site:
                return site
        others = [site for site in candidates if not site.is_default_site]
        if len(others) == 1:
            return others[0]
        return next((site for site in candidates if site.is_default_site), None)

    def settings_for(self, site: Site | None) -> SiteSettings | None:
        """The site's settings, or an unsaved row with the defaults (pages read them, never write)."""
        if site is None:
            return None
        return self.settings.get(site.pk) or SiteSettings(site=site)

    def root_paths_of(self, site: Site | None) -> list[SiteRootPath]:
        if site is None:
            return []
        return [srp for srp in self.root_paths if srp.site_id == site.pk]


def read() -> Sites:
    """Sites, settings, root pages' translations and locales: one query (tables of a few rows)."""
    rows = rows_in_one_query(
        {
            "sites": Site.objects.order_by("pk"),
            "settings": SiteSettings.objects.order_by("pk"),
            "roots": Page.objects.filter(
                translation_key__in=Site.objects.order_by().values("root_page__translation_key")
            ).order_by("path"),
            "locales": Locale.objects.order_by("pk"),
        },
        constant="portal.sites",
    )
    pages = {page.pk: page for page in rows["roots"]}
    languages = {locale.pk: locale.language_code for locale in rows["locales"]}
    for site in rows["sites"]:
        site.root_page = pages[site.root_page_id]  # as Wagtail's ``select_related("root_page")``
    root_paths = _root_paths(rows["sites"], rows["roots"], languages)
    # What Wagtail reads where no request is at hand (a rich-text link's ``page.url``), just read:
    # Wagtail deletes the key itself when a site or a site's root page changes.
    cache.set(SITE_ROOT_PATHS_CACHE_KEY, root_paths, 3600, version=SITE_ROOT_PATHS_CACHE_VERSION)
    return Sites(sites=rows["sites"], settings={row.site_id: row for row in rows["settings"]}, root_paths=root_paths)


def _root_paths(sites: list[Site], roots: list[Page], languages: dict[int, str]) -> list[SiteRootPath]:
    """``Site.get_site_root_paths``: most specific root first, then the default site, then by hostname."""
    ordered = sorted(sites, key=lambda site: site.hostname)
    ordered.sort(key=lambda site: (site.root_page.url_path, site.is_default_site), reverse=True)
    found = []
    for site in ordered:
        if getattr(django_settings, "WAGTAIL_I18N_ENABLED", False):
            translations = [page for page in roots if page.translation_key == site.root_page.translation_key]
        else:
            translations = [site.root_page]
        found += [
            SiteRootPath(site.pk, page.url_path, site.root_url, languages[page.locale_id]) for page in translations
        ]
    return found
