"""Extension point: an app's lists that an editorial page can lead to (the menu's way in).

An app whose public list is a Django view, not a Wagtail page (the product list, the editions),
declares it in its own ``menus.py``::

    # <app>/menus.py
    LISTS = [AppList("<app>:thing_list", _("Things"))]

Staff then choose it as the list a ``StandardPage`` introduces ("its list": ``list_view``, or a
page with ``list_page``). The page's menu entry opens that list (one click from the menu to the
list), the page shows a prominent link to it, and the list links back to the page that introduces
it (``portal.navigation.introduction_for``). The core never names the app: it reverses the URL
name it was given.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from portal import discovery


@dataclass(frozen=True)
class AppList:
    #: The URL name of the list (``"<namespace>:<name>"``), reversed in the active language.
    url_name: str
    #: What it is called, in menus and admin choices (a lazy translation).
    label: str
    #: The URL names of the app's other lists that belong to the same menu section: the menu entry
    #: that opens this list stays marked on them and their records (the editions, beside the products).
    section: tuple[str, ...] = ()


def app_lists() -> list[AppList]:
    """Every app's ``LISTS``, in ``INSTALLED_APPS`` order."""
    return [item for _label, declared in discovery.declared("menus", "LISTS") for item in declared]


def list_choices() -> list[tuple[str, str]]:
    """The choices of ``StandardPage.list_view`` (a callable, so migrations do not copy them)."""
    return [(item.url_name, item.label) for item in app_lists()]


def find(url_name: str) -> AppList | None:
    return next((item for item in app_lists() if item.url_name == url_name), None)


def section_urls(url_name: str) -> list[str]:
    """The URLs (active language) of the list ``url_name`` and of the lists of its section."""
    found = find(url_name)
    if found is None:
        return []
    return [url for url in (list_url(url_name), *(_reverse(name) for name in found.section)) if url]


def _reverse(url_name: str) -> str:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return ""


def list_url(url_name: str) -> str:
    """The list's URL in the active language, or ``""`` when the app that declared it is gone."""
    if not url_name or find(url_name) is None:
        return ""
    return _reverse(url_name)
