"""The confirmation form of a staff decision (``portal.review.admin.DecisionView``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from portal.review.decisions import Decision
from portal.review.errors import ServiceErrorFormMixin


class DecisionForm(ServiceErrorFormMixin, forms.Form):
    """The confirmation form of a decision; a refusal of the service is shown beside its field.

    Subclasses add the note's field (named ``note_field``, by default the decision's) and
    whatever the decision's service takes (``decision_data``). A pinned decision's form carries
    the revision the reviewer saw (hidden) and is refused without it.
    """

    #: The field holding the note, when the form names it for every decision (default: the decision's).
    note_field: str | None = None
    missing_revision = gettext_lazy("This form does not say which version you reviewed. Open it again.")

    def __init__(self, *args, decision: Decision, subject, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision = decision
        self.subject = subject
        self.note_field = self.note_field or decision.note_field
        if decision.pinned:
            self.fields["revision"] = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
        # The decision the page showed (``seen_stamp``): a colleague's decision since refuses this one.
        self.fields["seen"] = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        if self.decision.pinned and cleaned.get("revision") is None:
            raise forms.ValidationError(self.missing_revision)
        return cleaned

    def rebase_seen(self, seen: str | None) -> None:
        """After a refusal for a decision taken since (``DecidedMeanwhile``), the page shown again names
        that decision: submitting it again is deciding with it in view."""
        if seen is not None:
            self.data = self.data.copy()
            self.data["seen"] = seen

    def note(self) -> str:
        return self.cleaned_data.get(self.note_field) or ""

    def decision_data(self) -> dict:
        """What ``Review.take`` receives besides the note: the revision, the service's other input."""
        return {name: value for name, value in self.cleaned_data.items() if name != self.note_field}


def decision_note(label, help_text="", *, rows: int = 4) -> forms.CharField:
    """A decision form's note: a textarea the form leaves optional (``Review.take`` refuses a
    decision that requires a note without one: ``Decision.note_required``)."""
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}), help_text=help_text
    )
