"""Programme applications in the Wagtail admin: staff and project managers list and inspect them,
and decide on any of them with the review kit's decision view (``services.REVIEW``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from incubator.models import ProgrammeApplication
from incubator.programmes import services
from portal.review.admin import ReviewViewSetMixin
from portal.review.forms import DecisionForm
from portal.viewsets import PortalModelViewSet


class ApplicationDecisionForm(DecisionForm):
    """The message to the startup: the next steps when accepting, the reason (required) when declining."""

    note = forms.CharField(
        label=_("Message to the startup"), widget=forms.Textarea(attrs={"rows": 5}), required=False, max_length=2000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.decision.note_required:
            self.fields["note"].help_text = _("Required: the startup's members read it.")


class ProgrammeApplicationViewSet(ReviewViewSetMixin, PortalModelViewSet):
    model = ProgrammeApplication
    review = services.REVIEW
    decision_form_class = ApplicationDecisionForm
    list_select_related = ("startup", "platform")
    icon = "form"
    menu_label = _("Programme applications")
    copy_view_enabled = False
    list_display = ["startup", "platform", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["startup__name_zh", "startup__name_en", "platform__name_zh", "platform__name_en"]
    ordering = ["-created_at"]
    form_fields = []  # decisions go through the decision view; nobody edits an application here
    inspect_view_fields = [
        "startup",
        "platform",
        "services",
        "message",
        "status",
        "decision_note",
        "decided_at",
        "decided_by",
        "submitted_by",
        "created_at",
    ]
