"""What the recommended catalogue's editions put in the portal's search (see search/declarations.py).

A published edition is one document for both languages: its title and the words a visitor uses
for it (推荐目录, 产品推荐目录, recommended catalogue), its introduction, and its recommended
products with their enterprises and categories, so 推荐目录 or a recommended product's name finds
the edition. Drafts and editions whose call is running are nobody's (no audience). Imported by
``catalog.search`` (search discovers app modules named ``search``, and editions live in the
catalogue's app).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from catalog.editions.models import Edition, RecommendationCategory
from portal import richtext
from search.declarations import (
    ALL_LANGUAGES,
    PUBLIC,
    TEXT_FIELDS,
    DocumentType,
    Entry,
    join,
    labels_in_all_languages,
    per_language,
    register,
)

#: What people call an edition, in both languages (the titles do not always say it).
NAMES = "推荐目录 产品推荐目录 年度推荐目录 recommended catalogue edition"


def _queryset():
    return Edition.objects.prefetch_related("entries").order_by("pk")


def build(edition) -> list[Entry]:
    entries = list(edition.entries.all())

    def render():
        return {
            "title": str(edition.title),
            "summary": richtext.to_text(edition.intro)[:300],
            "text": richtext.to_text(edition.intro),
            "url": edition.get_absolute_url(),
        }

    products = " ".join(
        join(entry.name_zh, entry.name_en, entry.model_number, entry.enterprise_zh, entry.enterprise_en)
        for entry in entries
    )
    categories = labels_in_all_languages(RecommendationCategory, sorted({entry.category for entry in entries}))
    return [
        Entry(
            object_id=str(edition.pk),
            language=ALL_LANGUAGES,
            text={
                "title": join(edition.title_zh, edition.title_en, str(edition.year), NAMES),
                "summary": join(richtext.to_text(edition.intro_zh), richtext.to_text(edition.intro_en)),
                "body": join(products, categories),
            },
            display=per_language(render),
            audiences=[PUBLIC] if edition.is_published else [],
            date=edition.published_at.date() if edition.published_at else None,
        )
    ]


register(
    DocumentType(
        name="edition",
        label=_("Recommended catalogue editions"),
        label_one=_("Recommended catalogue edition"),
        model="catalog.Edition",
        fields=TEXT_FIELDS,
        queryset=_queryset,
        build=build,
        position=15,
        dependencies={"catalog.EditionEntry": lambda entry: [entry.edition_id]},
    )
)
