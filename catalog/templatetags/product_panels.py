"""``{% product_panels product %}``: the panels other apps put on the product page (``catalog.panels``)."""

from django import template
from django.utils.html import format_html_join

from catalog import panels

register = template.Library()


@register.simple_tag(takes_context=True)
def product_panels(context, product):
    """Each panel's template rendered as an inclusion tag would render it, in order."""
    engine = context.template.engine
    return format_html_join(
        "",
        "{}",
        (
            (engine.get_template(panel.template).render(context.new(panel.context(product))),)
            for panel in panels.product_panels()
        ),
    )
