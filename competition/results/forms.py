"""Forms of the results admin: open a judging round, advance from a round, record an award."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from competition.models import Stage, Track
from competition.rounds import JUDGED
from portal.judging.forms import PanelForm
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


class RoundForm(PanelForm):
    """The round of a judged stage and a track: its rubric, judges, judges per entry (scoring in the stage's times)."""

    judges_per_item_label = _("Judges per entry")
    scoring_window = False

    stage = forms.ModelChoiceField(label=_("Stage"), queryset=Stage.objects.none())
    track = forms.ModelChoiceField(label=_("Track"), queryset=Track.objects.none())

    def __init__(self, *args, competition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = competition.stages.filter(kind__in=JUDGED).order_by("sort_order")
        self.fields["track"].queryset = competition.tracks.order_by("sort_order")
        rubric = self.fields["rubric"]
        rubric.required = False
        rubric.help_text = _("Needed when the round is new; a round already open keeps its rubric.")
        self.fields["judges"].required = False  # opened again: only the entries that are new
        self.order_fields(["stage", "track", "rubric", "judges", "judges_per_item"])
