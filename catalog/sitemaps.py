"""The catalogue's public records in the site map (``portal.sitemaps``)."""

from django.urls import reverse

from catalog import queries
from catalog.editions import queries as edition_queries
from portal.sitemaps import LocalisedSitemap


class ProductSitemap(LocalisedSitemap):
    tags = queries.PRODUCT_PAGE_TAGS
    lastmod_field = "last_published_at"

    def items(self):
        return queries.public_products().order_by("pk")


class EnterpriseSitemap(LocalisedSitemap):
    tags = queries.PRODUCT_TAGS

    def items(self):
        return queries.public_enterprises().order_by("pk")

    def location(self, item):
        return reverse("catalog:enterprise_detail", kwargs={"slug": item.slug})


class EditionSitemap(LocalisedSitemap):
    tags = edition_queries.EDITION_PAGE_TAGS
    lastmod_field = "published_at"

    def items(self):
        return edition_queries.public_editions().order_by("year")


SITEMAPS = {"products": ProductSitemap, "enterprises": EnterpriseSitemap, "editions": EditionSitemap}
