"""Forms of the case submission steps and of the case page's admin. They parse input; rules live in ``cases.services``.

The case page model names ``CasePageForm`` as its admin form, so this module is imported
while ``cases.models`` loads: it imports the submission model from its own module.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from cases.models.submissions import OUTCOME_TEXTS, STEP_FIELDS, CaseSubmission
from cases.validators import normalise_doi, normalise_trial_id, split_lines, validate_doi, validate_trial_id
from cases.vocabulary import CaseFunction, Indication
from catalog.models import Product
from portal import uploads
from portal.db import by_name
from portal.form_fields import VersionedFormMixin, VersionField, checkboxes
from portal.idempotency import CreationTokenFormMixin
from portal.judging.forms import PanelForm
from portal.judging.vocabulary import RankMethod
from portal.models import Organisation
from portal.organisations.models import OrganisationKind
from portal.organisations.queries import in_name_order
from portal.review.errors import ServiceErrorFormMixin

#: The steps of the form, in order, with their titles.
STEPS = [
    ("basics", _("Basics")),
    ("clinical", _("Clinical details")),
    ("outcomes", _("Outcomes")),
    ("links", _("Institutions, products and publications")),
    ("submit", _("Attestation and submission")),
]
STEP_NAMES = [name for name, _label in STEPS]


def clean_lines(text: str, normalise, validate) -> str:
    """One value per line, each normalised and validated; every bad line is reported at once."""
    values = [normalise(line) for line in split_lines(text)]
    errors = []
    for value in values:
        try:
            validate(value)
        except ValidationError as exc:
            errors.extend(exc.error_list)
    if errors:
        raise ValidationError(errors)
    return "\n".join(values)


def text_areas(name: str, rows: int) -> dict:
    """``Meta.widgets`` of a Chinese text and its English twin (marked ``lang="en"``), ``rows`` high."""
    english = forms.Textarea(attrs={"rows": rows, "lang": "en"})
    return {name: forms.Textarea(attrs={"rows": rows}), f"{name}_en": english}


class VersionedForm(VersionedFormMixin, forms.Form):
    """Carries the submission's version, so an older page cannot overwrite a newer save."""

    version = VersionField(min_value=1)


class StepForm(VersionedForm):
    """A step that saves a draft: it also carries the step's ``basis`` (``services.step_basis``), so a
    newer save of another step is no conflict; only a change to what this step edits is."""

    basis = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)


class BasicsForm(CreationTokenFormMixin, StepForm, forms.ModelForm):
    """Step 1. On the "new case" page (no submission yet) it carries a required one-time token."""

    creation_scope = "cases.submission"

    functions = checkboxes(_("Functions restored or treated"), CaseFunction.choices)
    indications = checkboxes(_("Indications"), Indication.choices)

    class Meta:
        model = CaseSubmission
        fields = STEP_FIELDS["basics"]
        widgets = {
            **text_areas("summary", 3),
            **text_areas("narrative", 10),
            "title_en": forms.TextInput(attrs={"lang": "en"}),
        }


class ClinicalForm(StepForm, forms.ModelForm):
    class Meta:
        model = CaseSubmission
        fields = STEP_FIELDS["clinical"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            **text_areas("adverse_events", 3),
            "trial_ids": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "trial_ids": _("One per line: NCT01234567, ChiCTR2000012345 or ChiCTR-IOR-17012345."),
        }

    def clean_trial_ids(self):
        return clean_lines(self.cleaned_data.get("trial_ids"), normalise_trial_id, validate_trial_id)


_ENGLISH_OUTCOME_HELP = _("The English fields are optional: the English page shows the Chinese where they are empty.")


