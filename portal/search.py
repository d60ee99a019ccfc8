"""What the portal's own pages put in the search (see search/declarations.py).

Pages live in one tree per language, so each page is one document in its language.
Only live pages are indexed; a page behind a view restriction is for staff only. The title and
summary of a page's translation are matching-only words of its document, so a query in either
language finds the page in the visitor's language.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.models.pages import NewsCategory
from search.declarations import (
    TEXT_FIELDS,
    DocumentType,
    Facet,
    join,
    live_pages,
    page_entry,
    register,
    stream_text,
    translation_words,
    translations_of,
)

#: The translation's fields whose words a page's document holds (``translation_words``).
NEWS_TRANSLATED = ("title", "summary")
STANDARD_TRANSLATED = ("title", "introduction", "listing_summary")


def build_news(page):
    return [
        page_entry(
            page,
            summary=page.summary,
            body=join(stream_text(page, "body"), page.source),
            keywords=translation_words(page, NEWS_TRANSLATED),
            facets={"news_category": [page.category]},
            date=page.date,
        )
    ]


def build_standard(page):
    return [
        page_entry(
            page,
            summary=page.introduction or page.listing_summary,
            body=stream_text(page, "body"),
            keywords=translation_words(page, STANDARD_TRANSLATED),
        )
    ]


register(
    DocumentType(
        name="news",
        label=pgettext_lazy("the news index page's heading", "News"),
        label_one=_("News"),
        model="portal.NewsPage",
        fields=TEXT_FIELDS,
        facets=[Facet("news_category", _("Category"), choices=NewsCategory)],
        queryset=live_pages("portal.NewsPage", translation_fields=NEWS_TRANSLATED),
        build=build_news,
        is_page=True,
        position=30,
        dependencies={"portal.NewsPage": translations_of},
    )
)
register(
    DocumentType(
        name="page",
        label=_("Pages"),
        label_one=_("Page"),
        model="portal.StandardPage",
        fields=TEXT_FIELDS,
        queryset=live_pages("portal.StandardPage", translation_fields=STANDARD_TRANSLATED),
        build=build_standard,
        is_page=True,
        position=40,
        dependencies={"portal.StandardPage": translations_of},
    )
)
