"""Links to pages in rich text, resolved in one query.

Wagtail's handler fetches the linked pages as their specific types (the content types, then
one query per type) and then each page's translation in the visitor's language
(``page.localized``: the active ``Locale``, then the translation): three queries or more for
one paragraph with links, which the first visitor after a publish pays on every page whose
body links elsewhere. A link needs only a URL, which the base ``Page`` row gives (no page
type of the portal changes how its URL is made), so the linked pages and their live
translations in the active language are read together, in one query.

The markup is Wagtail's: ``<a href="…">`` to the page's live translation in the active
language, else to the page itself (live or not, as Wagtail links it), ``<a>`` for a page
that no longer exists.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import translation
from django.utils.html import escape
from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler as WagtailPageLinkHandler

from portal.navigation import content_language


class PageLinkHandler(WagtailPageLinkHandler):
    @classmethod
    def get_many(cls, attrs_list: list[dict]) -> list[Page | None]:
        """The linked pages in the active language (``page.localized``), ``None`` where one is gone."""
        ids = {str(attrs.get("id")) for attrs in attrs_list if str(attrs.get("id", "")).isdigit()}
        language = content_language(translation.get_language())
        chosen, localized = {}, {}
        if ids:
            rows = Page.objects.filter(
                Q(pk__in=ids)
                | Q(
                    live=True,
                    locale__language_code=language,
                    translation_key__in=Page.objects.filter(pk__in=ids).values("translation_key"),
                )
            ).select_related("locale")
            for row in rows:
                if str(row.pk) in ids:
                    chosen[str(row.pk)] = row
                if row.live and row.locale.language_code == language:
                    localized[row.translation_key] = row
        pages = []
        for attrs in attrs_list:
            page = chosen.get(str(attrs.get("id")))
            pages.append(None if page is None else localized.get(page.translation_key, page))
        return pages

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        return [f'<a href="{escape(page.url)}">' if page else "<a>" for page in cls.get_many(attrs_list)]


def register_link_type(features) -> None:
    """``register_rich_text_features`` hook, run after Wagtail's own (which registers its handler)."""
    features.register_link_type(PageLinkHandler)
