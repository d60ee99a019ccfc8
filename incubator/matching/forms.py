"""Matchmaking's forms: the dismiss / undo buttons, staff's weights."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from incubator.matching import scoring
from incubator.vocabulary import MatchKind
from portal.review.errors import ServiceErrorFormMixin


class SuggestionActionForm(forms.Form):
    """Which of the user's organisations acts (its slug) on which suggested organisation (its id)."""

    organisation = forms.SlugField(max_length=80)
    other = forms.IntegerField(min_value=1, max_value=2**63 - 1)


class WeightsForm(ServiceErrorFormMixin, forms.Form):
    """One field per (kind, criterion), named ``<kind>__<criterion>``, from 0 to 10."""

    def __init__(self, *args, current: dict[str, dict[str, float]], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in MatchKind:
            for criterion in scoring.CRITERIA[kind.value]:
                default = scoring.DEFAULT_WEIGHTS[kind.value][criterion]
                self.fields[f"{kind.value}__{criterion}"] = forms.DecimalField(
                    label=f"{kind.label} · {scoring.CRITERION_LABELS[criterion]}",
                    min_value=0,  # each bound says itself once (validators of their own said it twice)
                    max_value=scoring.MAX_WEIGHT,
                    decimal_places=2,
                    initial=Decimal(str(current[kind.value][criterion])),
                    help_text=_("Default %(weight)s. 0 leaves the criterion out of the score.") % {"weight": default},
                )

    def weights(self) -> dict[tuple[str, str], Decimal]:
        return {tuple(name.split("__", 1)): value for name, value in self.cleaned_data.items()}
