"""Build small bilingual Wagtail page trees for tests.

``build_site()`` makes the portal's shape: a Chinese ``HomePage`` as the
default site's root, an English translation of it, standard pages in the
menu, a news index and news items. Helpers add more pages and translations.
"""

from __future__ import annotations

import datetime
import io
import itertools
from dataclasses import dataclass, field

from django.core.files.images import ImageFile
from wagtail.images.models import Image
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from portal.models.pages import HomePage, NewsCategory, NewsIndexPage, NewsPage, StandardPage

_slugs = itertools.count(1)


def locales() -> tuple[Locale, Locale]:
    zh = Locale.objects.get_or_create(language_code="zh-hans")[0]
    en = Locale.objects.get_or_create(language_code="en")[0]
    return zh, en


def publish(page: Page) -> Page:
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def add_child(parent: Page, page: Page, *, live: bool = True) -> Page:
    parent = Page.objects.get(pk=parent.pk)  # fresh tree data: treebeard needs numchild/path up to date
    page.live = live
    parent.add_child(instance=page)
    if live:
        publish(page)
    else:
        page.save_revision()
    return page.specific


def translate(page: Page, locale: Locale, **fields) -> Page:
    """Copy ``page`` into ``locale`` (Wagtail's own mechanism), set ``fields`` and publish it."""
    copy = page.specific.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    return publish(copy).specific


def make_image(title: str = "示意图") -> Image:
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (640, 360), (18, 62, 110)).save(buffer, "JPEG")
    return Image.objects.create(title=title, file=ImageFile(buffer, name=f"test-{next(_slugs)}.jpg"))


def standard_page(
    parent: Page, *, title: str, slug: str | None = None, show_in_menus: bool = True, live: bool = True, **fields
):
    fields.setdefault("introduction", f"{title}的简介。")
    fields.setdefault(
        "body",
        [
            ("heading", "工作任务"),
            ("paragraph", RichText("<p>发布典型应用案例与创新产品推荐目录。</p>")),
            ("callout", {"title": "联系我们", "text": RichText("<p>请发送邮件。</p>")}),
            ("table", {"caption": "共性平台", "rows": [["平台", "类型"], ["微纳加工平台", "GMP"]]}),
        ],
    )
    page = StandardPage(title=title, slug=slug or f"page-{next(_slugs)}", show_in_menus=show_in_menus, **fields)
    return add_child(parent, page, live=live)


def news_index(parent: Page, *, title: str = "新闻与公告", slug: str = "news", show_in_menus: bool = True):
    page = NewsIndexPage(title=title, slug=slug, show_in_menus=show_in_menus, introduction="联盟公告与政策解读。")
    return add_child(parent, page)


def news_item(
    index: Page,
    *,
    title: str | None = None,
    category: str = NewsCategory.ANNOUNCEMENT,
    date: datetime.date | None = None,
    source: str = "联盟秘书处",
    slug: str | None = None,
):
    n = next(_slugs)
    page = NewsPage(
        title=title or f"联盟公告第{n}号",
        slug=slug or f"news-{n}",
        category=category,
        date=date or datetime.date(2025, 6, 1) - datetime.timedelta(days=n),
        summary=f"公告摘要{n}：面向企业与医疗机构。",
        source=source,
        body=[("paragraph", RichText(f"<p>正文{n}。</p>"))],
    )
    return add_child(index, page)


@dataclass
class SiteTree:
    site: Site
    zh: Locale
    en: Locale
    home: HomePage
    home_en: HomePage
    about: StandardPage
    about_en: StandardPage
    members: StandardPage
    hidden: StandardPage
    draft: StandardPage
    news: NewsIndexPage
    news_en: NewsIndexPage
    items: list[NewsPage] = field(default_factory=list)
    items_en: list[NewsPage] = field(default_factory=list)


def build_site(*, news_items: int = 3) -> SiteTree:
    """The default site with a bilingual home page, menu pages and news."""
    zh, en = locales()
    root = Page.get_first_root_node()
    home = HomePage(
        title="首页",
        slug="home-portal",
        locale=zh,
        hero_title="汇聚创新力量，培育脑机接口未来产业",
        hero_text="发布非侵入式脑机接口创新产品推荐目录与典型应用案例。",
        body=[("heading", "联盟简介"), ("paragraph", RichText("<p>联盟依据行动方案组建。</p>"))],
    )
    root.add_child(instance=home)
    publish(home)
    site = Site.objects.filter(is_default_site=True).first() or Site(hostname="localhost", port=80)
    site.root_page = home
    site.is_default_site = True
    site.save()

    about = standard_page(home, title="关于联盟", slug="about")
    members = standard_page(about, title="成员单位", slug="members", show_in_menus=False)
    hidden = standard_page(home, title="隐私政策", slug="privacy", show_in_menus=False)
    draft = standard_page(home, title="筹备中栏目", slug="draft", live=False)
    news = news_index(home)
    categories = list(NewsCategory.values)
    items = [news_item(news, category=categories[i % len(categories)]) for i in range(news_items)]

    home = HomePage.objects.get(pk=home.pk)
    home.sections = [
        ("section", {"title": "新闻", "text": "联盟公告。", "page": news, "url": "", "icon": "news"}),
        ("section", {"title": "全站检索", "text": "检索。", "page": None, "url": "/zh-hans/search/", "icon": "search"}),
    ]
    publish(home)

    home_en = translate(home, en, title="Home", hero_title="Building the BCI future industry", hero_text="Catalogue.")
    about_en = translate(about, en, title="About the alliance", introduction="About us.")
    news_en = translate(news, en, title="News and announcements")
    items_en = [
        translate(item, en, title=f"English news {item.slug}", summary="English summary.") for item in items[:1]
    ]
    return SiteTree(
        site=site,
        zh=zh,
        en=en,
        home=HomePage.objects.get(pk=home.pk),
        home_en=home_en,
        about=about,
        about_en=about_en,
        members=members,
        hidden=hidden,
        draft=draft,
        news=news,
        news_en=news_en,
        items=items,
        items_en=items_en,
    )
