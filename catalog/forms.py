"""Forms of the catalogue's member pages. They parse input; rules live in ``catalog.services``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import Product
from catalog.services import PRODUCT_FIELDS
from catalog.vocabulary import ApplicationField, ProductFunction, RegulatoryMilestone

#: Chinese and English versions of a text field, shown side by side.
BILINGUAL_PAIRS = [
    ("name_zh", "name_en"),
    ("summary_zh", "summary_en"),
    ("description_zh", "description_en"),
]
SPEC_FIELDS = ("channels", "sampling_rate_hz", "wireless", "battery_hours", "weight_g")


class ProductForm(forms.ModelForm):
    functions = forms.MultipleChoiceField(
        label=_("Functions"), choices=ProductFunction.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    application_fields = forms.MultipleChoiceField(
        label=_("Application fields"),
        choices=ApplicationField.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    milestones = forms.MultipleChoiceField(
        label=_("Regulatory milestones"),
        choices=RegulatoryMilestone.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Product
        fields = PRODUCT_FIELDS
        widgets = {
            "description_zh": forms.Textarea(attrs={"rows": 8}),
            "description_en": forms.Textarea(attrs={"rows": 8}),
            "summary_zh": forms.Textarea(attrs={"rows": 3}),
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            "release_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean_registration_number(self):
        return (self.cleaned_data.get("registration_number") or "").strip().replace(" ", "")

    def bilingual_rows(self):
        return [(self[zh], self[en]) for zh, en in BILINGUAL_PAIRS]

    def classification_fields(self):
        return [self[name] for name in ("model_number", "bci_type", "signal_modality", "electrode_type")]

    def use_fields(self):
        return [self["functions"], self["application_fields"]]

    def regulatory_fields(self):
        return [self["regulatory_class"], self["registration_number"], self["milestones"]]

    def spec_fields(self):
        return [self[name] for name in SPEC_FIELDS]

    def other_fields(self):
        return [self["website"], self["release_date"]]

    def product_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in PRODUCT_FIELDS}

    def add_service_error(self, exc) -> None:
        self.add_error(exc.field if exc.field in self.fields else None, str(exc))
