"""What the catalogue puts in the portal's search (see search/declarations.py)."""

from django.utils.translation import gettext_lazy as _

import catalog.editions.search  # noqa: F401  (registers the editions: search discovers app modules only)
from catalog.models import Product
from catalog.vocabulary import (
    ApplicationField,
    BCIType,
    Indication,
    ProductFunction,
    RegulatoryClass,
    RegulatoryMilestone,
    SignalModality,
)
from portal import richtext
from search.declarations import (
    ALL_LANGUAGES,
    PUBLIC,
    TEXT_FIELDS,
    DocumentType,
    Entry,
    Facet,
    join,
    labels_in_all_languages,
    per_language,
    register,
)


def _queryset():
    return Product.objects.select_related("organisation").order_by("pk")


def _summary_and_description(product) -> str:
    # Descriptions (sanitised HTML) often open with the summary: show it once.
    summary, description = product.summary, richtext.to_text(product.description)
    return description if summary in description else join(summary, description)


def build(product) -> list[Entry]:
    """One document for both languages: Chinese and English text are both searchable."""
    public = product.live and product.organisation.is_verified
    org = product.organisation

    def render():
        return {
            "title": product.name,
            "summary": product.summary,
            "text": _summary_and_description(product),
            "url": product.get_absolute_url(),
        }

    # Labels in both languages, so 康复 and "rehabilitation" both find a rehabilitation product.
    labels = " ".join(
        [
            labels_in_all_languages(BCIType, [product.bci_type]),
            labels_in_all_languages(SignalModality, [product.signal_modality]),
            labels_in_all_languages(ProductFunction, product.functions or []),
            labels_in_all_languages(ApplicationField, product.application_fields or []),
            labels_in_all_languages(Indication, product.indications or []),
            # The product page shows its regulatory class, certificate number and milestones.
            labels_in_all_languages(RegulatoryClass, [product.regulatory_class]),
            labels_in_all_languages(RegulatoryMilestone, product.milestones or []),
            product.registration_number,
        ]
    )
    return [
        Entry(
            object_id=str(product.pk),
            language=ALL_LANGUAGES,
            text={
                "title": join(product.name_zh, product.name_en, product.model_number),
                "summary": join(product.summary_zh, product.summary_en),
                "body": join(
                    richtext.to_text(product.description_zh),
                    richtext.to_text(product.description_en),
                    org.name_zh,
                    org.name_en,
                    labels,
                ),
            },
            display=per_language(render),
            audiences=[PUBLIC] if public else [],
            facets={
                "bci_type": [product.bci_type],
                "signal_modality": [product.signal_modality],
                "application_field": list(product.application_fields or []),
            },
            date=product.release_date,
        )
    ]


def _organisation_products(organisation):
    return organisation.products.values_list("pk", flat=True)


register(
    DocumentType(
        name="product",
        label=_("Product catalogue"),  # its tab is named as the list (catalog.menus)
        label_one=_("Product"),
        model="catalog.Product",
        fields=TEXT_FIELDS,
        facets=[
            Facet("bci_type", _("BCI type"), choices=BCIType),
            Facet("signal_modality", _("Signal modality"), choices=SignalModality),
            Facet("application_field", _("Application field"), choices=ApplicationField),
        ],
        queryset=_queryset,
        build=build,
        position=10,
        # Verifying (or suspending) an organisation publishes (or hides) its products.
        dependencies={"portal.Organisation": _organisation_products},
    )
)
