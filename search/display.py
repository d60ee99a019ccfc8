"""Helpers for building search documents in a domain app's ``search.py``."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.utils import translation


def per_language(render: Callable[[], dict[str, str]]) -> dict[str, dict[str, str]]:
    """``render()`` (title, summary, text, url) called once with each portal language active."""
    out = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            out[code] = {key: str(value or "") for key, value in render().items()}
    return out


def join(*parts) -> str:
    return "\n".join(str(part) for part in parts if part)


def labels_in_all_languages(choices, values) -> str:
    """Vocabulary labels in every portal language, so 失语 and "aphasia" both find the value."""
    out = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            out += [str(choices(v).label) for v in values if v in choices.values]
    return " ".join(dict.fromkeys(out))


def stream_text(page, name: str) -> str:
    """The searchable text of a StreamField or RichTextField (Wagtail's own extraction)."""
    field = page._meta.get_field(name)
    return join(*field.get_searchable_content(getattr(page, name)))


def page_entry(page, *, summary: str, body: str, facets=None, date=None):
    """The document of a Wagtail page: one per page, in the page's language (pages are per-locale trees).

    A page behind a view restriction (password, login, groups) is for staff only.
    """
    from search.declarations import PUBLIC, Entry

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


def live_pages(model: str):
    """The queryset factory of a page type's documents: live pages only."""

    def queryset():
        from django.apps import apps

        return apps.get_model(model).objects.live().select_related("locale").order_by("pk")

    return queryset
