"""Forms of the data-room pages. They parse input; the rules live in ``incubator.datarooms.services``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from incubator.vocabulary import DocumentKind
from portal import uploads
from portal.idempotency import CreationTokenFormMixin
from portal.review.errors import ServiceErrorFormMixin


class DocumentForm(CreationTokenFormMixin, ServiceErrorFormMixin, forms.Form):
    """Upload a document: a PDF judged by its content (``portal.uploads``), sent twice stored once."""

    creation_scope = "incubator.dataroom_document"

    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Document type"), choices=DocumentKind.choices, initial=DocumentKind.BUSINESS_PLAN)
    file = uploads.SafePDFField(
        label=_("File (PDF)"),
        help_text=_("A PDF without scripts, attachments or a password. Investors see it only after the NDA."),
    )

    def document_fields(self) -> dict:
        """What ``services.upload_document`` takes from a valid form (the startup and actor aside)."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "kind": data["kind"],
            "upload": data["file"],
            "creation_token": self.creation_token_value(),
        }


class DecisionForm(ServiceErrorFormMixin, forms.Form):
    """The startup's decision on a request or an access."""

    DECISIONS = (("approve", _("Approve")), ("decline", _("Decline")), ("revoke", _("Revoke")))

    decision = forms.ChoiceField(choices=DECISIONS, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note to the investor (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AccessRequestForm(ServiceErrorFormMixin, forms.Form):
    """An investor asks to enter a startup's room, in the name of one of its investor organisations."""

    investor = forms.ModelChoiceField(label=_("On behalf of"), queryset=None, empty_label=None)
    message = forms.CharField(
        label=_("Why you ask (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The startup reads this before deciding."),
    )

    def __init__(self, *args, investors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["investor"].queryset = investors
        if len(investors) == 1:
            self.fields["investor"].widget = forms.HiddenInput()
            self.fields["investor"].initial = investors[0].pk


class NdaForm(ServiceErrorFormMixin, forms.Form):
    """Accept the NDA version shown on the page (a newer one published meanwhile is refused)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    accept = forms.BooleanField(
        label=_("I have read the NDA and accept it on behalf of my organisation."),
        error_messages={"required": _("Tick the box to accept the NDA.")},
    )
