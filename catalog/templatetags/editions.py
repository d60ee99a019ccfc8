"""``{% edition_badges product %}``: "Recommended in the 2025 edition (category)" on a product page."""

from django import template

from catalog import edition_queries

register = template.Library()


@register.inclusion_tag("catalog/editions/recommendation_badges.html")
def edition_badges(product):
    return {"recommendations": edition_queries.recommendations_of(product)}
