"""The Wagtail admin for recommended-catalogue editions (imported by ``catalog.wagtail_hooks``).

* Editions: staff create and edit an edition (year, bilingual title and intro, call
  period) until it is published; open / close the call and publish (with a confirmation
  page) are the review kit's decisions (``portal.review``) that
  ``catalog.editions.services.EDITION_REVIEW`` declares. Project managers may look.
* Applications: a listing filterable by edition and status; inspect shows the statement and,
  when the edition's applications are scored by an expert panel, the application's raw and
  normalised means and ranks beside the decisions; accept (category + rationale) and reject
  (reason) are ``APPLICATION_REVIEW``'s decisions.
* An edition's expert panel (``edition_panel``): staff choose to have the applications scored
  (rubric, judges, window: ``catalog.editions.panel``), see the ranking, add late applications.
* A dashboard panel lists applications waiting for a decision.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permissions import register_permission_policy
from wagtail.templatetags.wagtailcore_tags import richtext

from catalog import permissions
from catalog.editions import panel, queries, services
from catalog.editions.forms import AcceptForm, ApplicationPanelForm, RejectForm
from catalog.editions.models import ApplicationStatus, Edition, EditionApplication, EditionStatus
from portal import public_cache
from portal.form_fields import BoundedDateTimesViewSetMixin
from portal.judging import permissions as judging_permissions
from portal.judging.vocabulary import RankMethod
from portal.review.admin import DecisionInspectView, DecisionView, ReviewViewSetMixin, record_breadcrumbs, take_form
from portal.review.errors import take_action
from portal.review.staff import StaffViewPolicy, WaitingListPanel, listing_url, on_staff_dashboard
from portal.viewsets import PortalModelViewSet


class EditionPermissionPolicy(StaffViewPolicy):
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
        # Staff and project managers: the same people who may look.
        return super().users_with_any_permission(["view"] if set(actions) & {"view", "add", "change"} else [])


register_permission_policy(Edition, EditionPermissionPolicy(Edition), exact_class=True)
# Applications are only looked at here; decisions go through the decision views.
register_permission_policy(EditionApplication, StaffViewPolicy(EditionApplication), exact_class=True)


# --- editions ----------------------------------------------------------------------------


class EditionActionView(DecisionView):
    """Open or close the call, or publish (listing the accepted products first), as ``EDITION_REVIEW`` declares."""

    template_name = "catalog/admin/edition_action.html"
    context_object_name = "edition"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.decision.name == "publish":
            context["accepted"] = list(
                self.object.applications.filter(status=ApplicationStatus.ACCEPTED).select_related("product")
            )
        return context


class EditionInspectView(DecisionInspectView):
    applications_url_name = "edition_applications:index"

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

    def extra_header_buttons(self) -> list:
        url = f"{reverse(self.applications_url_name)}?edition={self.object.pk}"
        panel_url = reverse("edition_panel", args=[self.object.pk])
        return [
            HeaderButton(gettext_lazy("Applications"), url=url, priority=4),
            HeaderButton(gettext_lazy("Expert panel"), url=panel_url, icon_name="group", priority=4),
        ]


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


class EditionViewSet(BoundedDateTimesViewSetMixin, ReviewViewSetMixin, PortalModelViewSet):
    model = Edition
    review = services.EDITION_REVIEW
    decision_view_class = EditionActionView
    decision_url_prefix = decision_url_name = "action"
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


# --- applications --------------------------------------------------------------------------


class ApplicationDecisionView(DecisionView):
    """Accept (category and rationale) or reject (reason) one application, as ``APPLICATION_REVIEW`` declares."""

    template_name = "catalog/admin/edition_action.html"
    context_object_name = "application"

    def get_queryset(self):
        return EditionApplication.objects.select_related("edition", "product", "organisation")

    def get_initial(self):
        if self.decision.name == "accept":
            return {**super().get_initial(), "category": self.object.category or self.object.proposed_category}
        return super().get_initial()


class ApplicationInspectView(DecisionInspectView):
    """The application, with its standing in the edition's expert panel (when there is one) above the fields."""

    template_name = "catalog/admin/application_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if judging_permissions.can_see_results(self.request.user):
            context["standing"] = queries.panel_standing(self.object)
        return context


