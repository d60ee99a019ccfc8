"""The news as an Atom feed (``portal.feeds``): ``<news index>/feed/`` in each language."""

import copy
import datetime
import xml.etree.ElementTree as ET

import pytest
from wagtail.models import PageViewRestriction

from portal import feeds
from tests.conftest import module_world
from tests.portal.page_factories import build_site, news_item, publish

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


site_built = module_world(lambda: build_site(news_items=3), name="site_built")


@pytest.fixture
def site(site_built):
    """This test's copy of the module's site (built once for the module)."""
    return copy.deepcopy(site_built)


def _feed(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return ET.fromstring(response.content)  # noqa: S314  (the site's own answer)


def _titles(feed: ET.Element) -> list[str]:
    return [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]


def test_the_feed_carries_the_newest_public_news_of_the_index_in_its_language(client, site):
    latest = news_item(site.news, title="大赛报名开启", date=datetime.date(2026, 3, 1), category="competition_call")
    feed = _feed(client, f"{site.news.url}feed/")
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-hans"
    assert feed.find(f"{ATOM}title").text == "新闻与公告 · 上海市脑机接口产业创新战略联盟"
    assert _titles(feed) == ["大赛报名开启", *[item.title for item in site.items]]
    entry = feed.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}link").get("href") == f"http://testserver{latest.url}"
    assert entry.find(f"{ATOM}summary").text == latest.summary
    assert entry.find(f"{ATOM}published").text == "2026-03-01T00:00:00+08:00"
    assert entry.find(f"{ATOM}category").get("term") == "大赛通知"

    english = _feed(client, f"{site.news_en.url}feed/")
    assert english.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert _titles(english) == [item.title for item in site.items_en]


def test_drafts_and_private_news_are_left_out(client, site):
    hidden = site.items[0]
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    news_item(site.news, title="尚未发布").unpublish()
    assert _titles(_feed(client, f"{site.news.url}feed/")) == [item.title for item in site.items[1:]]


def test_the_feed_is_limited_and_costs_the_same_queries_however_long(client, site, django_assert_max_num_queries):
    client.cookies["sessionid"] = "x"  # past the public page cache
    with django_assert_max_num_queries(10) as few:
        client.get(f"{site.news.url}feed/")
    for _ in range(feeds.LIMIT):
        news_item(site.news)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(_titles(_feed(client, f"{site.news.url}feed/"))) == feeds.LIMIT


def test_the_feed_is_cached_for_visitors_until_news_is_published(client, site):
    url = f"{site.news.url}feed/"
    assert client.get(url)["X-Public-Cache"] == "miss"
    assert client.get(url)["X-Public-Cache"] == "hit"
    item = site.items[0]
    item.title = "更正后的标题"
    publish(item)
    assert "更正后的标题" in _titles(_feed(client, url))


def test_the_news_index_links_its_feed_and_other_sub_paths_are_not_found(client, site):
    page = client.get(site.news_en.url).text
    link = '<link rel="alternate" type="application/atom+xml" title="News and announcements" href="{}feed/">'
    assert link.format(site.news_en.url) in page
    assert f'href="{site.news_en.url}feed/">Subscribe (Atom feed)</a>' in page
    assert client.get(f"{site.news.url}feed/more/").status_code == 404
    assert client.get(f"{site.about.url}feed/").status_code == 404
