"""A translation behind a view restriction lends none of its words to the public page in the other language."""

import pytest
from wagtail.models import PageViewRestriction

from search.engines import database
from search.permissions import audiences_for
from search.query import SearchQuery
from tests.portal.page_factories import build_site, news_item, translate

pytestmark = pytest.mark.django_db


def public_keys(text: str) -> set[tuple[str, str]]:
    return set(database.search(SearchQuery(text=text, audiences=audiences_for(None))).keys)


def test_the_words_of_a_private_translation_do_not_find_the_public_page():
    tree = build_site(news_items=0)
    news = news_item(tree.news, title="联盟公告：合作进展")
    news_en = translate(news, tree.en, title="Confidential merger with Zorbatec", summary="Terms of the merger.")
    assert ("news", str(news.pk)) in public_keys("zorbatec")  # public: its words find the Chinese page too

    restriction = PageViewRestriction.objects.create(page=news_en, restriction_type=PageViewRestriction.LOGIN)
    assert ("news", str(news.pk)) not in public_keys("zorbatec")

    restriction.delete()
    assert ("news", str(news.pk)) in public_keys("zorbatec")


def test_a_private_english_section_lends_no_words_to_the_chinese_pages():
    tree = build_site(news_items=0)
    news = news_item(tree.news, title="联盟公告：合作进展")
    translate(news, tree.en, title="Confidential merger with Zorbatec", summary="Terms of the merger.")
    PageViewRestriction.objects.create(page=tree.news_en, restriction_type=PageViewRestriction.PASSWORD, password="x")
    assert ("news", str(news.pk)) not in public_keys("zorbatec")