class ApplicationViewSet(ReviewViewSetMixin, PortalModelViewSet):
    model = EditionApplication
    inspect_view_class = ApplicationInspectView
    review = services.APPLICATION_REVIEW
    decision_view_class = ApplicationDecisionView
    decision_form_classes = {"accept": AcceptForm, "reject": RejectForm}
    decision_url_prefix = decision_url_name = "decide"
    list_select_related = ("edition", "product", "organisation")
    icon = "tasks"
    menu_label = gettext_lazy("Edition applications")
    menu_order = 266
    add_to_admin_menu = True
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


@hooks.register("register_admin_viewset")
def register_edition_admin():
    return [EditionViewSet("editions"), ApplicationViewSet("edition_applications")]


# --- an edition's expert panel -------------------------------------------------------------------


class EditionPanelView(WagtailAdminTemplateMixin, TemplateView):
    """GET: the edition's panel (or the form to open one). POST to ``open/`` or ``add/``, then back here."""

    template_name = "catalog/admin/edition_panel.html"
    header_icon = "group"

    def dispatch(self, request, pk, action=None):
        if not judging_permissions.can_see_results(request.user):
            raise PermissionDenied
        if action is not None and (action not in ("open", "add") or request.method != "POST"):
            raise Http404
        if action is not None and not permissions.can_decide_editions(request.user):
            raise PermissionDenied
        self.edition = get_object_or_404(Edition, pk=pk)
        self.method = request.GET.get("method") if request.GET.get("method") in RankMethod.values else RankMethod.RAW
        return getattr(self, action)() if action else super().dispatch(request, pk)

    def get_page_title(self):
        return _("Expert panel")

    def get_page_subtitle(self):
        return str(self.edition)

    def get_breadcrumbs_items(self):
        """Home › Editions › the edition › Expert panel."""
        return record_breadcrumbs(self, self.edition, "editions:index", "editions:inspect", self.get_page_title())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(edition=self.edition, panel=queries.edition_panel(self.edition), method=self.method)
        context.update(url=reverse("edition_panel", args=[self.edition.pk]), methods=RankMethod.choices)
        context["ranking"] = queries.panel_ranking(self.edition, method=self.method) if context["panel"] else []
        context["form"] = kwargs.get("form") or ApplicationPanelForm()
        context["can_act"] = permissions.can_decide_editions(self.request.user)
        return context

    def open(self):
        return take_form(
            self,
            ApplicationPanelForm(self.request.POST),
            lambda form: panel.open_application_panel(
                actor=self.request.user, edition=self.edition, **form.cleaned_data
            ),
            done=_("The applications are before the expert panel; judges are assigned."),
            success_url=reverse("edition_panel", args=[self.edition.pk]),
        )

    def add(self):
        take_action(
            self.request,
            lambda: panel.add_new_applications(actor=self.request.user, edition=self.edition),
            done=_("New applications added to the panel; judges assigned."),
        )
        return redirect("edition_panel", self.edition.pk)


@hooks.register("register_admin_urls")
def register_edition_panel_urls():
    view = EditionPanelView.as_view()
    return [
        path("editions/<id:pk>/panel/", view, name="edition_panel"),
        path("editions/<id:pk>/panel/<slug:action>/", view, name="edition_panel_action"),
    ]


@on_staff_dashboard
class ApplicationsAwaitingDecisionPanel(WaitingListPanel):
    name = "edition_applications_waiting"
    heading = gettext_lazy("Edition applications awaiting a decision")
    template_name = "catalog/admin/edition_applications_panel.html"
    order = 61
    index_url = listing_url("edition_applications:index", status=ApplicationStatus.SUBMITTED)

    def get_queryset(self):
        return queries.applications_awaiting_decision()
