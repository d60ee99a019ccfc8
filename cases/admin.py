"""The expert panel of a typical-case selection in the Wagtail admin (registered by ``cases.wagtail_hooks``).

One page per selection (``typical_case_selection_panel``): open the panel (rubric, judges,
judges per case, scoring window), nominate published cases, the ranking (raw and normalised
means and ranks side by side, the disagreement flag) and the confirmation of the top N, N and
the ranking method chosen in the query string, preselected, staff untick what they will.
Thin views: the forms parse, ``cases.selection`` decides. Staff and project managers look;
staff act (the services check it again). Assignments, conflicts per pair, unlocking and the
scorecards' history are the judging engine's own admin pages, linked from here.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button

import portal.converters  # noqa: F401  (registers the <id:…> path converter)
from cases import permissions, queries, selection
from cases.forms import ConfirmationForm, NominationForm, SelectionPanelForm
from cases.models import TypicalCaseSelection
from portal.judging import permissions as judging_permissions
from portal.judging import queries as judging_queries
from portal.judging.vocabulary import RankMethod
from portal.review.admin import take_form

DEFAULT_TOP = 10


def _top(raw: str) -> int:
    return int(raw) if raw.isascii() and raw.isdigit() and 0 < len(raw) <= 3 else DEFAULT_TOP


class SelectionPanelView(WagtailAdminTemplateMixin, TemplateView):
    """GET: the panel page. POST to ``<action>/``: open, nominate or confirm, then back here."""

    template_name = "cases/admin/selection_panel.html"
    header_icon = "group"
    actions = ("open", "nominate", "confirm")

    def dispatch(self, request, pk, action=None):
        if not judging_permissions.can_see_results(request.user):
            raise PermissionDenied
        if action is not None and (action not in self.actions or request.method != "POST"):
            raise Http404
        if action is not None and not permissions.can_review_cases(request.user):
            raise PermissionDenied
        self.selection = get_object_or_404(TypicalCaseSelection, pk=pk)
        self.panel = queries.selection_panel(self.selection)
        self.method = request.GET.get("method") if request.GET.get("method") in RankMethod.values else RankMethod.RAW
        self.top = _top(request.GET.get("top", ""))
        return getattr(self, action)() if action else super().dispatch(request, pk)

    def get_page_title(self):
        return _("Expert panel")

    def get_page_subtitle(self):
        return str(self.selection)

    def url(self, action=None) -> str:
        args = [self.selection.pk, action] if action else [self.selection.pk]
        name = "typical_case_selection_panel_action" if action else "typical_case_selection_panel"
        return reverse(name, args=args)

    def forms(self, **bound) -> dict:
        if self.panel is None:
            return {"open_form": bound.get("open_form") or SelectionPanelForm()}
        ranking = judging_queries.results(self.panel, method=self.method)
        nominable = queries.nominable_cases(self.panel)
        return {
            "ranking": ranking,
            "nomination_form": bound.get("nomination_form") or NominationForm(nominable=nominable),
            "confirmation_form": bound.get("confirmation_form")
            or ConfirmationForm(ranking=ranking, method=self.method, top=self.top),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        selected = set(queries.selected_case_ids(self.selection)) if self.panel else set()
        context.update(self.forms(**kwargs), selection=self.selection, panel=self.panel, selected=selected)
        context.update(method=self.method, methods=RankMethod.choices, top=self.top, url=self.url())
        context["can_act"] = permissions.can_review_cases(self.request.user)
        return context

    def _taken(self, form, key, call, done):
        return take_form(self, form, call, done=done, success_url=self.url(), context_key=key)

    def open(self):
        form = SelectionPanelForm(self.request.POST)
        return self._taken(
            form,
            "open_form",
            lambda f: selection.open_selection_panel(
                actor=self.request.user, selection=self.selection, **f.cleaned_data
            ),
            _("The expert panel is open: nominate the cases."),
        )

    def nominate(self):
        form = NominationForm(self.request.POST, nominable=queries.nominable_cases(self.panel)) if self.panel else None
        if form is None:
            raise Http404
        return self._taken(
            form,
            "nomination_form",
            lambda f: selection.nominate(
                actor=self.request.user, selection=self.selection, cases=f.cleaned_data["cases"]
            ),
            _("Cases nominated; judges assigned."),
        )

    def confirm(self):
        if self.panel is None:
            raise Http404
        ranking = judging_queries.results(self.panel, method=self.method)
        form = ConfirmationForm(self.request.POST, ranking=ranking, method=self.method, top=self.top)
        return self._taken(
            form,
            "confirmation_form",
            lambda f: selection.confirm_selection(
                actor=self.request.user,
                selection=self.selection,
                case_ids=f.cleaned_data["cases"],
                method=f.cleaned_data["method"],
            ),
            _("The selection is confirmed and published on the case library."),
        )


def urlpatterns() -> list:
    view = SelectionPanelView.as_view()
    return [
        path("cases/selections/<id:pk>/panel/", view, name="typical_case_selection_panel"),
        path("cases/selections/<id:pk>/panel/<slug:action>/", view, name="typical_case_selection_panel_action"),
    ]


def listing_buttons(snippet, user, next_url=None) -> list:
    """The "Expert panel" button of each selection in the snippets' listing (staff and project managers)."""
    if not isinstance(snippet, TypicalCaseSelection) or not judging_permissions.can_see_results(user):
        return []
    url = reverse("typical_case_selection_panel", args=[snippet.pk])
    return [Button(gettext_lazy("Expert panel"), url=url, icon_name="group", priority=5)]
