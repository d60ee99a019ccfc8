"""The judging engine in the Wagtail admin: panels, their assignments with conflicts explained per
pair, the automatic assignment and its report, manual changes, results, unlocking, history.

Staff and project managers look (``permissions.can_see_results``); staff act
(``permissions.can_manage_panels`` / ``can_manage_panel``: the services check it again).
Registered by ``wagtail_hooks``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

import portal.converters  # noqa: F401  (registers the <id:…> path converter)
from portal.judging import admin_queries, permissions, services, subjects
from portal.judging.errors import JudgingError
from portal.judging.forms import UnlockForm
from portal.judging.models import Assignment, Item, Panel, Scorecard
from portal.judging.scoring import DISAGREEMENT_THRESHOLD
from portal.judging.vocabulary import AssignmentStatus, RankMethod
from portal.review.admin import take_form
from portal.review.errors import take_action
from portal.review.staff import StaffMenuViewSet


class StaffView(WagtailAdminTemplateMixin, TemplateView):
    """A judging admin page: staff and project managers look; ``acting`` views are for staff only,
    or, on a page about one panel (``panel``), for those who may run that panel."""

    acting = False
    #: The panel the page is about, set in ``dispatch`` before the check.
    panel = None

    def allowed(self, user) -> bool:
        if not self.acting:
            return permissions.can_see_results(user)
        if self.panel is not None:  # the panel's owner may let others run it (``register_panel_managers``)
            return permissions.can_manage_panel(user, self.panel)
        return permissions.can_manage_panels(user)

    def dispatch(self, request, *args, **kwargs):
        if not self.allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def panel_breadcrumbs(self, panel=None):
        items = [{"url": reverse("judging_admin:index"), "label": _("Judging panels")}]
        if panel is not None:
            items.append({"url": reverse("judging_admin:panel", args=[panel.pk]), "label": str(panel)})
        return [*items, {"url": "", "label": self.get_page_title()}]


class PanelIndexView(StaffView):
    template_name = "judging/admin/index.html"
    page_title = gettext_lazy("Judging panels")
    header_icon = "group"

    def get_breadcrumbs_items(self):
        """Home › Judging panels: the header's visible title (it read Home alone, the title hidden)."""
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        panels = Panel.objects.select_related("rubric").annotate(
            item_count=Count("items", distinct=True), judge_count=Count("judges", distinct=True)
        )
        return super().get_context_data(panels=panels.order_by("-pk"), **kwargs)


class PanelStaffView(StaffView):
    """A page about one panel (a missing one is a 404)."""

    def dispatch(self, request, panel_id, *args, **kwargs):
        self.panel = get_object_or_404(Panel.objects.select_related("rubric"), pk=panel_id)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.panel_breadcrumbs(self.panel)


class PanelView(PanelStaffView):
    """One panel: judges and loads, each item's judges, every conflicted pair with its reasons."""

    template_name = "judging/admin/panel.html"
    header_icon = "group"

    def get_page_title(self):
        return str(self.panel)

    def get_breadcrumbs_items(self):
        return self.panel_breadcrumbs()[:-1] + [{"url": "", "label": str(self.panel)}]

    def get_context_data(self, **kwargs):
        context = admin_queries.panel_overview(self.panel)
        context["can_manage"] = permissions.can_manage_panel(self.request.user, self.panel)
        return super().get_context_data(**context, **kwargs)


class AutoAssignView(PanelStaffView):
    """GET: what the automatic assignment does; POST: run it and show its report."""

    template_name = "judging/admin/assign.html"
    page_title = gettext_lazy("Assign automatically")
    header_icon = "group"
    acting = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(panel=self.panel, **kwargs)

    def post(self, request, *args, **kwargs):
        report = services.assign_automatically(self.panel, actor=request.user)
        return self.render_to_response(self.get_context_data(report=report))


class ManualAssignView(PanelStaffView):
    acting = True
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        item = Item.objects.filter(panel=self.panel, pk=_number(request.POST.get("item"))).first()
        judge = self.panel.judges.filter(user_id=_number(request.POST.get("judge"))).select_related("user").first()
        if item is None or judge is None:
            messages.error(request, _("Choose an item and a judge of this panel."))
            return redirect("judging_admin:panel", self.panel.pk)
        take_action(
            request,
            lambda: services.assign(actor=request.user, item=item, judge=judge.user),
            done=_("Judge assigned."),
            refused=JudgingError,
        )
        return redirect("judging_admin:panel", self.panel.pk)


