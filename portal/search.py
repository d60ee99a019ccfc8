"""What the portal's own pages put in the search (see search/declarations.py).

Pages live in one tree per language, so each page is one document in its language.
Only live pages are indexed; a page behind a view restriction is for staff only.
"""

from django.utils.translation import gettext_lazy as _

from portal.models.pages import NewsCategory
from search.declarations import PUBLIC, DocumentType, Entry, Facet, Field, register
from search.display import join


def _stream_text(page, name: str) -> str:
    field = page._meta.get_field(name)
    return join(*field.get_searchable_content(getattr(page, name)))


def _entry(page, *, summary: str, body: str, facets=None, date=None) -> Entry:
    language = page.locale.language_code
    restricted = page.get_view_restrictions().exists()
    return Entry(
        object_id=str(page.pk),
        language=language,
        text={"title": page.title, "summary": summary, "body": body},
        display={language: {"title": page.title, "summary": summary, "text": join(summary, body), "url": page.url}},
        audiences=[] if restricted else [PUBLIC],
        facets=facets or {},
        date=date,
    )


def build_news(page) -> list[Entry]:
    return [
        _entry(
            page,
            summary=page.summary,
            body=join(_stream_text(page, "body"), page.source),
            facets={"news_category": [page.category]},
            date=page.date,
        )
    ]


def build_standard(page) -> list[Entry]:
    summary = page.introduction or page.listing_summary
    return [_entry(page, summary=summary, body=_stream_text(page, "body"))]


def _pages(model_name):
    def queryset():
        from portal.models import pages

        return getattr(pages, model_name).objects.live().select_related("locale").order_by("pk")

    return queryset


FIELDS = [Field("title", boost=3), Field("summary", boost=2), Field("body")]

register(
    DocumentType(
        name="news",
        label=_("News"),
        model="portal.NewsPage",
        fields=FIELDS,
        facets=[Facet("news_category", _("Category"), choices=NewsCategory)],
        queryset=_pages("NewsPage"),
        build=build_news,
        is_page=True,
    )
)
register(
    DocumentType(
        name="page",
        label=_("Pages"),
        model="portal.StandardPage",
        fields=FIELDS,
        queryset=_pages("StandardPage"),
        build=build_standard,
        is_page=True,
    )
)
