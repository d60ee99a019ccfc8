"""Forms of the edition pages (member application) and admin decisions. Rules live in ``catalog.editions.services``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.editions.models import RecommendationCategory
from portal.judging.forms import PanelForm
from portal.review.errors import ServiceErrorFormMixin
from portal.review.forms import DecisionForm


class ApplicationForm(ServiceErrorFormMixin, forms.Form):
    proposed_category = forms.ChoiceField(
        label=_("Proposed category"), choices=[("", "—"), *RecommendationCategory.choices]
    )
    statement = forms.CharField(
        label=_("Why should the alliance recommend this product?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Evidence of innovation, users and results so far. The reviewers read it; it is not published."),
    )


class AcceptForm(DecisionForm):
    """What ``APPLICATION_REVIEW``'s accept decision takes besides the (empty) note."""

    category = forms.ChoiceField(label=_("Recommended under"), choices=RecommendationCategory.choices)
    rationale_zh = forms.CharField(
        label=_("Reviewers' rationale (Chinese)"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    rationale_en = forms.CharField(
        label=_("Reviewers' rationale (English)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RejectForm(DecisionForm):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required: the enterprise's members read it."),
    )


class ApplicationPanelForm(PanelForm):
    """Have an edition's applications scored: the rubric, the judges (by e-mail), judges per application, the window."""

    judges_per_item_label = _("Judges per application")