class UnassignView(StaffView):
    """Staff take a judge off an item, after a page that says what goes with it: the judge's draft
    scorecard (a one-click button on the panel's page deleted it unasked)."""

    template_name = "judging/admin/unassign.html"
    acting = True
    page_title = gettext_lazy("Remove judge")
    header_icon = "bin"

    def dispatch(self, request, assignment_id, *args, **kwargs):
        queryset = Assignment.objects.select_related("item__panel", "judge", "scorecard")
        self.assignment = get_object_or_404(queryset, pk=assignment_id)
        self.panel = self.assignment.item.panel
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.panel_breadcrumbs(self.panel)

    def get_context_data(self, **kwargs):
        scorecard = getattr(self.assignment, "scorecard", None)
        draft = scorecard if scorecard is not None and scorecard.version and not scorecard.is_submitted else None
        label = _item_label(self.assignment.item)
        return super().get_context_data(assignment=self.assignment, label=label, draft=draft, **kwargs)

    def post(self, request, *args, **kwargs):
        assignment = self.assignment
        take_action(
            request,
            lambda: services.unassign(actor=request.user, assignment=assignment),
            done=_("Judge removed from the item."),
            refused=JudgingError,
        )
        return redirect("judging_admin:panel", assignment.item.panel_id)


class ResultsView(PanelStaffView):
    """Raw and normalised means and ranks side by side, ranked by the chosen method."""

    template_name = "judging/admin/results.html"
    page_title = gettext_lazy("Results")
    header_icon = "table"

    def get_context_data(self, **kwargs):
        method = self.request.GET.get("method")
        method = method if method in RankMethod.values else RankMethod.RAW
        results = admin_queries.results(self.panel, method=method)
        context = {"panel": self.panel, "method": method, "methods": RankMethod.choices, "results": results}
        return super().get_context_data(**context, threshold=DISAGREEMENT_THRESHOLD, **kwargs)


class HistoryView(PanelStaffView):
    """The panel's audit trail: every logged change of the panel, its assignments and scorecards."""

    template_name = "judging/admin/history.html"
    page_title = gettext_lazy("History")
    header_icon = "history"

    def get_context_data(self, **kwargs):
        return super().get_context_data(panel=self.panel, entries=admin_queries.history(self.panel), **kwargs)


class UnlockView(StaffView):
    """Staff reopen a submitted scorecard for its judge, with a reason."""

    template_name = "judging/admin/unlock.html"
    acting = True
    page_title = gettext_lazy("Unlock scorecard")
    header_icon = "lock-open"

    def dispatch(self, request, scorecard_id, *args, **kwargs):
        queryset = Scorecard.objects.select_related("assignment__judge", "assignment__item__panel")
        self.scorecard = get_object_or_404(queryset, pk=scorecard_id)
        self.panel = self.scorecard.assignment.item.panel
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.panel_breadcrumbs(self.scorecard.assignment.item.panel)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", UnlockForm())
        item = self.scorecard.assignment.item
        conflicts = services.conflict_reasons(self.scorecard.assignment.judge, item)
        label = _item_label(item)
        return super().get_context_data(scorecard=self.scorecard, label=label, conflicts=conflicts, **kwargs)

    def post(self, request, *args, **kwargs):
        scorecard = self.scorecard
        return take_form(
            self,
            UnlockForm(request.POST),
            lambda form: services.unlock_scorecard(
                staff=request.user, scorecard=scorecard, reason=form.cleaned_data["reason"]
            ),
            done=_unlocked,
            success_url=reverse("judging_admin:panel", args=[scorecard.assignment.item.panel_id]),
        )


def _item_label(item) -> str:
    """An item named as on the panel's page, not "Entry #12"."""
    found = subjects.subjects_of([item]).get(item.pk)
    return subjects.label(found, blind=False) if found is not None else str(item)


def _unlocked(scorecard) -> str:
    if scorecard.assignment.status == AssignmentStatus.RECUSED:
        return _(
            "Scorecard unlocked. The judge conflicts with this item, so they no longer judge it and their "
            "scorecard does not count: assign another judge if it needs one. The judge is being notified."
        )
    return _("Scorecard unlocked: the judge can change it and submit again, and is being notified.")


def _number(raw) -> int | None:
    return int(raw) if raw and raw.isascii() and raw.isdigit() and len(raw) <= 18 else None


class JudgingViewSet(StaffMenuViewSet):
    name = "judging_admin"
    url_prefix = "judging"
    icon = "group"
    menu_label = pgettext_lazy("admin menu", "Judging")  # the area, not an entry's status (评审中)
    menu_order = 320
    menu_check = staticmethod(permissions.can_see_results)

    def get_urlpatterns(self):
        return [
            path("", PanelIndexView.as_view(), name="index"),
            path("panels/<id:panel_id>/", PanelView.as_view(), name="panel"),
            path("panels/<id:panel_id>/assign/", AutoAssignView.as_view(), name="assign_automatically"),
            path("panels/<id:panel_id>/assign/manual/", ManualAssignView.as_view(), name="assign"),
            path("panels/<id:panel_id>/results/", ResultsView.as_view(), name="results"),
            path("panels/<id:panel_id>/history/", HistoryView.as_view(), name="history"),
            path("assignments/<id:assignment_id>/remove/", UnassignView.as_view(), name="unassign"),
            path("scorecards/<id:scorecard_id>/unlock/", UnlockView.as_view(), name="unlock"),
        ]
