"""What the cases show on other pages (``portal.panels``): "Typical application cases" on the product
page (the cases naming the product) and on the organisation page (those naming it as an institution)."""

from django.utils.translation import get_language

from cases import queries
from cases.models import CACHE_TAG
from portal.panels import Panel


def cases_using(product) -> dict:
    """The live cases (in the current language's tree) that name ``product``; one query."""
    return {"cases": list(queries.cases_for_product(product, locale_code=get_language()))}


#: How many of an organisation's cases its page names; past that it links to them in the case library.
CASES_NAMED = 6


def cases_of(organisation) -> dict:
    """The latest live cases (in the current language's tree) naming ``organisation`` as an institution,
    and, when there are more, the case library filtered by it (``more_url``); one query."""
    cases = queries.cases_for_institution(organisation, locale_code=get_language(), limit=CASES_NAMED)
    total = cases[0].total if cases else 0
    more_url = f"{cases[0].index_url()}?institution={organisation.slug}" if total > len(cases) else ""
    return {"cases": cases, "total": total, "more_url": more_url}


#: Publishing or unpublishing a case invalidates "cases" (cases.signals): the pages showing cases follow. A
#: change of a page's privacy invalidates the chrome (portal.signals), which every public page declares.
PRODUCT_PANELS = [Panel("cases/_product_cases.html", cases_using, tags=(CACHE_TAG,), order=10)]
ORGANISATION_PANELS = [Panel("cases/_organisation_cases.html", cases_of, tags=(CACHE_TAG,), order=20)]
