"""Wagtail's zh_Hans catalogues lack about 400 of its strings, which showed in English in the Chinese
admin ("26 Images", "(2 new items in this menu)", "Sort by"). ``locale_wagtail/`` (second in
``LOCALE_PATHS``) translates each of them, for the server's pages and the admin's JavaScript."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polib
import pytest
import wagtail
from django.conf import settings
from django.urls import reverse
from django.utils import translation

OVERLAY = Path(settings.BASE_DIR) / "locale_wagtail" / "zh_Hans" / "LC_MESSAGES"
WAGTAIL = Path(wagtail.__file__).parent
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


def _installed_catalogues():
    """(domain, English catalogue, Wagtail's Chinese one) of each installed Wagtail app."""
    for app in settings.INSTALLED_APPS:
        if app != "wagtail" and not app.startswith("wagtail."):
            continue
        folder = WAGTAIL.joinpath(*app.split(".")[1:]) / "locale"
        for domain in ("django", "djangojs"):
            english = folder / "en" / "LC_MESSAGES" / f"{domain}.po"
            if english.exists():
                yield domain, english, folder / "zh_Hans" / "LC_MESSAGES" / f"{domain}.po"


def _translated(path: Path) -> set:
    if not path.exists():
        return set()
    return {(e.msgctxt, e.msgid) for e in polib.pofile(str(path)) if e.translated() and "fuzzy" not in e.flags}


def test_every_string_wagtails_chinese_catalogue_lacks_is_translated_here():
    """After a Wagtail upgrade this lists the new strings: add them to ``locale_wagtail``'s ``.po``."""
    missing = []
    for domain, english, chinese in _installed_catalogues():
        done = _translated(chinese) | _translated(OVERLAY / f"{domain}.po")
        missing += [
            f"{domain}: {entry.msgid!r}"
            for entry in polib.pofile(str(english))
            if not entry.obsolete and (entry.msgctxt, entry.msgid) not in done
        ]
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_translations_keep_their_placeholders(domain):
    """Each keeps the placeholders of its English (the plural's, Chinese having one form) and adds none."""
    problems = []
    for entry in polib.pofile(str(OVERLAY / f"{domain}.po")):
        texts = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        required = set(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        allowed = required | set(PLACEHOLDER.findall(entry.msgid))
        for text in texts:
            found = set(PLACEHOLDER.findall(text))
            if not text or found - allowed or required - found:
                problems.append(entry.msgid)
    assert not problems, problems


@pytest.mark.django_db
def test_the_admin_dashboard_counts_in_chinese(staff_client):
    html = staff_client.get(reverse("wagtailadmin_home")).content.decode()
    assert '张图片 <span class="w-sr-only">创建于' in html
    assert not re.search(r"Images? <span", html)


@pytest.mark.django_db
def test_the_admin_javascript_catalogue_speaks_chinese(staff_client):
    """The sidebar's strings come from the JavaScript catalogue, which reads ``LOCALE_PATHS`` too."""
    with translation.override("zh-hans"):
        script = staff_client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.S).group(1))
    assert catalogue["(%(number)s new items in this menu)"] == "（此菜单中有 %(number)s 个新项目）"
    assert catalogue["(1 new item in this menu)"] == "（此菜单中有 1 个新项目）"
