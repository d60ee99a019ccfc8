"""Forms of the judge's pages (the scorecard: one score and comment per criterion; recusal; conflicts)
and the one form staff open a panel with (``PanelForm``), whichever app's admin shows it."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.html import conditional_escape
from django.utils.translation import gettext_lazy as _

from portal.form_fields import BoundedDateTimeField, VersionedFormMixin, VersionField
from portal.i18n import join_words
from portal.judging.models import Rubric
from portal.judging.validators import normalise_tags
from portal.judging.vocabulary import Recommendation
from portal.organisations.models import Organisation
from portal.organisations.queries import in_name_order
from portal.review.errors import ServiceErrorFormMixin


class ScorecardForm(VersionedFormMixin, ServiceErrorFormMixin, forms.Form):
    """``score_<criterion id>`` and ``comment_<criterion id>`` for each criterion of the rubric.

    Scores are optional here (a draft may be partial); the service says what submitting needs.
    """

    version = VersionField(min_value=0)
    recommendation = forms.ChoiceField(
        label=_("Overall recommendation"), choices=[("", "—"), *Recommendation.choices], required=False
    )
    comment = forms.CharField(
        label=_("Overall comment"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, data=None, *, criteria, scorecard=None, locked=False):
        initial = {"version": scorecard.version if scorecard else 0}
        if scorecard is not None:
            initial |= {"recommendation": scorecard.recommendation, "comment": scorecard.comment}
            for score in scorecard.scores.all():
                initial[f"score_{score.criterion_id}"] = score.value
                initial[f"comment_{score.criterion_id}"] = score.comment
        super().__init__(data, initial=initial)
        self.criteria = list(criteria)
        fields = {}
        for criterion in self.criteria:
            fields[f"score_{criterion.pk}"] = self._score_field(criterion)
            fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on %(criterion)s") % {"criterion": criterion.name},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields = {**fields, **self.fields}
        if locked:
            for field in self.fields.values():
                field.disabled = True

    @staticmethod
    def _score_field(criterion):
        return forms.DecimalField(
            label=_("%(criterion)s (%(low)d–%(high)d, weight %(weight)s)")
            % {
                "criterion": criterion.name,
                "low": criterion.min_score,
                "high": criterion.max_score,
                "weight": criterion.weight.normalize(),
            },
            help_text=conditional_escape(criterion.descriptor),  # printed as HTML: the rubric's text escaped
            required=False,
            min_value=criterion.min_score,
            max_value=criterion.max_score,
            decimal_places=2,
            widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal", "class": "score-input"}),
        )

    def criterion_rows(self):
        """``[(criterion, score field, comment field)]`` for the template."""
        return [(c, self[f"score_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def scores(self) -> dict:
        data = self.cleaned_data
        return {c.pk: (data.get(f"score_{c.pk}"), data.get(f"comment_{c.pk}", "")) for c in self.criteria}

    def payload(self) -> dict:
        """The service's keyword arguments."""
        return {
            "version": self.cleaned_data["version"],
            "scores": self.scores(),
            "recommendation": self.cleaned_data["recommendation"],
            "comment": self.cleaned_data["comment"],
        }

    def show_read_only(self) -> None:
        """A posted scorecard the page takes no save of (scoring has closed, or it is submitted): what the
        judge typed is shown as typed, read-only, not replaced by what was saved (a disabled field shows
        its initial value), so nothing typed is lost: it can still be read and copied."""
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.Select):  # a select has no read-only state
                field.disabled = True
                self.initial[name] = self.data.get(self.add_prefix(name), "")
                self._bound_fields_cache.pop(name, None)
            elif not field.widget.is_hidden:
                field.widget.attrs["readonly"] = True


class RecusalForm(ServiceErrorFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why do you recuse yourself?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Staff read this; the team does not."),
    )


class UnlockForm(ServiceErrorFormMixin, forms.Form):
    """Staff's reason for reopening a submitted scorecard (the service refuses a blank one)."""

    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ExpertiseForm(ServiceErrorFormMixin, forms.Form):
    expertise = forms.CharField(
        label=_("Expertise"),
        required=False,
        max_length=1000,
        help_text=_("Comma-separated, e.g. EEG, stroke rehabilitation, signal processing."),
    )
    public_bio = forms.CharField(
        label=_("Public biography"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_expertise(self):
        return normalise_tags(self.cleaned_data["expertise"].replace("，", ",").split(","))


class ConflictForm(ServiceErrorFormMixin, forms.Form):
    """A tie with an organisation of the portal (chosen by name); people are declared by staff."""

    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.all(), required=True)
    note = forms.CharField(
        label=_("What ties you to it?"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A hundred organisations or more: on an English page in English alphabetical order, not the
        # Chinese names' (a judge looked for their university among names in no order they could see).
        self.fields["organisation"].queryset = in_name_order(Organisation.objects.all())


# --- opening a panel (the admin of each app that uses the engine) ---------------------------------


class JudgesField(forms.CharField):
    """Judges by the e-mail address of their portal account, one a line: cleans to the active users, in order."""

    widget = forms.Textarea(attrs={"rows": 5})

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Judges"))
        kwargs.setdefault("help_text", _("The judges' e-mail addresses (their portal accounts), one a line."))
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        addresses = list(dict.fromkeys(line.strip().lower() for line in text.splitlines() if line.strip()))
        accounts = get_user_model().objects.filter(email__in=addresses, is_active=True)
        users = {user.email.lower(): user for user in accounts}
        unknown = [address for address in addresses if address not in users]
        if unknown:
            raise ValidationError(
                _("No active account has these addresses: %(addresses)s.") % {"addresses": join_words(unknown)}
            )
        return [users[address] for address in addresses]


class DateTimeLocalInput(forms.DateTimeInput):
    """The browser's own date and time picker (no script); the value in the site's time zone."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class PanelForm(ServiceErrorFormMixin, forms.Form):
    """Open a panel: the rubric, the judges, judges per item and (``scoring_window``) when scoring opens and closes.

    The cleaned data are the keyword arguments of ``services.open_panel`` (and of the services that
    call it). A subclass names what its items are (``judges_per_item_label``), leaves the window out
    when the panel takes it from elsewhere (a competition stage) and adds its own fields.
    """

    judges_per_item_label = _("Judges per item")
    scoring_window = True

    rubric = forms.ModelChoiceField(label=_("Rubric"), queryset=Rubric.objects.all())
    judges = JudgesField()
    judges_per_item = forms.IntegerField(min_value=1, max_value=20, initial=3)
    opens_at = BoundedDateTimeField(label=_("Scoring opens at"), widget=DateTimeLocalInput)
    closes_at = BoundedDateTimeField(label=_("Scoring closes at"), widget=DateTimeLocalInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judges_per_item"].label = self.judges_per_item_label
        if not self.scoring_window:
            del self.fields["opens_at"], self.fields["closes_at"]
