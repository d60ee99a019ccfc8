"""The Wagtail admin for cases: staff review what members submit; typical-case selections.

* Case submissions: a listing filterable by status, an inspect view (with the outcome
  rows and attachment links) and the review kit's decision view (``portal.review``) for the
  decisions ``cases.services.REVIEW`` declares: request changes (with a comment), reject
  (with a reason), accept (creates the ``CasePage`` draft in zh-hans under the case index and
  its English translation from the submission's English texts), publish (both pages at once,
  once staff have checked them). Members edit submissions from the front end, so there is no
  add/edit form here.
* Typical-case selections: a snippet staff edit; each has its expert panel's page
  (``cases.admin``: open the panel, nominate cases, the ranking, confirm the top N).
* A dashboard panel lists submissions waiting for staff.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from cases import admin as selection_admin
from cases import publication, queries, services
from cases.models import STEP_FIELDS, CaseSubmission, TypicalCaseSelection
from cases.vocabulary import SubmissionStatus
from portal.review.admin import DecisionInspectView, DecisionView, ReviewViewSetMixin
from portal.review.forms import DecisionForm, decision_note
from portal.review.staff import StaffViewPolicy, WaitingListPanel, listing_url, on_staff_dashboard
from portal.snippets import PortalSnippetViewSet
from portal.viewsets import PortalModelViewSet

register_permission_policy(CaseSubmission, StaffViewPolicy(CaseSubmission), exact_class=True)


class SubmissionDecisionForm(DecisionForm):
    note_field = "comment"
    comment = decision_note(
        gettext_lazy("Comment"),
        gettext_lazy("Required to request changes or reject: the organisation's members read it."),
        rows=5,
    )


class SubmissionInspectView(DecisionInspectView):
    def get_outcomes_display_value(self):
        rows = [
            (o.line, format_html(' <span lang="en">({})</span>', o.in_english().line) if o.has_english else "")
            for o in self.object.outcomes.all()
        ]
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}{}</li>", rows)) if rows else "—"

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
        # The Chinese page and its English translation, each with its editor and whether it is live.
        pages = [
            (reverse("wagtailadmin_pages:edit", args=[page.pk]), page.title, page.locale.get_display_name(), state)
            for page in publication.case_pages(self.object)
            for state in [_("Live") if page.live and not page.has_unpublished_changes else _("Draft")]
        ]
        if not pages:
            return "—"
        return format_html("<ul>{}</ul>", format_html_join("", '<li><a href="{}">{}</a> ({} · {})</li>', pages))


class SubmissionReviewView(DecisionView):
    """Request changes, reject, accept or publish one submission (staff only)."""

    template_name = "cases/admin/review.html"
    context_object_name = "submission"

    def decided(self):
        if self.decision.name != "accept":
            return None
        if self.object.has_english:
            done = _(
                "Accepted. The Chinese and English case pages are drafts: check them, then publish both "
                "with “Publish in Chinese and English”."
            )
        else:
            done = _(
                "Accepted. The Chinese and English case pages are drafts; the submission has no English text: "
                "translate the English page, then publish both with “Publish in Chinese and English”."
            )
        messages.success(self.request, done)
        return redirect(self.inspect_url)


class SubmissionViewSet(ReviewViewSetMixin, PortalModelViewSet):
    model = CaseSubmission
    review = services.REVIEW
    decision_view_class = SubmissionReviewView
    decision_form_class = SubmissionDecisionForm
    icon = "doc-full-inverse"
    menu_label = gettext_lazy("Case submissions")
    menu_order = 270
    add_to_admin_menu = True
    inspect_view_class = SubmissionInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_select_related = ("organisation",)
    list_display = ["title", "organisation", "status", "submitted_at", "updated_at"]
    list_filter = ["status", "bci_type"]
    search_fields = ["title", "title_en", "summary"]
    ordering = ["-submitted_at", "-updated_at"]
    form_fields = ["title"]
    #: Everything the hospital wrote, step by step as its form asks, then what the review added.
    inspect_view_fields = [
        "organisation",
        "status",
        "staff_comment",
        *STEP_FIELDS["basics"],
        *STEP_FIELDS["clinical"],
        "outcomes",
        *STEP_FIELDS["links"],
        "institutions",
        "products",
        "attachments",
        "consent_confirmed",
        "attested_by",
        "attested_at",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
        "case_page",
    ]


@hooks.register("register_admin_viewset")
def register_submission_admin():
    return SubmissionViewSet("case_submissions")


class SelectionViewSet(PortalSnippetViewSet):
    model = TypicalCaseSelection
    icon = "pick"
    menu_label = gettext_lazy("Typical-case selections")
    list_display = ["name_zh", "name_en", "year", "slug"]


register_snippet(SelectionViewSet)
hooks.register("register_admin_urls", selection_admin.urlpatterns)
hooks.register("register_snippet_listing_buttons", selection_admin.listing_buttons)


@on_staff_dashboard
class SubmissionsAwaitingReviewPanel(WaitingListPanel):
    name = "case_submissions_awaiting_review"
    heading = gettext_lazy("Cases awaiting review")
    template_name = "cases/admin/awaiting_review_panel.html"
    order = 70
    index_url = listing_url("case_submissions:index", status=[SubmissionStatus.SUBMITTED, SubmissionStatus.RESUBMITTED])

    def get_queryset(self):
        return queries.submissions_awaiting_review()
