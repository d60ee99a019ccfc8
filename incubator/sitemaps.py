"""The incubator's public directory in the site map (``portal.sitemaps``): what anyone may read of it."""

from incubator.profiles import queries
from portal.sitemaps import LocalisedSitemap


class _ProfileSitemap(LocalisedSitemap):
    tags = queries.TAGS
    lastmod_field = "updated_at"


class StartupSitemap(_ProfileSitemap):
    def items(self):
        return queries.public_startups().order_by("pk")


class InvestorSitemap(_ProfileSitemap):
    def items(self):
        return queries.public_investors().order_by("pk")


class PlatformSitemap(_ProfileSitemap):
    def items(self):
        return queries.public_platforms().order_by("pk")


SITEMAPS = {"startups": StartupSitemap, "investors": InvestorSitemap, "platforms": PlatformSitemap}
