"""Forms of the results admin: advance from a round, record an award."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.judging.vocabulary import RankMethod
from portal.review.errors import ServiceErrorFormMixin


class AdvanceForm(ServiceErrorFormMixin, forms.Form):
    method = forms.ChoiceField(label=_("Rank by"), choices=RankMethod.choices, initial=RankMethod.NORMALISED)
    top = forms.IntegerField(label=_("Advance the top N of this track"), required=False, min_value=1, max_value=10000)
    threshold = forms.FloatField(
        label=_("Or every entry whose mean is at least"),
        required=False,
        help_text=_("On the chosen method's scale: 0–100 for the raw mean, a z-score for the normalised mean."),
    )

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("top") is None) == (cleaned.get("threshold") is None):
            raise forms.ValidationError(_("Give either how many entries advance or the score they need."))
        return cleaned


class AwardForm(ServiceErrorFormMixin, forms.Form):
    prize_zh = forms.CharField(label=_("Prize (Chinese)"), max_length=120)
    prize_en = forms.CharField(label=_("Prize (English)"), max_length=120, required=False)
    rank = forms.IntegerField(label=_("Place"), min_value=1, max_value=100, initial=1)
    note_zh = forms.CharField(label=_("Note (Chinese)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    note_en = forms.CharField(label=_("Note (English)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
