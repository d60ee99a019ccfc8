"""Read paths shared by the site core's pages."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from portal import public_cache


class CountedPaginator(Paginator):
    """A paginator told the total (a list that counted its matches with its facets): no extra COUNT query."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


def latest_news(*, locale, limit: int = 4):
    """The newest public news in a locale (a Locale or its id), remembered until a page is published."""
    from portal.models.pages import NewsPage

    locale_id = getattr(locale, "pk", locale)
    return public_cache.remember(
        f"latest-news:{locale_id}:{limit}",
        ("pages",),
        lambda: list(NewsPage.objects.live().public().filter(locale_id=locale_id).order_by("-date", "-pk")[:limit]),
    )


def news_page(*, index, category: str = "", page=None, per_page: int = 12):
    from portal.models.pages import NewsPage

    qs = NewsPage.objects.live().public().child_of(index).order_by("-date", "-pk")
    if category:
        qs = qs.filter(category=category)
    return Paginator(qs, per_page).get_page(page)
