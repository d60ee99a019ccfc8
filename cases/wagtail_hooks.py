"""The Wagtail admin for cases: staff review what members submit; typical-case selections.

* Case submissions: a listing filterable by status, an inspect view (with the outcome
  rows and attachment links) and review views that call ``cases.services``: request
  changes (with a comment), reject (with a reason), accept (creates the ``CasePage``
  draft in zh-hans under the case index, which staff translate and publish). Members
  edit submissions from the front end, so there is no add/edit form here.
* Typical-case selections: a snippet staff edit.
* A dashboard panel lists submissions waiting for staff.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail import hooks
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cases import permissions, queries, services
from cases.models import CaseSubmission, TypicalCaseSelection
from cases.vocabulary import AWAITING_STAFF, SubmissionStatus
from portal import permissions as portal_permissions
from portal.admin_panels import ReviewViewSetMixin, WaitingListPanel


class SubmissionPermissionPolicy(BasePermissionPolicy):
    """Alliance staff and project managers look at submissions here; decisions go through the review views."""

    def user_has_permission(self, user, action):
        return action == "view" and portal_permissions.is_alliance_staff(user)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        return get_user_model().objects.filter(
            groups__name__in=[portal_permissions.STAFF_GROUP, portal_permissions.PROJECT_MANAGER_GROUP]
        )


register_permission_policy(CaseSubmission, SubmissionPermissionPolicy(CaseSubmission), exact_class=True)


@hooks.register("register_log_actions")
def register_case_log_actions(actions):
    for event, label, message in [
        ("submitted", gettext_lazy("Submit case"), gettext_lazy("Submitted for review")),
        ("resubmitted", gettext_lazy("Resubmit case"), gettext_lazy("Submitted again after changes")),
        ("changes_requested", gettext_lazy("Request changes"), gettext_lazy("Sent back with a comment")),
        ("rejected", gettext_lazy("Reject case"), gettext_lazy("Rejected with a reason")),
        ("accepted", gettext_lazy("Accept case"), gettext_lazy("Accepted; a case page draft was created")),
    ]:
        actions.register_action(f"cases.submission.{event}", label, message)


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Required to request changes or reject: the organisation's members read it."),
    )


DECISIONS = {
    "request_changes": gettext_lazy("Request changes"),
    "reject": gettext_lazy("Reject"),
    "accept": gettext_lazy("Accept and create the case page"),
}


class SubmissionInspectView(generic.InspectView):
    review_url_name = None

    def get_outcomes_display_value(self):
        rows = [
            (o.measure, o.time_frame or "—", o.result, f"{o.value_display} {o.unit}".strip())
            for o in self.object.outcomes.all()
        ]
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{} · {} · {} {}</li>", rows)) if rows else "—"

    def get_attachments_display_value(self):
        links = [
            (reverse("cases:attachment_download", args=[self.object.pk, a.pk]), a.name)
            for a in self.object.attachments.all()
        ]
        return format_html("<ul>{}</ul>", format_html_join("", '<li><a href="{}">{}</a></li>', links)) if links else "—"

    def get_functions_display_value(self):
        return self.object.functions_display or "—"

    def get_indications_display_value(self):
        return self.object.indications_display or "—"

    def get_case_page_display_value(self):
        page = self.object.case_page
        if page is None:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("wagtailadmin_pages:edit", args=[page.pk]), page.title)

    @cached_property
    def header_buttons(self):
        if not permissions.can_review_cases(self.request.user) or self.object.status not in AWAITING_STAFF:
            return []
        return [
            HeaderButton(label, url=reverse(self.review_url_name, args=[self.object.pk, decision]), priority=5)
            for decision, label in DECISIONS.items()
        ]


class SubmissionReviewView(WagtailAdminTemplateMixin, FormView):
    """Request changes, reject or accept one submission (staff only)."""

    template_name = "cases/admin/review.html"
    header_icon = "doc-full-inverse"
    inspect_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if not permissions.can_review_cases(request.user) or kwargs["decision"] not in DECISIONS:
            raise PermissionDenied
        self.submission = get_object_or_404(CaseSubmission.objects.select_related("organisation"), pk=kwargs["pk"])
        self.decision = kwargs["decision"]
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return DECISIONS[self.decision]

    def get_page_subtitle(self):
        return str(self.submission)

    def get_form(self, form_class=None):
        return DecisionForm(self.request.POST if self.request.method == "POST" else None)

    def form_valid(self, form):
        comment = form.cleaned_data["comment"]
        try:
            if self.decision == "request_changes":
                services.request_changes(staff=self.request.user, submission=self.submission, comment=comment)
            elif self.decision == "reject":
                services.reject(staff=self.request.user, submission=self.submission, reason=comment)
            else:
                page = services.accept(staff=self.request.user, submission=self.submission)
                messages.success(
                    self.request,
                    gettext_lazy("Accepted. The case page is a draft: translate it into English, then publish both."),
                )
                return redirect("wagtailadmin_pages:edit", page.pk)
        except services.SubmissionError as exc:
            form.add_error("comment" if exc.field == "comment" else None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, gettext_lazy("Done: %(case)s.") % {"case": self.submission})
        return redirect(self.inspect_url_name, self.submission.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            submission=self.submission,
            decision=self.decision,
            submit_label=DECISIONS[self.decision],
            inspect_url=reverse(self.inspect_url_name, args=[self.submission.pk]),
        )
        return context


class SubmissionViewSet(ReviewViewSetMixin, ModelViewSet):
    review_view_class = SubmissionReviewView
    model = CaseSubmission
    icon = "doc-full-inverse"
    menu_label = gettext_lazy("Case submissions")
    menu_order = 270
    add_to_admin_menu = True
    inspect_view_class = SubmissionInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["title", "organisation", "status", "submitted_at", "updated_at"]
    list_filter = ["status", "bci_type"]
    search_fields = ["title", "summary"]
    ordering = ["-submitted_at", "-updated_at"]
    form_fields = ["title"]
    inspect_view_fields = [
        "organisation",
        "status",
        "staff_comment",
        "title",
        "summary",
        "narrative",
        "bci_type",
        "approach",
        "functions",
        "indications",
        "phase",
        "enrolment",
        "enrolment_type",
        "start_date",
        "case_status",
        "follow_up_months",
        "adverse_events",
        "outcomes",
        "trial_ids",
        "dois",
        "team",
        "institutions",
        "products",
        "video_url",
        "attachments",
        "consent_confirmed",
        "attested_by",
        "attested_at",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
        "case_page",
    ]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(queryset=CaseSubmission.objects.select_related("organisation"), **kwargs)


@hooks.register("register_admin_viewset")
def register_submission_admin():
    return SubmissionViewSet("case_submissions")


class SelectionViewSet(SnippetViewSet):
    model = TypicalCaseSelection
    icon = "pick"
    menu_label = gettext_lazy("Typical-case selections")
    list_display = ["name_zh", "name_en", "year", "slug"]


register_snippet(SelectionViewSet)


class SubmissionsAwaitingReviewPanel(WaitingListPanel):
    name = "case_submissions_awaiting_review"
    heading = gettext_lazy("Cases awaiting review")
    template_name = "cases/admin/awaiting_review_panel.html"
    order = 70
    index_url_name = "case_submissions:index"
    index_filter = f"status={SubmissionStatus.SUBMITTED}&status={SubmissionStatus.RESUBMITTED}"

    def get_queryset(self):
        return queries.submissions_awaiting_review()


@hooks.register("construct_homepage_panels")
def add_awaiting_review_panel(request, panels):
    if portal_permissions.is_alliance_staff(request.user):
        panels.append(SubmissionsAwaitingReviewPanel())
