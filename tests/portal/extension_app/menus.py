"""A list of the extension app that an editorial page may lead to (``portal.menus``)."""

from portal.menus import AppList

LISTS = [AppList("portal:dashboard", "Extension list")]
