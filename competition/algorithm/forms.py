"""Forms of the algorithm track: the prediction upload and the choice of final submissions.

The file is judged by ``services.submit_predictions`` (``parsing``); a refusal is shown beside it.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.idempotency import CreationTokenFormMixin
from portal.review.errors import ServiceErrorFormMixin


class PredictionsForm(CreationTokenFormMixin, ServiceErrorFormMixin, forms.Form):
    creation_scope = "competition.algorithm.submission"

    file = forms.FileField(
        label=_("Predictions (CSV)"),
        help_text=_("A UTF-8 CSV file with the header trial_id,label and one line per test trial."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class FinalsForm(ServiceErrorFormMixin, forms.Form):
    submissions = forms.TypedMultipleChoiceField(
        label=_("Final submissions"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submissions"].choices = [(s.pk, f"#{s.number}") for s in choices]
