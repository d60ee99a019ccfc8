"""The competition's admin views: entries with the screening decisions and the per-entry extension.

Registered by ``competition.wagtail_hooks``. Entries are looked at and decided on, never edited
here: teams write them from the front end.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from competition import deadlines, permissions, services
from competition.forms import ExtensionForm
from competition.models import Entry
from portal.review.admin import DecisionInspectView, DecisionView, ReviewViewSetMixin, record_breadcrumbs
from portal.review.forms import DecisionForm, decision_note
from portal.viewsets import PortalModelViewSet


class ScreeningForm(DecisionForm):
    note_field = "note"
    note = decision_note(gettext_lazy("Reason"), gettext_lazy("Required for an ineligible entry: the team reads it."))


class EntryInspectView(DecisionInspectView):
    def get_attachments_display_value(self):
        links = [(a.get_absolute_url(), a.name) for a in self.object.attachments.all()]
        return format_html("<ul>{}</ul>", format_html_join("", '<li><a href="{}">{}</a></li>', links)) if links else "—"

    def get_answers_display_value(self):
        rows = [
            (question.label, self.object.answers.get(question.key, "—")) for question in self.object.track.fields.all()
        ]
        return format_html("<dl>{}</dl>", format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows)) if rows else "—"

    def get_deadline_display_value(self):
        return deadlines.display(self.object.deadline)

    def extra_header_buttons(self) -> list:
        """The entry's audit trail (whoever may look), and a deadline extension (staff)."""
        trail = reverse("competition_results:entry_trail", args=[self.object.pk])
        buttons = [HeaderButton(gettext_lazy("Audit trail"), url=trail, icon_name="history")]
        if permissions.can_manage_competitions(self.request.user):
            url = reverse("competition_entries:extend", args=[self.object.pk])
            buttons.append(HeaderButton(gettext_lazy("Extend the deadline"), url=url, icon_name="time"))
        return buttons


class ScreeningView(DecisionView):
    template_name = "competition/admin/screening.html"
    context_object_name = "entry"


class ExtensionView(WagtailAdminTemplateMixin, FormView):
    """Give one entry a later deadline, with the reason (``services.extend_deadline``: audited)."""

    template_name = "competition/admin/extend.html"
    form_class = ExtensionForm
    page_title = gettext_lazy("Extend the deadline")

    def dispatch(self, request, *args, **kwargs):
        if not permissions.can_manage_competitions(request.user):
            raise PermissionDenied
        self.object = get_object_or_404(Entry.objects.select_related("competition", "team"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        """Home › Entries › the entry › Extend the deadline, as a decision's page."""
        return record_breadcrumbs(
            self, self.object, "competition_entries:index", "competition_entries:inspect", self.page_title
        )

    def form_valid(self, form):
        try:
            services.extend_deadline(
                staff=self.request.user,
                entry=self.object,
                until=form.cleaned_data["until"],
                reason=form.cleaned_data["reason"],
            )
        except services.EntryError as exc:
            form.add_service_error(exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The deadline of %(entry)s is extended.") % {"entry": self.object})
        return redirect("competition_entries:inspect", self.object.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(entry=self.object, deadline=deadlines.display(self.object.deadline), zone=deadlines.ZONE_NAME)
        context["inspect_url"] = reverse("competition_entries:inspect", args=[self.object.pk])
        return context


class EntryViewSet(ReviewViewSetMixin, PortalModelViewSet):
    model = Entry
    review = services.SCREENING
    decision_view_class = ScreeningView
    decision_form_class = ScreeningForm
    icon = "clipboard-list"
    menu_label = gettext_lazy("Competition entries")
    menu_order = 280
    add_to_admin_menu = True
    inspect_view_class = EntryInspectView
    copy_view_enabled = False
    list_select_related = ("team", "track", "competition")
    list_display = ["title", "team", "track", "status", "submitted_at", "updated_at"]
    list_filter = ["status", "competition", "track"]
    search_fields = ["title", "summary"]
    ordering = ["-submitted_at", "-updated_at"]
    form_fields = ["title"]
    inspect_view_fields = [
        "competition",
        "track",
        "team",
        "status",
        "screening_note",
        "title",
        "summary",
        "answers",
        "video_url",
        "attachments",
        "deadline",
        "extended_until",
        "extension_reason",
        "extended_by",
        "extended_at",
        "submitted_at",
        "screened_by",
        "screened_at",
    ]

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("extend/<id:pk>/", ExtensionView.as_view(), name="extend")]
