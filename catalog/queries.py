"""Read paths of the catalogue pages."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count

from catalog.models import Product
from catalog.vocabulary import BCIType, RegulatoryClass, SignalModality
from portal.i18n import is_english


@dataclass(frozen=True)
class Facet:
    """One filter of the catalogue: a model field, its vocabulary (``None``: the values found) and the parameter."""

    param: str
    field: str
    choices: type | None
    label: str

    def accepts(self, value: str) -> bool:
        if self.choices is None:
            return bool(SLUG_RE.match(value))
        return value in self.choices.values


SLUG_RE = re.compile(r"^[-a-z0-9]{1,80}$")


def facets() -> list[Facet]:
    from django.utils.translation import gettext_lazy as _

    return [
        Facet("type", "bci_type", BCIType, _("BCI type")),
        Facet("modality", "signal_modality", SignalModality, _("Signal modality")),
        Facet("regulatory", "regulatory_class", RegulatoryClass, _("Regulatory class")),
        Facet("enterprise", "organisation__slug", None, _("Enterprise")),
    ]


def public_products():
    return Product.objects.public().select_related("organisation")


def selected_filters(params) -> dict[str, str]:
    """The valid facet values in ``params`` (a QueryDict): unknown values are ignored."""
    selected = {}
    for facet in facets():
        value = params.get(facet.param, "")
        if value and facet.accepts(value):
            selected[facet.param] = value
    return selected


def catalogue_page(*, selected: dict[str, str], page=None, per_page: int = 20):
    """One page of public products plus the facet counts; a fixed number of queries.

    Each facet counts the products matching the *other* selected facets, so a visitor
    sees how many products each choice would give.
    """
    all_facets = facets()
    base = Product.objects.public()
    by_field = {facet.field: selected[facet.param] for facet in all_facets if facet.param in selected}
    results = public_products().filter(**by_field).order_by("name_zh", "pk")
    facet_rows = []
    for facet in all_facets:
        others = {field: value for field, value in by_field.items() if field != facet.field}
        counted = base.filter(**others).order_by()
        if facet.choices is None:
            options = _organisation_options(counted)
        else:
            counts = dict(counted.values_list(facet.field).annotate(n=Count("pk")).values_list(facet.field, "n"))
            options = [
                {"value": value, "label": label, "count": counts.get(value, 0)}
                for value, label in facet.choices.choices
            ]
        facet_rows.append({"facet": facet, "selected": selected.get(facet.param, ""), "options": options})
    return Paginator(results, per_page).get_page(page), facet_rows


def _organisation_options(products) -> list[dict]:
    """Enterprises with matching products, with their counts, in one grouped query."""
    rows = (
        products.values_list("organisation__slug", "organisation__name_zh", "organisation__name_en")
        .annotate(n=Count("pk"))
        .order_by("organisation__name_zh")
    )
    english = is_english()
    return [
        {"value": slug, "label": (name_en if english and name_en else name_zh), "count": n}
        for slug, name_zh, name_en, n in rows
    ]


def products_for(user):
    """Products of the user's organisations: the only ones member pages may look up (others 404)."""
    if not user.is_authenticated:
        return Product.objects.none()
    return Product.objects.filter(organisation__memberships__user=user).select_related("organisation")


def products_awaiting_review():
    from catalog.vocabulary import ModerationStatus

    return (
        Product.objects.filter(moderation_status=ModerationStatus.SUBMITTED)
        .select_related("organisation")
        .order_by("submitted_at")
    )
