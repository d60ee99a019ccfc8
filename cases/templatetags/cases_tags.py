"""Template tags of the case pages."""

from django import template

from cases.vocabulary import Approach, BCIType, TrialPhase

register = template.Library()

#: ``{value: label}`` of the vocabularies a card shows (``get_<field>_display`` hashes every
#: choice's lazy label on each call).
_LABELS = {
    name: dict(choices.choices)
    for name, choices in (("bci_type", BCIType), ("approach", Approach), ("phase", TrialPhase))
}


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
