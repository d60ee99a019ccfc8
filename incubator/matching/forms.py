"""Matchmaking's forms: the dismiss / undo buttons, staff's weights."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from incubator.matching import scoring
from incubator.vocabulary import MatchKind
from portal.review.errors import ServiceErrorFormMixin


class SuggestionActionForm(forms.Form):
    """Which of the user's organisations acts (its slug) on which suggested organisation (its id)."""

    organisation = forms.SlugField(max_length=80)
    other = forms.IntegerField(min_value=1, max_value=2**63 - 1)


#: What each criterion measures (``scoring``), shown beside its weight: staff tuned numbers that said nothing of it.
CRITERION_HELP = {
    ("investor", "focus"): _("The share of BCI types, functions and application fields the two have in common."),
    ("investor", "stage"): _("1 / the number of the investor's stages: a specialist of the stage scores higher."),
    ("investor", "ticket"): _("The share of the startup's funding ask that lies within the investor's ticket size."),
    ("investor", "trl"): _("The startup's technology readiness level: TRL 1 scores 0, TRL 9 scores 1."),
    ("investor", "region"): _("1 when the startup's region is among the investor's regions, else 0."),
    ("platform", "needs"): _("The share of the startup's needs the platform serves."),
    ("platform", "services"): _("The share of the platform's services that answer one of the startup's needs."),
    ("platform", "region"): _("1 in the same region, 0.5 when both are in the Yangtze River Delta, else 0."),
}


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
                    help_text=format_lazy(
                        "{} {}",
                        CRITERION_HELP[(kind.value, criterion)],
                        _("Default %(weight)s. 0 leaves the criterion out of the score.") % {"weight": default},
                    ),
                )

    def weights(self) -> dict[tuple[str, str], Decimal]:
        return {tuple(name.split("__", 1)): value for name, value in self.cleaned_data.items()}
