"""What the typical cases put in the portal's search (see search/declarations.py)."""

from django.utils.translation import gettext_lazy as _

from cases.vocabulary import Approach, BCIType, Indication
from search.declarations import (
    DocumentType,
    Facet,
    Field,
    join,
    labels_in_all_languages,
    live_pages,
    page_entry,
    register,
    stream_text,
)


def build(case):
    vocabulary = " ".join(
        [
            labels_in_all_languages(Indication, case.indications or []),
            labels_in_all_languages(Approach, [case.approach]),
            labels_in_all_languages(BCIType, [case.bci_type]),
        ]
    )
    return [
        page_entry(
            case,
            summary=case.summary,
            body=join(stream_text(case, "narrative"), case.team, vocabulary),
            facets={
                "bci_type": [case.bci_type],
                "indication": list(case.indications or []),
                "approach": [case.approach],
            },
            date=case.start_date,
        )
    ]


register(
    DocumentType(
        name="case",
        label=_("Cases"),
        model="cases.CasePage",
        fields=[Field("title", boost=3), Field("summary", boost=2), Field("body")],
        facets=[
            Facet("bci_type", _("BCI type"), choices=BCIType),
            Facet("indication", _("Indication"), choices=Indication),
            Facet("approach", _("Approach"), choices=Approach),
        ],
        queryset=live_pages("cases.CasePage"),
        build=build,
        is_page=True,
        position=20,
    )
)
