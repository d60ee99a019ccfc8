"""What the typical cases put in the portal's search (see search/declarations.py).

A case is one document per language (pages are per-locale trees). Its searchable text is all a
public case page shows (cases/case_page.html): summary, narrative, outcome measures, adverse
events, timeline, institutions and team, products used, publications and trial registrations.
That text is also the snippet's, in the page's language, each passage once.

Matching only (never shown in a snippet): the vocabulary labels in both languages (with the
"BCI type" fact, so 脑机接口 and BCI find every case of the library whichever language the
visitor reads) and the words of the case's translation, so a query in either language finds
the visitor's-language case that matches it in the other.

A case published by an organisation that is not verified now (suspended) is for no audience, as
its page is a 404 (``CasePage.published``); the organisation's verification decision reindexes it.
"""

from django.db.models import Exists, Prefetch, Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cases.models import CasePage, of_unverified_organisations
from cases.vocabulary import Approach, BCIType, CaseFunction, CaseStatus, Indication, TrialPhase
from catalog.models import Product
from portal import richtext
from search.declarations import (
    TEXT_FIELDS,
    DocumentType,
    Facet,
    fact_in_all_languages,
    join,
    labels_in_all_languages,
    page_entry,
    register,
    translation_words,
    translations_of,
    with_translation,
)

#: The translation's fields read with the case (one sub-query, no query per case).
TRANSLATED = ("title", "summary", "narrative", "adverse_events", "team")


def _queryset():
    cases = (
        CasePage.objects.live()
        .select_related("locale")
        .prefetch_related(
            "outcomes",
            "milestones",
            "publications",
            "trial_registrations",
            "institutions",
            Prefetch("products", queryset=Product.objects.public().select_related("organisation")),
        )
        .annotate(hidden_with_its_organisation=Exists(of_unverified_organisations()))
        .order_by("pk")
    )
    return with_translation(cases, TRANSLATED)


def page_text(case) -> str:
    """What the case page shows below its summary, in the page's language (its snippet's passages)."""
    with translation.override(case.locale.language_code):
        milestones = sorted(case.milestones.all(), key=lambda milestone: milestone.date)
        return join(
            richtext.to_text(case.narrative),
            *(outcome.line for outcome in case.outcomes.all()),
            case.adverse_events,
            *(milestone.event for milestone in milestones),
            *(str(institution.name) for institution in case.institutions.all()),
            case.team,
            *(f"{product.name} · {product.organisation.name}" for product in case.products.all()),
            *(join(publication.citation, publication.doi) for publication in case.publications.all()),
            *(registration.registration_id for registration in case.trial_registrations.all()),
        )


def keywords(case) -> str:
    """Matching-only text: the vocabulary in both languages and the translation's words."""
    return join(
        fact_in_all_languages(_("BCI type"), BCIType, [case.bci_type]),
        labels_in_all_languages(Indication, case.indications or []),
        labels_in_all_languages(CaseFunction, case.functions or []),
        labels_in_all_languages(Approach, [case.approach]),
        labels_in_all_languages(TrialPhase, [case.phase]),
        labels_in_all_languages(CaseStatus, [case.case_status]),
        translation_words(case, TRANSLATED, convert={"narrative": richtext.to_text}),
    )


def build(case):
    entry = page_entry(
        case,
        summary=case.summary,
        body=page_text(case),
        keywords=keywords(case),
        facets={
            "bci_type": [case.bci_type],
            "indication": list(case.indications or []),
            "approach": [case.approach],
        },
        date=case.start_date,
    )
    if case.hidden_with_its_organisation:
        entry.audiences = []
    return [entry]


def _product_cases(product):
    return product.cases.values_list("pk", flat=True)


def _organisation_cases(organisation):
    """The cases that name the organisation: as an institution, or as the maker of a product used
    (a suspended enterprise's products leave the case's document as they leave its page), and the
    cases it published, in every language (suspended, they leave search as they leave the library)."""
    published = CasePage.objects.filter(submission__organisation=organisation).values("translation_key")
    named = Q(institutions=organisation) | Q(products__organisation=organisation) | Q(translation_key__in=published)
    return CasePage.objects.filter(named).values_list("pk", flat=True).distinct()


register(
    DocumentType(
        name="case",
        label=_("Case library"),  # its tab is named as the case library page
        label_one=_("Case"),
        model="cases.CasePage",
        fields=TEXT_FIELDS,
        facets=[
            Facet("bci_type", _("BCI type"), choices=BCIType),
            Facet("indication", _("Indication"), choices=Indication),
            Facet("approach", _("Approach"), choices=Approach),
        ],
        queryset=_queryset,
        build=build,
        is_page=True,
        position=20,
        dependencies={
            # A case published (or saved) changes its translation's matching words.
            "cases.CasePage": translations_of,
            # The names of the products used and of the institutions are shown and searchable.
            "catalog.Product": _product_cases,
            "portal.Organisation": _organisation_cases,
        },
    )
)
