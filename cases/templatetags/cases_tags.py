"""Template tags of the case pages."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from cases.vocabulary import Approach, BCIType, TrialPhase

register = template.Library()

_CURRENT = ' aria-current="page"'
#: ``{value: label}`` of the vocabularies a card shows (``get_<field>_display`` hashes every
#: choice's lazy label on each call).
_LABELS = {
    name: dict(choices.choices)
    for name, choices in (("bci_type", BCIType), ("approach", Approach), ("phase", TrialPhase))
}


@register.simple_tag
def facet_option_items(row):
    """The ``<li>`` links of one case-index facet: the options with cases, and the selected one.

    ``row`` is one of ``case_listing``'s facet rows, each option shown with its ``url`` (set by
    ``portal.listing.links.FacetLinks.decorate``). Written in Python rather than as a template
    loop: the institution facet alone can list hundreds of options, and the loop cost ~15 µs
    per option (5-6 ms for the 2,000-case bench index's 370 options; this ~1 ms).
    """
    return mark_safe(  # noqa: S308 - every interpolated value is escaped
        "".join(
            f'<li><a href="{escape(option["url"])}"{_CURRENT if option["selected"] else ""}>'
            f'{escape(option["label"])} <span class="badge">{int(option["count"])}</span></a></li>'
            for option in row["options"]
            if option["count"] or option["selected"]
        )
    )


@register.simple_tag(takes_context=True)
def case_card_facts(context, case):
    """What a case card shows besides the title and summary, computed once per card.

    ``url``: ``case.listing_url`` when the query layer set it (the index's URL plus the
    case's slug, ``listing.with_listing_urls``), else Wagtail's ``get_url``;
    ``meta``: institutions and start year, joined with " · ".
    """
    url = getattr(case, "listing_url", None) or case.get_url(context.get("request"))
    facts = {name: str(labels.get(getattr(case, name), getattr(case, name))) for name, labels in _LABELS.items()}
    meta = [institution.name for institution in case.institutions.all()]
    if case.start_date:
        meta.append(str(case.start_date.year))
    return {
        **facts,
        "url": url,
        "indications": case.indications_display if case.indications else "",
        "meta": " · ".join(meta),
    }
