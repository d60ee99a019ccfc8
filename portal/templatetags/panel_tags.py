"""``{% panels "PRODUCT_PANELS" product %}``: the panels apps put in a page's slot (``portal.panels``)."""

from django import template
from django.utils.html import format_html_join

from portal.panels import Slot

register = template.Library()


@register.simple_tag(takes_context=True)
def panels(context, declaration: str, obj):
    """Each panel of the slot ``declaration`` rendered for ``obj`` as an inclusion tag would render it, in order."""
    engine = context.template.engine
    return format_html_join(
        "",
        "{}",
        (
            (engine.get_template(panel.template).render(context.new(panel.context(obj))),)
            for panel in Slot(declaration).panels()
        ),
    )
