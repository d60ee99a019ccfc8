"""``{% edition_badges product %}``: "Recommended in the 2025 edition (category)" on a product page."""

from django import template

from catalog.editions import queries as edition_queries

register = template.Library()


@register.inclusion_tag("catalog/editions/recommendation_badges.html")
def edition_badges(product):
    return {"recommendations": edition_queries.recommendations_of(product)}


@register.inclusion_tag("catalog/editions/apply_links.html")
def edition_apply_links(product):
    """On a member's product page: "Apply to the 2026 edition" for each open call it has not applied to.

    Only for a published product of a verified organisation (the only ones that may apply).
    """
    if not product.live or not product.organisation.is_verified:
        return {"product": product, "editions": []}
    applied = product.edition_applications.exclude(status="withdrawn").values("edition_id")
    return {"product": product, "editions": list(edition_queries.open_editions().exclude(pk__in=applied))}
