"""Wagtail admin home-page panels shared by the apps.

``WaitingListPanel`` lists what waits for staff (organisations to verify, products to
review, later cases and entries): the first ``limit`` rows, the total, and a link to the
filtered listing. Each app subclasses it with a queryset, a template (extending
``portal/admin/waiting_list_panel.html``) and the listing URL.
"""

from django.urls import path, reverse
from wagtail.admin.ui.components import Component


class WaitingListPanel(Component):
    heading = ""  # translated, e.g. gettext_lazy("Products awaiting review")
    limit = 10
    index_url_name: str = ""
    #: Query string appended to the listing URL, e.g. "verification_status=pending".
    index_filter: str = ""

    def get_queryset(self):
        raise NotImplementedError

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        waiting = self.get_queryset()
        context["items"] = list(waiting[: self.limit])
        context["total"] = waiting.count()
        context["index_url"] = f"{reverse(self.index_url_name)}?{self.index_filter}"
        context["heading"] = self.heading
        context["panel_id"] = self.name.replace("_", "-")
        return context


class ReviewViewSetMixin:
    """A read-only admin viewset whose inspect page offers staff decisions.

    The decision view (``review_view_class``) is mounted at ``review/<pk>/<decision>/``;
    the inspect view receives its URL name as ``review_url_name`` for its header buttons.
    Both the product and the case-submission reviews use it.
    """

    review_view_class = None

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(review_url_name=self.get_url_name("review"), **kwargs)

    @property
    def review_view(self):
        return self.construct_view(self.review_view_class, inspect_url_name=self.get_url_name("inspect"))

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("review/<int:pk>/<str:decision>/", self.review_view, name="review"),
        ]
