"""Wagtail registrations of the algorithm track (imported from ``competition.wagtail_hooks``, the module
Wagtail discovers): the task and data-file snippets and the staff submissions pages."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from competition.algorithm.admin import AlgorithmAdminViewSet, AlgorithmTaskFileViewSet, AlgorithmTaskViewSet

register_snippet(AlgorithmTaskViewSet)
register_snippet(AlgorithmTaskFileViewSet)


@hooks.register("register_admin_viewset")
def register_algorithm_admin():
    return AlgorithmAdminViewSet()
