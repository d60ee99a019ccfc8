"""Every icon the admin is asked to draw is one Wagtail's sprite has.

An icon name Wagtail does not know ("trophy", "rocket": Font Awesome names Wagtail's set leaves
out) draws nothing, and Wagtail says nothing: the menu entry simply stands without an icon.
"""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse
from wagtail.admin.icons import get_icons
from wagtail.admin.viewsets import viewsets

from tests.factories import ProjectManagerFactory

pytestmark = pytest.mark.django_db


def _sprite_names() -> set[str]:
    return set(re.findall(r'<symbol[^>]*\bid="icon-([\w-]+)"', get_icons()))


def _menu_icons(node):
    """(label, icon) of every entry of the sidebar's props, submenus' entries included."""
    if isinstance(node, dict):
        if "icon_name" in node and "label" in node:
            yield node["label"], node["icon_name"]
        for value in node.values():
            yield from _menu_icons(value)
    elif isinstance(node, list):
        for value in node:
            yield from _menu_icons(value)


def _sidebar(client) -> dict:
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    props = re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(props.group(1))


def test_every_entry_of_the_staff_menu_has_an_icon(staff_client):
    icons = dict(_menu_icons(_sidebar(staff_client)))
    assert "大赛作品" in icons and "孵化器" in icons  # the apps' entries are there
    known = _sprite_names()
    assert {label: icon for label, icon in icons.items() if icon and icon not in known} == {}


def test_every_entry_of_the_project_managers_menu_has_an_icon(client):
    client.force_login(ProjectManagerFactory())
    icons = dict(_menu_icons(_sidebar(client)))
    known = _sprite_names()
    assert {label: icon for label, icon in icons.items() if icon and icon not in known} == {}


def test_every_viewsets_icons_are_wagtails(client):
    """Snippets' and viewsets' icons show in their listings' headers and on the snippets index too."""
    client.get(reverse("wagtailadmin_home"))  # the admin's URLs, hence its viewsets, are loaded
    known = _sprite_names()
    unknown = {
        f"{type(viewset).__name__}.{attribute}": getattr(viewset, attribute)
        for viewset in viewsets.viewsets
        for attribute in ("icon", "menu_icon", "header_icon")
        if getattr(viewset, attribute, "") and getattr(viewset, attribute) not in known
    }
    assert unknown == {}


def test_the_judging_area_is_named_as_an_area_not_as_a_status(staff_client):
    """ "Judging" is also an entry's status (评审中, "being judged"); the menu's area is 评审."""
    labels = dict(_menu_icons(_sidebar(staff_client)))
    assert "评审" in labels and "评审中" not in labels
