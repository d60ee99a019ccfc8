"""The site map for search engines: ``/sitemap.xml`` and its sections (``portal.views.crawlers``).

Every public address is listed once per language it exists in, each with its translations as
``hreflang`` alternates and the Chinese one, without its language prefix, as ``x-default`` (the
site then sends a visitor to the language their browser asks for). The core lists the Wagtail
pages anyone may read, the apps' lists (``portal.menus``) and the verified organisations' pages;
an app lists its own public records in its own ``sitemaps.py``::

    # <app>/sitemaps.py
    class ThingSitemap(LocalisedSitemap):
        tags = ("<app>",)  # the public cache tags of what it lists

        def items(self):
            return queries.public_things().order_by("pk")

    SITEMAPS = {"things": ThingSitemap}

A section is cached for anonymous visitors like a page, under its ``tags``: whatever invalidates
the pages showing those records refreshes the section too.
"""

from __future__ import annotations

import operator
from functools import reduce

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from portal import discovery, menus, navigation
from portal.organisations.models import Organisation, VerificationStatus
from portal.restrictions import public_pages

#: Every language the site is in, by its URL prefix.
LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


class LocalisedSitemap(Sitemap):
    """Records shown by a view under ``i18n_patterns``: one address per language, the others as alternates.

    ``location`` runs with the address's language active, so ``get_absolute_url`` (a ``reverse``)
    gives it its prefix. ``lastmod`` is read from ``lastmod_field`` when a section names one.
    """

    i18n = True
    alternates = True
    x_default = True
    languages = LANGUAGE_CODES
    #: The public cache tags of what the section lists.
    tags: tuple[str, ...] = ()
    #: The field holding when a record last changed in public, if any.
    lastmod_field = ""

    def __init__(self, request=None):
        self.request = request

    def lastmod(self, item):
        return getattr(item, self.lastmod_field) if self.lastmod_field else None


class PageSitemap(LocalisedSitemap):
    """The site's live pages that anyone may read (view restrictions leave a page and its subtree out).

    An item is a page with its translations, ``{language: page}``: a page is listed in the
    languages it is published in, not in the others. One query, whatever the number of pages.
    """

    tags = ("pages",)

    def items(self):
        roots = navigation.site_root_paths(self.request)
        if not roots:
            return []
        under_site = reduce(operator.or_, (Q(url_path__startswith=root.root_path) for root in roots))
        pages = public_pages(Page.objects.live().filter(under_site, depth__gt=1))
        groups: dict = {}
        for page in pages.select_related("locale").order_by("path"):
            code = page.locale.language_code
            groups.setdefault(page.translation_key, {})[code] = page
        return [_by_language(group) for group in groups.values()]

    def get_languages_for_item(self, item):
        return list(item)

    def location(self, item):
        return item[translation.get_language()].get_url_parts(self.request)[2]

    def lastmod(self, item):
        # Django asks without the address's language active: the latest of the translations.
        return max((page.last_published_at for page in item.values() if page.last_published_at), default=None)


def _by_language(group: dict) -> dict:
    """A page's translations by the site's language codes (``zh-hans``), from their locales' codes."""
    locales = {code: navigation.content_language(code) for code in LANGUAGE_CODES}
    return {code: group[locale] for code, locale in locales.items() if locale in group}


class ListSitemap(LocalisedSitemap):
    """The apps' lists (the product list, the startup directory…): their first page, unfiltered."""

    def items(self):
        return menus.app_lists()

    def location(self, item):
        return reverse(item.url_name)


class OrganisationSitemap(LocalisedSitemap):
    """The public pages of verified organisations."""

    tags = ("organisations",)
    lastmod_field = "updated_at"

    def items(self):
        return Organisation.objects.filter(verification_status=VerificationStatus.VERIFIED).order_by("pk")


def sections(request) -> dict[str, LocalisedSitemap]:
    """The core's sections and every app's ``SITEMAPS``, by name, for ``request``'s site."""
    found = {"pages": PageSitemap, "lists": ListSitemap, "organisations": OrganisationSitemap}
    for _label, declared in discovery.declared("sitemaps", "SITEMAPS"):
        found.update(declared)
    return {name: section(request) for name, section in found.items()}


def tags_of(found: dict[str, LocalisedSitemap]) -> tuple[str, ...]:
    """The public cache tags of the given sections, each once."""
    return tuple(dict.fromkeys(tag for section in found.values() for tag in section.tags))
