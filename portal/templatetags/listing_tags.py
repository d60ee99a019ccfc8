"""The listing kit's sidebar (``portal.listing``): ``{% facet_option_items row %}``.

Written in Python rather than as a template loop: a facet can list hundreds of options (the
case library's institutions), and the loop's variable lookups and ``if`` tags cost ~15 µs per
option on every uncached list (5-6 ms for the 2,000-case bench index's 370 options; this ~1 ms).
"""

from django import template
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()

#: How a chosen option is marked: on a multi-valued listing a box to untick, otherwise the page itself.
_CHOSEN_OF_MANY = ' aria-current="true" class="facet-selected"'
_CHOSEN_OF_ONE = ' aria-current="page"'


@register.simple_tag
def facet_option_items(row):
    """The ``<li>`` links of one facet: the options with rows, and the selected ones.

    ``row`` is one of a ``Listing.run``'s facet rows decorated by ``FacetLinks.decorate``
    (each shown option's ``url``, and ``multiple``: whether the listing lets a visitor tick
    several values, each then shown as a box). Crawlers are kept off the combinations of
    facets (``rel="nofollow"``).
    """
    multiple = row.get("multiple", False)
    hint = '<span class="visually-hidden">' + escape(gettext("(selected; select again to remove)")) + "</span>"
    items = []
    for option in row["options"]:
        selected = option["selected"]
        if not (option["count"] or selected):
            continue
        mark = ""
        if multiple:
            mark = f'<span class="facet-mark" aria-hidden="true">{"☑" if selected else "☐"}</span> '
        chosen = (_CHOSEN_OF_MANY if multiple else _CHOSEN_OF_ONE) if selected else ""
        items.append(
            f'<li><a href="{escape(option["url"])}"{chosen} rel="nofollow">{mark}'
            f"{escape(option['label'])}{hint if selected and multiple else ''} "
            f'<span class="badge">{escape(localize(option["count"]))}</span></a></li>'
        )
    return mark_safe("".join(items))  # noqa: S308 - every interpolated value is escaped
