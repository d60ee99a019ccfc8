"""What the catalogue puts in the portal's search (see search/declarations.py)."""

from django.utils.translation import gettext_lazy as _

from catalog.vocabulary import ApplicationField, BCIType, ProductFunction, SignalModality
from search.declarations import ALL_LANGUAGES, PUBLIC, DocumentType, Entry, Facet, Field, register
from search.display import join, per_language


def _queryset():
    from catalog.models import Product

    return Product.objects.select_related("organisation").order_by("pk")


def _labels(choices, values):
    return [str(choices(v).label) for v in values if v in choices.values]


def build(product) -> list[Entry]:
    """One document for both languages: Chinese and English text are both searchable."""
    public = product.live and product.organisation.is_verified
    org = product.organisation

    def render():
        return {
            "title": product.name,
            "summary": product.summary,
            "text": join(product.summary, product.description),
            "url": product.get_absolute_url(),
            "meta": org.name,
        }

    vocabulary = [
        *_labels(BCIType, [product.bci_type]),
        *_labels(SignalModality, [product.signal_modality]),
        *_labels(ProductFunction, product.functions),
        *_labels(ApplicationField, product.application_fields),
    ]
    display = per_language(render)
    # Labels in both languages, so 康复 and "rehabilitation" both find a rehabilitation product.
    labels = " ".join({label for lang in display for label in _translated(vocabulary, lang)})
    return [
        Entry(
            object_id=str(product.pk),
            language=ALL_LANGUAGES,
            text={
                "title": join(product.name_zh, product.name_en, product.model_number),
                "summary": join(product.summary_zh, product.summary_en),
                "body": join(product.description_zh, product.description_en, org.name_zh, org.name_en, labels),
            },
            display=display,
            audiences=[PUBLIC] if public else [],
            facets={
                "bci_type": [product.bci_type],
                "signal_modality": [product.signal_modality],
                "application_field": list(product.application_fields or []),
            },
            date=product.release_date,
        )
    ]


def _translated(labels, language):
    from django.utils import translation

    with translation.override(language):
        return [str(label) for label in labels]


def _organisation_products(organisation):
    return organisation.products.values_list("pk", flat=True)


register(
    DocumentType(
        name="product",
        label=_("Products"),
        model="catalog.Product",
        fields=[Field("title", boost=3), Field("summary", boost=2), Field("body")],
        facets=[
            Facet("bci_type", _("BCI type"), choices=BCIType),
            Facet("signal_modality", _("Signal modality"), choices=SignalModality),
            Facet("application_field", _("Application field"), choices=ApplicationField),
        ],
        queryset=_queryset,
        build=build,
        # Verifying (or suspending) an organisation publishes (or hides) its products.
        dependencies={"portal.Organisation": _organisation_products},
    )
)
