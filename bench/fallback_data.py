"""A minimal bilingual page tree for when ``manage.py load_demo`` is not available.

bench/run.py uses it only if the ``load_demo`` command does not exist (and says so in
its report); tests/perf uses it to check that every declared page resolves.
Idempotent: pages are looked up by slug before being created.
"""

from __future__ import annotations

import datetime

from wagtail.models import Locale, Page, Site

from portal.models.pages import HomePage, NewsIndexPage, NewsPage, StandardPage


def _publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def _child(parent, model, slug, **fields):
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing
    page = model(slug=slug, locale=parent.locale, **fields)
    parent.add_child(instance=page)
    return _publish(page)


def build_page_tree(news_count: int = 5) -> dict:
    """Home, a standard page, a news index and ``news_count`` news pages in zh-hans, translated to en."""

    zh, _ = Locale.objects.get_or_create(language_code="zh-hans")
    en, _ = Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()

    home = HomePage.objects.filter(locale=zh).first()
    if home is None:
        home = HomePage(
            title="首页",
            slug="bench-home",
            locale=zh,
            hero_title="上海脑机接口产业联盟",
            hero_text="连接企业、医院、高校与投资机构，推动脑机接口产业发展。",
        )
        root.add_child(instance=home)
        _publish(home)
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.hostname, site.port, site.root_page, site.site_name = "localhost", 80, home, "上海脑机接口产业联盟"
    site.save()
    # Wagtail's "Welcome to your new Wagtail site!" placeholder, if still there.
    Page.objects.filter(depth=2, content_type__model="page", content_type__app_label="wagtailcore").delete()

    about = _child(
        home,
        StandardPage,
        "about",
        title="关于联盟",
        introduction="上海脑机接口产业联盟由本市企业、医疗机构与科研院所共同发起。",
    )
    news_index = _child(home, NewsIndexPage, "news", title="新闻与政策", introduction="联盟公告与政策解读。")
    today = datetime.date(2025, 1, 1)
    news = [
        _child(
            news_index,
            NewsPage,
            f"bench-news-{i}",
            title=f"联盟公告第{i}号：脑机接口典型案例征集",
            date=today - datetime.timedelta(days=i),
            summary="面向医疗机构与企业征集脑机接口临床应用典型案例。",
        )
        for i in range(1, news_count + 1)
    ]

    for page in [home, about, news_index, *news]:
        if not page.has_translation(en):
            translation = page.copy_for_translation(en, copy_parents=True)
            _publish(translation)
    return {"home": home, "standard": about, "news_index": news_index, "news": news}
