"""Product pictures in templates: ``{% product_thumbnail product %}`` (the first image, cropped).

The product should come from a list passed through ``catalog.media.queries.attach_thumbnails``:
the images and renditions are then read from the prefetch, not queried per row.
"""

from django import template

from catalog.media import renditions

register = template.Library()


@register.inclusion_tag("catalog/includes/product_thumbnail.html")
def product_thumbnail(product):
    return {"picture": renditions.thumbnail(product)}
