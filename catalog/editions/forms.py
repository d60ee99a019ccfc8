"""Forms of the edition pages (member application) and admin decisions. Rules live in ``catalog.editions.services``."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from catalog.editions.models import RecommendationCategory
from portal.judging.models import Rubric
from portal.models import User
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


class ApplicationPanelForm(ServiceErrorFormMixin, forms.Form):
    """Have an edition's applications scored: the rubric, the judges (by e-mail), judges per application, the window."""

    rubric = forms.ModelChoiceField(label=_("Rubric"), queryset=Rubric.objects.all())
    judges = forms.CharField(
        label=_("Judges"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The judges' e-mail addresses (their portal accounts), one a line."),
    )
    judges_per_item = forms.IntegerField(label=_("Judges per application"), min_value=1, max_value=20, initial=3)
    opens_at = forms.DateTimeField(label=_("Scoring opens at"))
    closes_at = forms.DateTimeField(label=_("Scoring closes at"))

    def clean_judges(self):
        lines = (line.strip().lower() for line in self.cleaned_data["judges"].splitlines())
        addresses = list(dict.fromkeys(line for line in lines if line))
        users = {user.email.lower(): user for user in User.objects.filter(email__in=addresses, is_active=True)}
        unknown = [address for address in addresses if address not in users]
        if unknown:
            raise ValidationError(
                _("No active account has these addresses: %(addresses)s.") % {"addresses": ", ".join(unknown)}
            )
        return [users[address] for address in addresses]
