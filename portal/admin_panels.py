"""The decision views of before the review kit, until the catalogue's admin moves to ``portal.review.admin``.

The dashboard panels and the staff policy already live there (imported here for them).

``WaitingListPanel`` lists what waits for staff (organisations to verify, products to
review, later cases and entries): the first ``limit`` rows, the total, and a link to the
filtered listing. Each app subclasses it with a queryset, a template (extending
``portal/admin/waiting_list_panel.html``) and the listing URL; ``@on_staff_dashboard`` puts
it on the dashboard of alliance staff.

Review viewsets (products, case submissions) are read-only listings whose inspect page
offers staff decisions: ``StaffViewPolicy`` lets alliance staff look, ``ReviewViewSetMixin``
mounts a ``DecisionView`` at ``review/<pk>/<decision>/`` beside a ``DecisionInspectView``.
The decision view checks who may decide, finds the object, confirms on a form (template
``portal/admin/decision.html``, which each app's template extends) and hands the decision
to the app's service; a refusal of the service (its translated message) is shown on the
form, never as an error page.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

import portal.converters  # noqa: F401  (registers the <id:…> path converter)
from portal.review.admin import StaffViewPolicy, WaitingListPanel, on_staff_dashboard  # noqa: F401


class DecisionInspectView(generic.InspectView):
    """An inspect page whose header offers the decisions staff may take on the object.

    ``decisions`` maps each decision to its label (the same dict as the decision view's);
    ``available_decisions`` says which apply to the object as it stands.
    """

    review_url_name = None
    decisions: dict = {}

    def can_decide(self, user) -> bool:
        raise NotImplementedError

    def available_decisions(self) -> list[str]:
        return list(self.decisions)

    def get_decision_query(self) -> str:
        """Appended to each decision's URL (e.g. ``?revision=12``: the version this page shows)."""
        return ""

    @cached_property
    def header_buttons(self):
        if not self.can_decide(self.request.user):
            return []
        available = self.available_decisions()
        query = self.get_decision_query()
        return [
            HeaderButton(label, url=reverse(self.review_url_name, args=[self.object.pk, decision]) + query, priority=5)
            for decision, label in self.decisions.items()
            if decision in available
        ]


class DecisionView(WagtailAdminTemplateMixin, FormView):
    """One staff decision (``kwargs["decision"]``) on one object, confirmed on a form.

    A subclass names ``decisions`` (decision → label), ``refusal_class`` (the service's
    exception: ``str(exc)`` is a translated message, ``exc.field`` the form field it is
    about, if any), and implements ``can_decide``, ``get_queryset`` and ``decide`` (call
    the service). Someone who may not decide, or an unknown decision, is a 403.
    """

    template_name = "portal/admin/decision.html"
    decisions: dict = {}
    refusal_class: type[Exception] = Exception
    #: The object's name in the template's context, besides ``object``.
    context_object_name = "object"
    inspect_url_name = None

    def can_decide(self, user) -> bool:
        raise NotImplementedError

    def get_queryset(self):
        raise NotImplementedError

    def decide(self, form):
        """Apply the decision through the service; return a response to go elsewhere than the inspect page, or None."""
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not self.can_decide(request.user) or kwargs["decision"] not in self.decisions:
            raise PermissionDenied
        self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        self.decision = kwargs["decision"]
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.decisions[self.decision]

    def get_page_subtitle(self):
        return str(self.object)

    @cached_property
    def inspect_url(self) -> str:
        return reverse(self.inspect_url_name, args=[self.object.pk])

    def form_valid(self, form):
        try:
            response = self.decide(form)
        except self.refusal_class as exc:
            field = getattr(exc, "field", None)
            form.add_error(field if field in form.fields else None, str(exc))
            return self.form_invalid(form)
        if response is not None:
            return response
        messages.success(self.request, _("Done: %(name)s.") % {"name": self.object})
        return redirect(self.inspect_url)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "object": self.object,
                self.context_object_name: self.object,
                "decision": self.decision,
                "submit_label": self.decisions[self.decision],
                "inspect_url": self.inspect_url,
            }
        )
        return context


class ReviewViewSetMixin:
    """A read-only admin viewset whose inspect page offers staff decisions.

    The decision view (``review_view_class``) is mounted at ``review/<pk>/<decision>/``;
    the inspect view receives its URL name as ``review_url_name`` for its header buttons.
    Both the product and the case-submission reviews use it.
    """

    review_view_class = None
    #: Related rows the listing shows (e.g. the organisation), fetched with the list.
    list_select_related: tuple[str, ...] = ()

    def get_index_view_kwargs(self, **kwargs):
        if self.list_select_related:
            kwargs.setdefault("queryset", self.model.objects.select_related(*self.list_select_related))
        return super().get_index_view_kwargs(**kwargs)

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(review_url_name=self.get_url_name("review"), **kwargs)

    @property
    def review_view(self):
        return self.construct_view(self.review_view_class, inspect_url_name=self.get_url_name("inspect"))

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("review/<id:pk>/<str:decision>/", self.review_view, name="review"),
        ]
