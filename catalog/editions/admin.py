"""The Wagtail admin for recommended-catalogue editions (imported by ``catalog.wagtail_hooks``).

* Editions: staff create and edit an edition (year, bilingual title and intro, call
  period) until it is published; actions open / close the call and publish (with a
  confirmation page). Project managers may look.
* Applications: a listing filterable by edition and status; inspect shows the statement;
  accept (category + rationale) and reject (reason) call ``catalog.editions.services``.
* A dashboard panel lists applications waiting for a decision.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail import hooks
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.templatetags.wagtailcore_tags import richtext

import portal.converters  # noqa: F401  (registers the <id:…> path converter)
from catalog import permissions
from catalog.editions import queries, services
from catalog.editions.forms import AcceptForm, ConfirmForm, RejectForm
from catalog.editions.models import ApplicationStatus, Edition, EditionApplication, EditionStatus
from portal import permissions as portal_permissions
from portal import public_cache
from portal.admin_panels import WaitingListPanel


def _admin_users():
    return get_user_model().objects.filter(
        groups__name__in=[portal_permissions.STAFF_GROUP, portal_permissions.PROJECT_MANAGER_GROUP]
    )


class EditionPermissionPolicy(BasePermissionPolicy):
    """Staff create and edit editions until they are published; project managers look."""

    def user_has_permission(self, user, action):
        if action == "view":
            return permissions.can_view_editions_admin(user)
        if action in ("add", "change"):
            return permissions.can_decide_editions(user)
        return False

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "change" and instance.status == EditionStatus.PUBLISHED:
            return False
        return self.user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        if not set(actions) & {"view", "add", "change"}:
            return get_user_model().objects.none()
        return _admin_users()


class ApplicationPermissionPolicy(BasePermissionPolicy):
    """Applications are only looked at here; decisions go through the decision views."""

    def user_has_permission(self, user, action):
        return action == "view" and permissions.can_view_editions_admin(user)

    def users_with_any_permission(self, actions):
        return _admin_users() if "view" in actions else get_user_model().objects.none()


register_permission_policy(Edition, EditionPermissionPolicy(Edition), exact_class=True)
register_permission_policy(EditionApplication, ApplicationPermissionPolicy(EditionApplication), exact_class=True)


class StaffActionView(WagtailAdminTemplateMixin, FormView):
    """A confirmation page with a form whose submission calls one service (staff only)."""

    template_name = "catalog/admin/edition_action.html"
    header_icon = "list-ul"
    actions: dict = {}
    model = None
    queryset = None
    return_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if not permissions.can_decide_editions(request.user):
            raise PermissionDenied
        if kwargs["action"] not in self.actions:
            raise PermissionDenied
        self.action = kwargs["action"]
        self.object = get_object_or_404(self.queryset, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.actions[self.action]["label"]

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.return_url_name, args=[self.object.pk]), "label": str(self.object)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_form(self, form_class=None):
        form_class = self.actions[self.action].get("form", ConfirmForm)
        return form_class(self.request.POST if self.request.method == "POST" else None, **self.get_form_initial())

    def get_form_initial(self):
        return {}

    def run(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.run(form)
        except services.EditionError as exc:
            form.add_service_error(exc)
            return self.form_invalid(form)
        messages.success(self.request, gettext_lazy("Done: %(object)s.") % {"object": self.object})
        return redirect(self.return_url_name, self.object.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            action=self.action,
            submit_label=self.actions[self.action]["label"],
            explanation=self.actions[self.action].get("explanation", ""),
            cancel_url=reverse(self.return_url_name, args=[self.object.pk]),
        )
        return context


# --- editions ----------------------------------------------------------------------------

EDITION_ACTIONS = {
    "open": {"label": gettext_lazy("Open the call"), "statuses": (EditionStatus.DRAFT, EditionStatus.REVIEW)},
    "close": {
        "label": gettext_lazy("Close the call"),
        "statuses": (EditionStatus.OPEN,),
        "explanation": gettext_lazy("Enterprises can no longer apply; you can then decide and publish."),
    },
    "publish": {
        "label": gettext_lazy("Publish the edition"),
        "statuses": (EditionStatus.REVIEW,),
        "explanation": gettext_lazy(
            "Every accepted application becomes an entry of the edition, frozen as the product is now. "
            "The edition cannot be changed after publication."
        ),
    },
}


class EditionActionView(StaffActionView):
    actions = EDITION_ACTIONS
    queryset = Edition.objects.all()

    def run(self, form):
        service = {"open": services.open_call, "close": services.close_call, "publish": services.publish}[self.action]
        service(staff=self.request.user, edition=self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.action == "publish":
            context["accepted"] = list(
                self.object.applications.filter(status=ApplicationStatus.ACCEPTED).select_related("product")
            )
        return context


class EditionInspectView(generic.InspectView):
    action_url_name = None
    applications_url_name = None

    # The intro is sanitised rich text (Wagtail's editor whitelist): show it rendered.
    def get_intro_zh_display_value(self):
        return richtext(self.object.intro_zh) or "—"

    def get_intro_en_display_value(self):
        return richtext(self.object.intro_en) or "—"

    def get_published_at_display_value(self):
        return (
            date_format(timezone.localtime(self.object.published_at), "DATETIME_FORMAT")
            if self.object.published_at
            else "—"
        )

    def get_published_by_display_value(self):
        return str(self.object.published_by or "—")

    @cached_property
    def header_buttons(self):
        buttons = [
            HeaderButton(
                gettext_lazy("Applications"),
                url=f"{reverse(self.applications_url_name)}?edition={self.object.pk}",
                priority=4,
            )
        ]
        if permissions.can_decide_editions(self.request.user):
            buttons += [
                HeaderButton(
                    action["label"], url=reverse(self.action_url_name, args=[self.object.pk, name]), priority=5
                )
                for name, action in EDITION_ACTIONS.items()
                if self.object.status in action["statuses"]
            ]
        return buttons


class EditionEditView(generic.EditView):
    """Editing stops at publication: the edition then stands as published."""

    def get_object(self, queryset=None):
        edition = super().get_object(queryset)
        if edition.status == EditionStatus.PUBLISHED:
            raise PermissionDenied
        return edition

    def save_instance(self):
        # An open call is public (edition list, its page, the API): anonymous copies must not keep the old text.
        instance = super().save_instance()
        public_cache.invalidate_on_commit(services.CACHE_TAG)
        return instance


class EditionViewSet(ModelViewSet):
    model = Edition
    icon = "list-ul"
    menu_label = gettext_lazy("Catalogue editions")
    menu_order = 265
    add_to_admin_menu = True
    inspect_view_class = EditionInspectView
    edit_view_class = EditionEditView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["year", "title_zh", "status", "call_opens_at", "call_closes_at", "published_at"]
    list_filter = ["status"]
    ordering = ["-year"]
    form_fields = ["year", "title_zh", "title_en", "intro_zh", "intro_en", "call_opens_at", "call_closes_at"]
    inspect_view_fields = [*form_fields, "status", "published_at", "published_by"]

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            action_url_name=self.get_url_name("action"), applications_url_name="edition_applications:index", **kwargs
        )

    @property
    def action_view(self):
        return self.construct_view(EditionActionView, return_url_name=self.get_url_name("inspect"))

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("action/<id:pk>/<str:action>/", self.action_view, name="action")]


# --- applications --------------------------------------------------------------------------

APPLICATION_ACTIONS = {
    "accept": {"label": gettext_lazy("Accept"), "form": AcceptForm},
    "reject": {"label": gettext_lazy("Reject"), "form": RejectForm},
}


class ApplicationDecisionView(StaffActionView):
    actions = APPLICATION_ACTIONS
    queryset = EditionApplication.objects.select_related("edition", "product", "organisation")

    def get_form_initial(self):
        if self.action == "accept":
            return {"initial": {"category": self.object.category or self.object.proposed_category}}
        return {}

    def run(self, form):
        if self.action == "accept":
            services.accept(staff=self.request.user, application=self.object, **form.cleaned_data)
        else:
            services.reject(staff=self.request.user, application=self.object, reason=form.cleaned_data["reason"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["application"] = self.object
        return context


class ApplicationInspectView(generic.InspectView):
    decision_url_name = None

    @cached_property
    def header_buttons(self):
        if not permissions.can_decide_editions(self.request.user):
            return []
        if self.object.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED):
            return []
        if self.object.edition.status == EditionStatus.PUBLISHED:
            return []
        return [
            HeaderButton(action["label"], url=reverse(self.decision_url_name, args=[self.object.pk, name]), priority=5)
            for name, action in APPLICATION_ACTIONS.items()
        ]


class ApplicationViewSet(ModelViewSet):
    model = EditionApplication
    icon = "tasks"
    menu_label = gettext_lazy("Edition applications")
    menu_order = 266
    add_to_admin_menu = True
    inspect_view_class = ApplicationInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["product", "organisation", "edition", "proposed_category", "status", "submitted_at"]
    list_filter = ["edition", "status"]
    search_fields = ["product__name_zh", "product__name_en", "organisation__name_zh"]
    ordering = ["-submitted_at"]
    form_fields = ["statement"]
    inspect_view_fields = [
        "edition",
        "product",
        "organisation",
        "applicant",
        "proposed_category",
        "statement",
        "status",
        "category",
        "rationale_zh",
        "rationale_en",
        "staff_reason",
        "submitted_at",
        "reviewed_at",
        "reviewed_by",
    ]

    def get_index_view_kwargs(self, **kwargs):
        queryset = EditionApplication.objects.select_related("edition", "product", "organisation")
        return super().get_index_view_kwargs(queryset=queryset, **kwargs)

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(decision_url_name=self.get_url_name("decide"), **kwargs)

    @property
    def decide_view(self):
        return self.construct_view(ApplicationDecisionView, return_url_name=self.get_url_name("inspect"))

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("decide/<id:pk>/<str:action>/", self.decide_view, name="decide")]


@hooks.register("register_admin_viewset")
def register_edition_admin():
    return [EditionViewSet("editions"), ApplicationViewSet("edition_applications")]


class ApplicationsAwaitingDecisionPanel(WaitingListPanel):
    name = "edition_applications_waiting"
    heading = gettext_lazy("Edition applications awaiting a decision")
    template_name = "catalog/admin/edition_applications_panel.html"
    order = 61
    index_url_name = "edition_applications:index"
    index_filter = f"status={ApplicationStatus.SUBMITTED}"

    def get_queryset(self):
        return queries.applications_awaiting_decision()


@hooks.register("construct_homepage_panels")
def add_applications_panel(request, panels):
    if permissions.can_view_editions_admin(request.user):
        panels.append(ApplicationsAwaitingDecisionPanel())
