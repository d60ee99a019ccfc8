"""The algorithm track's admin: tasks and their data files (snippets; a task's edit is logged when it
changes limits or the leaderboard rule), and per task a staff page: its submissions with re-score
buttons, the XLSX export and the hidden labels' download. Staff only (project managers never see the
hidden labels). Registered by ``competition.algorithm.hooks`` (imported from ``competition.wagtail_hooks``).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.views.snippets import EditView

import portal.converters  # noqa: F401  (registers the <id:…> path converter)
from competition import permissions
from competition.algorithm import exports, services
from competition.exports import XLSX
from competition.models import AlgorithmTask, AlgorithmTaskFile, Submission
from portal.review.staff import StaffMenuViewSet
from portal.snippets import PortalSnippetViewSet

#: Submissions a page of a task's staff list shows (a competition gathers teams × daily limit × days).
SUBMISSIONS_PER_PAGE = 100


class TaskEditView(EditView):
    """The snippet's edit form; a change of the limits or the leaderboard rule goes to the audit trail."""

    def save_instance(self):
        before = services.task_state(AlgorithmTask.objects.get(pk=self.object.pk))
        instance = super().save_instance()
        if permissions.can_manage_competitions(self.request.user):
            services.record_task_change(actor=self.request.user, task=instance, before=before)
        return instance


class AlgorithmTaskViewSet(PortalSnippetViewSet):
    model = AlgorithmTask
    icon = "code"
    menu_label = gettext_lazy("Algorithm tasks")
    list_display = ["title_zh", "track", "metric", "daily_limit"]
    edit_view_class = TaskEditView


class AlgorithmTaskFileViewSet(PortalSnippetViewSet):
    model = AlgorithmTaskFile
    icon = "doc-full"
    menu_label = gettext_lazy("Algorithm task files")
    list_display = ["title_zh", "task"]


class StaffView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "code"

    def dispatch(self, request, *args, **kwargs):
        if not permissions.can_manage_competitions(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class SubmissionsView(StaffView):
    template_name = "competition/algorithm/admin/submissions.html"

    def dispatch(self, request, task_id, *args, **kwargs):
        if not permissions.can_manage_competitions(request.user):
            raise PermissionDenied
        self.task = get_object_or_404(AlgorithmTask.objects.select_related("track__competition"), pk=task_id)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return str(self.task)

    def get_breadcrumbs_items(self):
        """Home › Algorithm submissions › the task: the header's visible title and the way back."""
        index = {"url": reverse("competition_algorithm:index"), "label": IndexView.page_title}
        return [*self.breadcrumbs_items, index, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        submissions = Submission.objects.filter(task=self.task).select_related("team").order_by("-created_at", "-pk")
        page = WagtailPaginator(submissions, SUBMISSIONS_PER_PAGE).get_page(self.request.GET.get("p", 1))
        pages = page.paginator.get_elided_page_range(page.number)
        return super().get_context_data(
            task=self.task, submissions=page, page_obj=page, elided_page_range=pages, **kwargs
        )


class IndexView(StaffView):
    template_name = "competition/algorithm/admin/index.html"
    page_title = gettext_lazy("Algorithm submissions")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        tasks = AlgorithmTask.objects.select_related("track__competition").order_by("-track__competition__year")
        return super().get_context_data(tasks=tasks, **kwargs)


def _staff(request):
    if not permissions.can_manage_competitions(request.user):
        raise PermissionDenied


def export_view(request, task_id):
    _staff(request)
    task = get_object_or_404(AlgorithmTask, pk=task_id)
    response = HttpResponse(exports.submissions_xlsx(task), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, f"algorithm-task-{task.pk}.xlsx")
    return response


def labels_view(request, task_id):
    """The hidden labels file: alliance staff only (``permissions.can_see_hidden_labels``)."""
    if not permissions.can_see_hidden_labels(request.user):
        raise PermissionDenied
    task = get_object_or_404(AlgorithmTask, pk=task_id)
    try:
        handle = task.hidden_labels.open("rb")
    except (OSError, ValueError):
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=f"hidden-labels-task-{task.pk}.csv")


def rescore_view(request, submission_id):
    _staff(request)
    submission = get_object_or_404(Submission, pk=submission_id)
    if request.method != "POST":
        return redirect("competition_algorithm:submissions", submission.task_id)
    services.rescore(actor=request.user, submission=submission)
    messages.success(request, _("Submission #%(id)s is being scored again.") % {"id": submission.pk})
    return redirect("competition_algorithm:submissions", submission.task_id)


class AlgorithmAdminViewSet(StaffMenuViewSet):
    name = "competition_algorithm"
    url_prefix = "competition-algorithm"
    icon = "code"
    menu_label = gettext_lazy("Algorithm submissions")
    menu_order = 286
    menu_check = staticmethod(permissions.can_manage_competitions)

    def get_urlpatterns(self):
        return [
            path("", IndexView.as_view(), name="index"),
            path("<id:task_id>/", SubmissionsView.as_view(), name="submissions"),
            path("<id:task_id>/export/", export_view, name="export"),
            path("<id:task_id>/labels/", labels_view, name="labels"),
            path("submissions/<id:submission_id>/rescore/", rescore_view, name="rescore"),
        ]
