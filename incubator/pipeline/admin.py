"""The pipeline in the Wagtail admin (发现—甄别—培育), for project managers and staff.

* The board: a column per stage, each card with its startup, project manager, days in the stage
  and open tasks; "mine" keeps the cards the user manages. One query for all the cards.
* A card's page: the startup's profile in short, the stage history, notes, tasks, support
  records, its screening scores (the judging engine's aggregate, per panel), Wagtail's log of the
  card, and the forms: move (only the allowed stages, on the version shown), project manager,
  note, task, support.
* Discover a startup; open a screening panel; the XLSX export (staff).
* A dashboard panel: the cards per stage (ECharts, with the table as the fallback).

Staff and project managers look and act; the services check it again. Registered by
``incubator.wagtail_hooks``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import ModelLogEntry

from incubator.models import PipelineCard, PipelineTask
from incubator.pipeline import exports, forms, judging, permissions, queries, services
from incubator.vocabulary import PipelineStage
from portal.review.admin import take_form
from portal.review.staff import StaffMenuViewSet


class PipelineView(WagtailAdminTemplateMixin, TemplateView):
    """A pipeline admin page: project managers and staff; ``staff_only`` pages are staff's alone."""

    header_icon = "list-ul"
    staff_only = False

    def dispatch(self, request, *args, **kwargs):
        allowed = permissions.can_export_pipeline if self.staff_only else permissions.can_run_pipeline
        if not allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items]
        if self.page_title != BoardView.page_title:
            items.append({"url": reverse("incubator_pipeline:board"), "label": BoardView.page_title})
        return [*items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        kwargs.setdefault("can_export", permissions.can_export_pipeline(self.request.user))
        kwargs.setdefault("can_open_screening", permissions.can_open_screening(self.request.user))
        return super().get_context_data(**kwargs)


class BoardView(PipelineView):
    template_name = "incubator/pipeline/admin/board.html"
    page_title = gettext_lazy("Pipeline")

    def get_context_data(self, **kwargs):
        mine = self.request.GET.get("mine") == "1"
        stage = self.request.GET.get("stage") or ""
        stage = stage if stage in PipelineStage.values else ""
        columns = queries.board(user=self.request.user, mine=mine, stage=stage or None)
        context = {"columns": columns, "mine": mine, "stage": stage, "stages": PipelineStage.choices}
        context["total"] = sum(len(column.cards) for column in columns)
        return super().get_context_data(**context, **kwargs)


class DiscoverView(PipelineView):
    template_name = "incubator/pipeline/admin/discover.html"
    page_title = gettext_lazy("Discover a startup")

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", forms.DiscoverForm())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        return take_form(
            self,
            forms.DiscoverForm(request.POST),
            lambda form: services.discover(actor=request.user, **form.cleaned_data),
            done=lambda card: _("%(startup)s is in the pipeline.") % {"startup": card.startup.name},
            success_url=lambda card: reverse("incubator_pipeline:card", args=[card.pk]),
        )


class ExportView(PipelineView):
    staff_only = True

    def get(self, request, *args, **kwargs):
        response = HttpResponse(exports.pipeline_xlsx(), content_type=exports.XLSX)
        response["Content-Disposition"] = content_disposition_header(True, "pipeline.xlsx")
        return response


class ScreeningView(PipelineView):
    """Open a screening panel for the startups in screening (project managers and staff)."""

    template_name = "incubator/pipeline/admin/screening.html"
    page_title = gettext_lazy("Open a screening panel")

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", forms.ScreeningForm())
        kwargs["screening_cards"] = list(
            PipelineCard.objects.filter(stage=PipelineStage.SCREENING).select_related("startup")
        )
        kwargs["panels"] = list(judging.screening_panels().order_by("-pk")[:20])
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        return take_form(
            self,
            forms.ScreeningForm(request.POST),
            lambda form: judging.open_screening(actor=request.user, **form.cleaned_data),
            done=lambda opened: (
                _("The screening panel is open: %(judges)d project managers, %(created)d assignments.")
                % queries.panel_size(opened[0])
            ),
            success_url=lambda opened: reverse("judging_admin:panel", args=[opened[0].pk]),
        )


class CardView(PipelineView):
    template_name = "incubator/pipeline/admin/card.html"
    model = PipelineCard

    def dispatch(self, request, pk, *args, **kwargs):
        if not permissions.can_run_pipeline(request.user):
            raise PermissionDenied
        try:
            self.card = queries.card(pk)
        except PipelineCard.DoesNotExist as exc:
            raise Http404 from exc
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return str(self.card.startup.name)

    def card_url(self) -> str:
        return reverse("incubator_pipeline:card", args=[self.card.pk])

    def get_context_data(self, **kwargs):
        card = self.card
        allowed = services.allowed_moves(card)
        kwargs.setdefault("move_form", forms.MoveForm(card=card, allowed=allowed))
        kwargs.setdefault("manager_form", forms.ManagerForm(initial={"project_manager": card.project_manager_id}))
        kwargs.setdefault("note_form", forms.NoteForm())
        kwargs.setdefault("task_form", forms.TaskForm())
        kwargs.setdefault("support_form", forms.SupportForm())
        context = {
            "card": card,
            "allowed": allowed,
            "profile": getattr(card.startup, "startup_profile", None),
            "screening": queries.screening(card),
            "today": timezone.localdate(),
            "log": ModelLogEntry.objects.for_instance(card).select_related("user").order_by("-timestamp", "-pk")[:50],
        }
        return super().get_context_data(**context, **kwargs)


