"""Template tags other apps use to show cases: ``{% load cases_tags %}{% product_cases product %}``."""

from django import template
from django.utils.translation import get_language

from cases import queries

register = template.Library()


@register.inclusion_tag("cases/_product_cases.html")
def product_cases(product):
    """The live cases (in the current language's tree) that name ``product``; one query."""
    return {"cases": list(queries.cases_for_product(product, locale_code=get_language()))}
