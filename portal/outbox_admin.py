"""Background tasks in the Wagtail admin: what the outbox holds, for alliance staff (operators).

A read-only listing of ``OutboxMessage`` rows (filter by state and effect), an inspect page
with the last error, and one decision, *Run again*, for a message that failed or was given up
(``outbox.retry_now``). A dashboard panel lists messages given up. Payloads of sensitive
effects (a rendered password-reset mail) are not shown. Built on the review kit of
``portal.admin_panels``, like the product and case-submission reviews.
"""

from django import forms
from django.utils.translation import gettext_lazy
from django_filters import ChoiceFilter
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from portal import outbox, permissions
from portal.admin_panels import (
    DecisionInspectView,
    DecisionView,
    ReviewViewSetMixin,
    StaffViewPolicy,
    WaitingListPanel,
    on_staff_dashboard,
)
from portal.models.outbox import OutboxMessage, OutboxState

DECISIONS = {"retry": gettext_lazy("Run again")}


class OperatorPolicy(StaffViewPolicy):
    """Alliance staff only (project managers have no use for the machinery)."""

    def user_has_permission(self, user, action):
        return action == "view" and permissions.can_operate_background_tasks(user)


register_permission_policy(OutboxMessage, OperatorPolicy(OutboxMessage), exact_class=True)


class BackgroundTaskFilterSet(WagtailFilterSet):
    state = ChoiceFilter(label=gettext_lazy("State"), choices=OutboxState.choices, method="filter_state")

    class Meta:
        model = OutboxMessage
        fields = ["state", "effect"]

    def filter_state(self, queryset, name, value):
        return queryset.filter(OutboxState.condition(value)) if value else queryset


class RetryView(DecisionView):
    decisions = DECISIONS
    refusal_class = ValueError
    form_class = forms.Form

    def can_decide(self, user) -> bool:
        return permissions.can_operate_background_tasks(user)

    def get_queryset(self):
        return OutboxMessage.objects.filter(done_at__isnull=True)

    def decide(self, form):
        outbox.retry_now(self.object)


class BackgroundTaskInspectView(DecisionInspectView):
    decisions = DECISIONS

    def can_decide(self, user) -> bool:
        return permissions.can_operate_background_tasks(user)

    def available_decisions(self) -> list[str]:
        failed = self.object.state in (OutboxState.RETRYING, OutboxState.GAVE_UP)
        return ["retry"] if failed else []

    def get_payload_display_value(self):
        registered = outbox.get_effect(self.object.effect)
        if registered is not None and registered.sensitive:
            return gettext_lazy("(not shown: it may hold a secret such as a password-reset link)")
        return self.object.payload


class BackgroundTaskViewSet(ReviewViewSetMixin, ModelViewSet):
    model = OutboxMessage
    review_view_class = RetryView
    inspect_view_class = BackgroundTaskInspectView
    icon = "cogs"
    menu_label = gettext_lazy("Background tasks")
    menu_order = 900
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["effect", "get_state_display", "attempts", "created_at", "available_at", "last_error"]
    filterset_class = BackgroundTaskFilterSet
    ordering = ["-created_at"]
    form_fields = ["effect"]  # ModelViewSet wants a form; the policy never lets it save
    inspect_view_fields = [
        "effect",
        "payload",
        "key",
        "topic",
        "created_at",
        "available_at",
        "attempts",
        "last_error",
        "done_at",
        "gave_up_at",
    ]


@on_staff_dashboard
class GivenUpTasksPanel(WaitingListPanel):
    name = "background_tasks_given_up"
    heading = gettext_lazy("Background tasks given up")
    template_name = "portal/admin/given_up_tasks_panel.html"
    order = 40
    index_url_name = "background_tasks:index"
    index_filter = f"state={OutboxState.GAVE_UP}"

    def get_queryset(self):
        return OutboxMessage.objects.filter(OutboxState.condition(OutboxState.GAVE_UP)).order_by("-gave_up_at")


def register():
    return BackgroundTaskViewSet("background_tasks")
