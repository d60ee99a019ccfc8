"""Staff tune the matchmaking weights in the Wagtail admin: one page with every criterion of both kinds.

Staff change the weights (0–10, 0 leaves a criterion out); project managers look. A criterion
without a row uses its default (``scoring.DEFAULT_WEIGHTS``); saving the defaults writes nothing.
Registered by the hook below; ``incubator.wagtail_hooks`` imports this module.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from incubator.matching import permissions, queries, services
from incubator.matching.forms import WeightsForm
from portal.review.admin import take_form
from portal.review.staff import StaffMenuViewSet


class WeightsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "incubator/matching/admin/weights.html"
    page_title = gettext_lazy("Matchmaking weights")
    header_icon = "resubmit"

    def get_breadcrumbs_items(self):
        """Home › Matchmaking weights: the header's visible title (it read Home alone, the title hidden)."""
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def dispatch(self, request, *args, **kwargs):
        allowed = permissions.can_tune_weights if request.method == "POST" else permissions.can_see_weights
        if not allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        current = queries.all_weights()
        kwargs.setdefault("form", WeightsForm(current=current))
        kwargs["can_act"] = permissions.can_tune_weights(self.request.user)
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        return take_form(
            self,
            WeightsForm(request.POST, current=queries.all_weights()),
            lambda form: services.set_weights(actor=request.user, weights=form.weights()),
            done=lambda changed: _("Weights saved: %(count)s changed.") % {"count": changed},
            success_url=reverse("incubator_weights:index"),
        )


class WeightsViewSet(StaffMenuViewSet):
    name = "incubator_weights"
    url_prefix = "incubator-matchmaking-weights"
    icon = "resubmit"
    menu_label = gettext_lazy("Matchmaking weights")
    menu_order = 292
    menu_check = staticmethod(permissions.can_see_weights)

    def get_urlpatterns(self):
        return [path("", WeightsView.as_view(), name="index")]


@hooks.register("register_admin_viewset")
def register_weights_admin():
    return WeightsViewSet()