class CardAction(CardView):
    """A form of the card's page, posted: the service, then the card's page (the page again, 400, if refused).

    ``service`` (a ``staticmethod``) is called as ``service(actor=, card=, **form.cleaned_data)``; the form is
    ``context_key`` in the card's page.
    """

    http_method_names = ["post"]
    form_class = None
    context_key = "form"
    service = None
    done = ""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.service is None:
            raise ImproperlyConfigured(f"{cls.__name__} must name the service its form posts to (service).")

    def form(self):
        return self.form_class(self.request.POST)

    def call(self, form):
        return self.service(actor=self.request.user, card=self.card, **form.cleaned_data)

    def post(self, request, *args, **kwargs):
        return take_form(
            self, self.form(), self.call, done=self.done, success_url=self.card_url(), context_key=self.context_key
        )


class MoveView(CardAction):
    context_key = "move_form"
    done = gettext_lazy("The startup moved.")
    service = staticmethod(services.move)

    def form(self):
        return forms.MoveForm(self.request.POST, card=self.card, allowed=services.allowed_moves(self.card))

    def call(self, form):
        return self.service(actor=self.request.user, card=self.card, **form.move())

    def post(self, request, *args, **kwargs):
        form = self.form()
        if form.asks_confirmation():  # dropping a startup is confirmed first, as the staff's decisions are
            context = self.get_context_data(move_form=form, card_url=self.card_url())
            return TemplateResponse(request, "incubator/pipeline/admin/drop_confirm.html", context)
        return take_form(self, form, self.call, done=self.done, success_url=self.card_url(), context_key="move_form")


class ManagerView(CardAction):
    form_class = forms.ManagerForm
    context_key = "manager_form"
    done = gettext_lazy("The project manager is set.")
    service = staticmethod(services.assign_manager)


class NoteView(CardAction):
    form_class = forms.NoteForm
    context_key = "note_form"
    done = gettext_lazy("The note is added.")
    service = staticmethod(services.add_note)


class TaskView(CardAction):
    form_class = forms.TaskForm
    context_key = "task_form"
    done = gettext_lazy("The task is added.")
    service = staticmethod(services.add_task)


class SupportView(CardAction):
    form_class = forms.SupportForm
    context_key = "support_form"
    done = gettext_lazy("The support is recorded.")
    service = staticmethod(services.record_support)


class TaskDoneView(PipelineView):
    http_method_names = ["post"]
    model = PipelineTask

    def post(self, request, pk, *args, **kwargs):
        task = get_object_or_404(PipelineTask, pk=pk)
        services.complete_task(actor=request.user, task=task)
        messages.success(request, _("The task is done."))
        return redirect(reverse("incubator_pipeline:card", args=[task.card_id]))


class StagePanel(Component):
    """The cards per stage on the admin's home page (project managers and staff)."""

    name = "incubator_pipeline_stages"
    order = 160
    template_name = "incubator/pipeline/admin/stage_panel.html"

    class Media:
        css = {"all": ["incubator/pipeline_admin.css"]}
        js = ["vendor/echarts/echarts.min.js", "portal/charts.js"]

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        counts = queries.stage_counts()
        context["counts"] = counts
        context["total"] = sum(count for _stage, _label, count in counts)
        context["chart"] = {"labels": [label for _s, label, _c in counts], "values": [c for _s, _l, c in counts]}
        context["board_url"] = reverse("incubator_pipeline:board")
        return context


def add_stage_panel(request, panels):
    if permissions.can_run_pipeline(request.user):
        panels.append(StagePanel())


class PipelineViewSet(StaffMenuViewSet):
    name = "incubator_pipeline"
    url_prefix = "pipeline"
    icon = "list-ul"
    menu_label = gettext_lazy("Pipeline")
    menu_order = 290
    menu_check = staticmethod(permissions.can_run_pipeline)

    def get_urlpatterns(self):
        return [
            path("", BoardView.as_view(), name="board"),
            path("discover/", DiscoverView.as_view(), name="discover"),
            path("export/", ExportView.as_view(), name="export"),
            path("screening/", ScreeningView.as_view(), name="screening"),
            path("<id:pk>/", CardView.as_view(), name="card"),
            path("<id:pk>/move/", MoveView.as_view(), name="move"),
            path("<id:pk>/manager/", ManagerView.as_view(), name="manager"),
            path("<id:pk>/notes/", NoteView.as_view(), name="note"),
            path("<id:pk>/tasks/", TaskView.as_view(), name="task"),
            path("<id:pk>/support/", SupportView.as_view(), name="support"),
            path("tasks/<id:pk>/done/", TaskDoneView.as_view(), name="task_done"),
        ]
