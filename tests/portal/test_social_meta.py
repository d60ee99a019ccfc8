"""Link previews (Open Graph): a page shared in Feishu, DingTalk, WeChat or LinkedIn shows its title,
summary and address in the page's language."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.cases.factories import build_case_site, make_case
from tests.portal.page_factories import build_site, make_image, publish

pytestmark = pytest.mark.django_db

META = re.compile(r'<meta property="og:([a-z_]+)" content="([^"]*)">')


def _og(client, url: str) -> dict[str, str]:
    response = client.get(url)
    assert response.status_code == 200
    return dict(META.findall(response.text))


@pytest.fixture
def site():
    return build_site(news_items=1)


def test_a_page_previews_its_title_summary_and_address_in_its_language(client, site):
    site.about.search_description = "联盟的使命、成员和章程。"
    site.about.save_revision().publish()
    assert _og(client, site.about.url) == {
        "site_name": "上海市脑机接口产业创新战略联盟",
        "locale": "zh_CN",
        "type": "website",
        "title": "关于联盟",
        "url": "http://testserver/zh-hans/about/",
        "description": "联盟的使命、成员和章程。",
    }
    english = _og(client, site.about_en.url)
    assert (english["site_name"], english["locale"], english["title"]) == (
        "Shanghai BCI Industry Alliance",
        "en_US",
        "About the alliance",
    )


def test_a_news_item_is_an_article_with_its_summary(client, site):
    item = site.items[0]
    og = _og(client, item.url)
    assert (og["type"], og["title"], og["description"]) == ("article", item.title, item.summary)


def test_the_address_leaves_out_the_query_string_and_lists_have_no_preview_of_their_own(client, site):
    assert _og(client, f"{site.news.url}?category=policy&utm_source=x")["url"] == "http://testserver/zh-hans/news/"
    assert _og(client, "/zh-hans/products/") == {}


def test_a_case_previews_the_picture_it_shows_looked_up_once(client):
    case = make_case(build_case_site().index, title="言语解码案例")
    case.image = make_image()
    publish(case)
    client.cookies["sessionid"] = "x"  # rendered, not served from the public page cache
    client.get(case.url)  # the rendition is made on its first showing
    with CaptureQueriesContext(connection) as queries:
        response = client.get(case.url)
    shown = re.search(r'<img src="([^"]+)"[^>]*class="case-image"', response.text) or re.search(
        r'<img[^>]*class="case-image"[^>]*src="([^"]+)"', response.text
    )
    assert f'<meta property="og:image" content="http://testserver{shown.group(1)}">' in response.text
    assert dict(META.findall(response.text))["type"] == "article"
    renditions = [query["sql"] for query in queries.captured_queries if "wagtailimages_rendition" in query["sql"]]
    assert len(renditions) <= 1, renditions
