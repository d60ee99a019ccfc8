"""The home page's link to every news item says what the page it leads to is headed, in each language."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from tests.portal import page_factories
from tests.portal.page_factories import publish

pytestmark = pytest.mark.django_db

DEMO_PAGES = Path(django_settings.BASE_DIR) / "portal" / "demo" / "content" / "pages.toml"


def _news_index_titles() -> dict[str, str]:
    """The news index page's title in each language, as the portal's content has it."""
    pages = tomllib.loads(DEMO_PAGES.read_text(encoding="utf-8"))["pages"]
    news = next(page for page in pages if page["path"] == "news")
    return {"zh-hans": news["zh"]["title"], "en": news["en"]["title"]}


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>|→", "", html).strip()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_link_to_all_news_names_the_page_it_leads_to(client, settings, language):
    """In English "All news and announcements" led to a page headed "News"."""
    settings.PORTAL_PUBLIC_CACHE_ENABLED = False
    tree = page_factories.build_site(news_items=1)
    titles = _news_index_titles()
    for index, title in ((tree.news, titles["zh-hans"]), (tree.news_en, titles["en"])):
        index.title = title
        publish(index)
    home = client.get(f"/{language}/").text
    href, link = re.search(r'<a class="more-link" href="([^"]+)">(.*?)</a>', home).groups()
    heading = _text(re.search(r"<h1[^>]*>(.*?)</h1>", client.get(href).text, re.S).group(1))
    assert heading == titles[language]
    assert _text(link).lower() in {f"all {heading.lower()}", f"全部{heading}"}
