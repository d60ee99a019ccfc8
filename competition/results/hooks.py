"""Wagtail registrations of the results admin (imported from ``competition.wagtail_hooks``, the module
Wagtail discovers): the viewset of ``competition.results.admin`` and a link from an entry's inspect page."""

from wagtail import hooks

from competition.results.admin import ResultsViewSet


@hooks.register("register_admin_viewset")
def register_results_admin():
    return ResultsViewSet()
