"""Background tasks in the Wagtail admin: what the outbox holds, for alliance staff (operators).

A read-only listing of ``OutboxMessage`` rows (filter by state and effect), an inspect page
with the last error, and one decision, *Run again*, for a message that failed or was given up
(``outbox.retry_now``), declared and taken with the review kit (``portal.review``: logged in
the task's history). A dashboard panel lists messages given up (shown only when there are some),
which the daily purge deletes ``PORTAL_OUTBOX_GIVEN_UP_RETENTION_DAYS`` after they were given up
(``portal.tasks.purge_outbox``). Payloads of
sensitive effects (a rendered password-reset mail) are not shown. A message its effect found no
longer wanted (a recurring e-mail stopped while it waited: ``outbox.Withdrawn``) is *Withdrawn*,
with the reason on its inspect page.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy
from django_filters import ChoiceFilter
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.permissions import register_permission_policy

from portal import outbox, permissions
from portal.models.outbox import OutboxMessage, OutboxState
from portal.review.admin import DecisionInspectView, DecisionView, ReviewViewSetMixin
from portal.review.audit import LogAction
from portal.review.decisions import Decision, Review
from portal.review.staff import StaffViewPolicy, WaitingListPanel, listing_url, on_staff_dashboard
from portal.review.state import ReviewState
from portal.viewsets import PortalModelViewSet


def _run_again(message: OutboxMessage, **kwargs) -> None:
    outbox.retry_now(message)
    message.refresh_from_db()


#: One decision on a background task: run it again. Not locked: a worker may hold the row while
#: it runs the effect, and the retry must not wait for it.
RETRY = Review(
    OutboxMessage,
    state=ReviewState(status="state", choices=OutboxState),
    may_decide=permissions.can_operate_background_tasks,
    lock=lambda message: message,
    refusal=gettext_lazy("Only a task that failed can be run again."),
    decisions=[
        Decision(
            "retry",
            gettext_lazy("Run again"),
            from_states=(OutboxState.RETRYING, OutboxState.GAVE_UP),
            service=_run_again,
            log=LogAction("portal.outbox.retried", gettext_lazy("Run again"), gettext_lazy("Run again")),
        )
    ],
)


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
    def get_queryset(self):
        return OutboxMessage.objects.filter(done_at__isnull=True)


class BackgroundTaskInspectView(DecisionInspectView):
    def get_payload_display_value(self):
        registered = outbox.get_effect(self.object.effect)
        if registered is not None and registered.sensitive:
            return gettext_lazy("(not shown: it may hold a secret such as a password-reset link)")
        return self.object.payload


class BackgroundTaskViewSet(ReviewViewSetMixin, PortalModelViewSet):
    model = OutboxMessage
    review = RETRY
    decision_view_class = RetryView
    inspect_view_class = BackgroundTaskInspectView
    icon = "cogs"
    menu_label = gettext_lazy("Background tasks")
    menu_order = 900
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "effect",
        Column("get_state_display", label=gettext_lazy("State")),  # a property: not sortable
        "attempts",
        "created_at",
        "available_at",
        "last_error",
    ]
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
        "withdrawn",
        "gave_up_at",
    ]


@on_staff_dashboard
class GivenUpTasksPanel(WaitingListPanel):
    name = "background_tasks_given_up"
    heading = gettext_lazy("Background tasks given up")
    template_name = "portal/admin/given_up_tasks_panel.html"
    order = 40
    index_url = listing_url("background_tasks:index", state=OutboxState.GAVE_UP)
    only_when_waiting = True
    shown_to = staticmethod(permissions.can_operate_background_tasks)  # errors may quote addresses

    def get_queryset(self):
        return OutboxMessage.objects.filter(OutboxState.condition(OutboxState.GAVE_UP)).order_by("-gave_up_at")

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["retention_days"] = settings.PORTAL_OUTBOX_GIVEN_UP_RETENTION_DAYS
        return context


def register():
    return BackgroundTaskViewSet("background_tasks")
