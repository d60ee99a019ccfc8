"""The pipeline's admin forms. Cleaned data are the keyword arguments of the services."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incubator.pipeline import judging, permissions
from incubator.vocabulary import PipelineSource, PipelineStage, SupportKind
from portal.form_fields import VersionedFormMixin, VersionField
from portal.idempotency import CreationTokenFormMixin
from portal.judging.forms import PanelForm
from portal.organisations.models import Organisation, OrganisationKind
from portal.organisations.queries import in_name_order
from portal.review.errors import ServiceErrorFormMixin


class TeamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class DateInput(forms.DateInput):
    """The browser's own date picker. Its value is always ISO 8601: the Chinese input format
    (2026/12/07) is not a date to ``<input type="date">``, which would show the field empty."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DiscoverForm(ServiceErrorFormMixin, forms.Form):
    startup = forms.ModelChoiceField(
        label=_("Startup"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.STARTUP, pipeline_card__isnull=True).order_by(
            "name_zh"
        ),
        help_text=_("Startups already in the pipeline are not offered."),
    )
    source = forms.ChoiceField(label=_("Source"), choices=PipelineSource.choices)
    note = forms.CharField(
        label=_("Where it came from"),
        required=False,
        max_length=300,
        help_text=_("The competition and award, the referrer, the search."),
    )
    project_manager = TeamChoiceField(label=_("Project manager"), queryset=permissions.team(), required=False)


class StageField(forms.ChoiceField):
    """Offers the moves allowed from the stage the page shows, and takes any stage: a move no longer
    allowed once the card moved (a second click, a colleague) is the service's to refuse, saying the
    stage it is in now ("Select a valid choice. screening is not one of the available choices" said nothing)."""

    def valid_value(self, value):
        return value in PipelineStage.values


class MoveForm(VersionedFormMixin, ServiceErrorFormMixin, forms.Form):
    """The stages the card may move to from its stage; ``version`` is the card's as the page showed it."""

    to_stage = StageField(label=_("Move to"))
    version = VersionField(min_value=0)
    note = forms.CharField(
        label=_("Why"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to drop the startup: the stage history keeps the reason."),
    )
    #: Set by the confirmation step of a drop (``incubator/pipeline/admin/drop_confirm.html``).
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, card, allowed, **kwargs):
        kwargs.setdefault("initial", {"version": card.version})
        super().__init__(*args, **kwargs)
        labels = dict(PipelineStage.choices)
        self.fields["to_stage"].choices = [(stage, labels[stage]) for stage in allowed]

    def asks_confirmation(self) -> bool:
        """A drop with its reason, not confirmed yet: the confirmation step comes first (a drop without
        a reason goes to the service, which refuses it beside the reason's field)."""
        if not self.is_valid() or self.cleaned_data["confirmed"]:
            return False
        return self.cleaned_data["to_stage"] == PipelineStage.DROPPED and bool(self.cleaned_data["note"].strip())

    def move(self) -> dict:
        """The service's keyword arguments (the confirmation is the page's, not the service's)."""
        return {name: value for name, value in self.cleaned_data.items() if name != "confirmed"}


class ManagerForm(ServiceErrorFormMixin, forms.Form):
    project_manager = TeamChoiceField(label=_("Project manager"), queryset=permissions.team(), required=False)


class NoteForm(ServiceErrorFormMixin, forms.Form):
    text = forms.CharField(label=_("Note"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class TaskForm(ServiceErrorFormMixin, forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200)
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DateInput)
    assignee = TeamChoiceField(label=_("Assignee"), queryset=permissions.team(), required=False)


class SupportForm(ServiceErrorFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of support"), choices=SupportKind.choices)
    description_zh = forms.CharField(label=_("Description (Chinese)"), max_length=300)
    description_en = forms.CharField(label=_("Description (English)"), max_length=300, required=False)
    on = forms.DateField(label=_("Date"), widget=DateInput, initial=timezone.localdate)
    platform = forms.ModelChoiceField(
        label=_("Platform or incubator"),
        required=False,
        queryset=Organisation.objects.filter(kind__in=[OrganisationKind.SERVICE_PLATFORM, OrganisationKind.INCUBATOR]),
    )
    amount_cny = forms.IntegerField(label=_("Amount (CNY)"), required=False, min_value=0, max_value=10**15)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Ordered per form, in the page's language (the class is built once, at import, in Chinese).
        self.fields["platform"].queryset = in_name_order(self.fields["platform"].queryset)


class ScreeningForm(CreationTokenFormMixin, PanelForm):
    """Open a screening panel: its title, the rubric (the plan's screening rubric first), the project managers.
    Sent twice (a double click), it opens one panel."""

    creation_scope = "incubator.screening_panel"

    judges_per_item_label = _("Project managers per startup")

    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    judges = forms.ModelMultipleChoiceField(
        label=_("Project managers who score"),
        queryset=permissions.project_managers(),
        widget=forms.CheckboxSelectMultiple,
    )

    field_order = ["title_zh", "title_en", "rubric", "judges", "judges_per_item", "opens_at", "closes_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judges"].queryset = permissions.project_managers()
        self.fields["judges_per_item"].initial = 2
        rubric = judging.screening_rubric()
        if rubric is not None:
            self.fields["rubric"].initial = rubric.pk
        now = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["opens_at"].initial = now
        self.fields["closes_at"].initial = now + timedelta(days=14)
        self.fields["judges"].initial = list(permissions.project_managers().values_list("pk", flat=True))
        self.order_fields(self.field_order)
