"""The extension app's public records in the site map (``portal.sitemaps``): its index pages' list."""

from django.urls import reverse

from portal.sitemaps import LocalisedSitemap


class ExtensionSitemap(LocalisedSitemap):
    tags = ("extension",)

    def items(self):
        return ["dashboard"]

    def location(self, item):
        return reverse(f"portal:{item}")


SITEMAPS = {"extension": ExtensionSitemap}
