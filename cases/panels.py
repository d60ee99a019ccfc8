"""What the cases show on other pages (``portal.panels``): the product page's "Typical application cases"."""

from django.utils.translation import get_language

from cases import queries
from portal.panels import Panel


def cases_using(product) -> dict:
    """The live cases (in the current language's tree) that name ``product``; one query."""
    return {"cases": list(queries.cases_for_product(product, locale_code=get_language()))}


#: Publishing or unpublishing a case invalidates "cases" (cases.signals): the product pages follow. A
#: change of a page's privacy invalidates the chrome (portal.signals), which every public page declares.
PRODUCT_PANELS = [Panel("cases/_product_cases.html", cases_using, tags=("cases",), order=10)]
