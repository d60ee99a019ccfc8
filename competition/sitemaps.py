"""The competition's public pages in the site map (``portal.sitemaps``); its call pages are Wagtail
pages, listed with the others."""

from django.urls import reverse

from competition.algorithm import queries as algorithm_queries
from competition.models import CACHE_TAG
from competition.results import queries as results_queries
from portal.sitemaps import LocalisedSitemap


class ResultsSitemap(LocalisedSitemap):
    tags = (CACHE_TAG,)
    lastmod_field = "published_at"

    def items(self):
        return results_queries.published_results()

    def location(self, item):
        return reverse("competition:results", kwargs={"slug": item.competition.slug})


class AlgorithmTaskSitemap(LocalisedSitemap):
    tags = (CACHE_TAG,)

    def items(self):
        return algorithm_queries.tasks().order_by("pk")

    def location(self, item):
        return reverse("competition:algorithm_task", kwargs={"task_pk": item.pk})


SITEMAPS = {"results": ResultsSitemap, "algorithm-tasks": AlgorithmTaskSitemap}