class OutcomeForm(forms.Form):
    measure = forms.CharField(label=_("Measure"), max_length=200)
    time_frame = forms.CharField(label=_("Time frame"), max_length=100, required=False)
    result = forms.CharField(label=_("Result"), max_length=300)
    value = forms.DecimalField(label=_("Value"), max_digits=12, decimal_places=3, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    measure_en = forms.CharField(label=_("Measure (English)"), max_length=200, required=False)
    time_frame_en = forms.CharField(label=_("Time frame (English)"), max_length=100, required=False)
    result_en = forms.CharField(label=_("Result (English)"), max_length=300, required=False)
    unit_en = forms.CharField(label=_("Unit (English)"), max_length=40, required=False, help_text=_ENGLISH_OUTCOME_HELP)


OutcomeFormSet = forms.formset_factory(OutcomeForm, extra=2, can_delete=True, max_num=30, validate_max=True)
#: The fields of an outcome row, as the formset and ``CaseSubmissionOutcome`` name them.
OUTCOME_FIELDS = ("measure", "time_frame", "result", "value", "unit", *(f"{name}_en" for name in OUTCOME_TEXTS))


def outcome_rows(formset) -> list[dict]:
    """The filled-in, not deleted rows of a valid formset."""
    return [
        {key: form.cleaned_data[key] for key in OUTCOME_FIELDS}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def outcome_initial(submission) -> list[dict]:
    """The saved rows, as the formset's initial data."""
    return [{key: getattr(row, key) for key in OUTCOME_FIELDS} for row in submission.outcomes.all()]


def institution_choices():
    return in_name_order(
        Organisation.objects.verified().filter(
            kind__in=[OrganisationKind.HOSPITAL, OrganisationKind.RESEARCH_INSTITUTE, OrganisationKind.ENTERPRISE]
        )
    )


class LinksForm(StepForm, forms.ModelForm):
    institutions = forms.ModelMultipleChoiceField(
        label=_("Institutions"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Hospitals, enterprises and research institutes that took part. Yours is added anyway."),
    )
    products = forms.ModelMultipleChoiceField(
        label=_("Linked catalogue products"),
        queryset=Product.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attachment = uploads.SafePDFOrImageField(
        label=_("Attachment"),
        required=False,
        help_text=_(
            "An image (JPEG, PNG, WebP) or a PDF, e.g. the ethics approval. Nothing that identifies a patient."
        ),
    )

    class Meta:
        model = CaseSubmission
        fields = STEP_FIELDS["links"]
        widgets = {
            **text_areas("team", 3),
            "dois": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"dois": _("One DOI per line, e.g. 10.1038/s41586-023-06377-x.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institutions"].queryset = institution_choices()
        products = Product.objects.public().select_related("organisation")
        self.fields["products"].queryset = products.order_by(by_name("name_zh", "name_en"), "pk")
        if self.instance.pk:
            self.initial.setdefault("institutions", list(self.instance.institutions.all()))
            self.initial.setdefault("products", list(self.instance.products.all()))

    def clean_dois(self):
        return clean_lines(self.cleaned_data.get("dois"), normalise_doi, validate_doi)


class SubmitForm(VersionedForm):
    consent_confirmed = forms.BooleanField(
        label=_(
            "I confirm that the patients gave informed consent to the publication of this case and that nothing "
            "in it (text, images, attachments) identifies them."
        ),
        required=True,
        error_messages={"required": _("Confirm the patients' consent and the de-identification of the case.")},
    )


STEP_FORMS = {"basics": BasicsForm, "clinical": ClinicalForm, "links": LinksForm, "submit": SubmitForm}


class CasePageForm(WagtailAdminPageForm):
    """Records who confirmed consent and de-identification, and when, as the editor ticks the box.

    Functions and indications are JSON lists edited as checkboxes: a ``MultipleChoiceField``
    hands the model a list (a JSON form field would try to parse the checkbox list as text).
    """

    functions = checkboxes(_("functions"), CaseFunction.choices)
    indications = checkboxes(_("indications"), Indication.choices)

    def save(self, commit=True):
        page = super().save(commit=False)
        if not page.consent_confirmed:
            page.consent_confirmed_by, page.consent_confirmed_at = None, None
        elif page.consent_confirmed_at is None:
            page.consent_confirmed_by = self.for_user
            page.consent_confirmed_at = timezone.now()
        if commit:
            page.save()
            self.save_m2m()
        return page


# --- a typical-case selection's expert panel (admin; rules in cases.selection) --------------------


class SelectionPanelForm(PanelForm):
    """Open a selection's panel: the rubric, the judges (by e-mail address), judges per case, the window."""

    judges_per_item_label = _("Judges per case")


class NominationForm(ServiceErrorFormMixin, forms.Form):
    cases = forms.ModelMultipleChoiceField(
        label=_("Published cases not yet nominated"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, nominable, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = nominable


class ConfirmationForm(ServiceErrorFormMixin, forms.Form):
    """The top N of the ranking by a method, preselected; staff may untick (or tick) any nominated case."""

    method = forms.ChoiceField(label=_("Rank by"), choices=RankMethod.choices, widget=forms.HiddenInput)
    cases = forms.TypedMultipleChoiceField(
        label=_("Cases in the selection"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, ranking, method, top, **kwargs):
        initial = {"method": method, "cases": [row.item.subject_id for row in ranking[:top] if row.rank is not None]}
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["cases"].choices = [(row.item.subject_id, _choice_label(row)) for row in ranking]


def _choice_label(row) -> str:
    if row.rank is None:
        return _("%(case)s (not scored)") % {"case": row.label}
    return _("%(rank)d. %(case)s") % {"rank": row.rank, "case": row.label}
