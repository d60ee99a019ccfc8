"""Forms of the entry pages. They parse input; rules live in ``competition.services``.

The entry form is built from the track's questions (``TrackField``): each becomes a field
named ``q_<key>``; a file question takes a PDF or an image, judged by content (``portal.uploads``).
"""

from __future__ import annotations

from django import forms
from django.utils.html import conditional_escape
from django.utils.translation import gettext_lazy as _

from competition.models import Entry, Track
from competition.vocabulary import AttachmentKind, FieldKind
from portal import uploads
from portal.form_fields import BoundedDateTimeField, VersionedFormMixin, VersionField
from portal.i18n import one_side
from portal.idempotency import CreationTokenFormMixin
from portal.review.errors import ServiceErrorFormMixin

PREFIX = "q_"


class VersionedForm(VersionedFormMixin, ServiceErrorFormMixin, forms.Form):
    """Carries the entry's version, so an older page cannot overwrite a newer save."""

    version = VersionField(min_value=1)


class NewEntryForm(CreationTokenFormMixin, ServiceErrorFormMixin, forms.Form):
    creation_scope = "competition.entry"

    track = forms.ModelChoiceField(label=_("Track"), queryset=Track.objects.none(), empty_label=None)
    title = forms.CharField(label=_("Title"), max_length=200)

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].queryset = Track.objects.filter(competition_id=team.competition_id).order_by("sort_order")


def question_field(question) -> forms.Field:
    """The form field of one of a track's questions (never required while drafting: submit checks)."""
    # A help text is printed as HTML (Django's convention): one written by staff in the admin is escaped
    # (a bilingual field's mark, ``portal.i18n``, is kept).
    common = {"label": question.label, "help_text": conditional_escape(question.help), "required": False}
    if question.kind == FieldKind.LONG_TEXT:
        return forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 5}), **common)
    if question.kind == FieldKind.CHOICE:
        return forms.ChoiceField(choices=[("", "—"), *((c, one_side(c)) for c in question.choices)], **common)
    if question.kind == FieldKind.NUMBER:
        return forms.DecimalField(max_digits=14, decimal_places=4, **common)
    if question.kind == FieldKind.WHOLE_NUMBER:
        messages = {"invalid": _("Enter a whole number, without decimals."), "min_value": _("Enter 0 or more.")}
        return forms.IntegerField(min_value=0, max_value=10**9, error_messages=messages, **common)
    if question.kind == FieldKind.URL:
        return forms.URLField(max_length=500, assume_scheme="https", **common)
    if question.kind == FieldKind.FILE:
        return uploads.SafePDFOrImageField(**common)  # its accept attribute: what it can clean
    return forms.CharField(max_length=300, **common)


class EntryForm(VersionedForm):
    """The team's entry: title, summary, video link, the track's questions, a deck and an image."""

    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), max_length=1500, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    video_url = forms.URLField(
        label=_("Video link"),
        required=False,
        max_length=Entry._meta.get_field("video_url").max_length,  # what the column holds: a longer one is refused
        assume_scheme="https",
        help_text=_("A link to a video of up to 5 minutes."),
    )
    deck = uploads.SafePDFField(label=_("Pitch deck (PDF)"), required=False)
    image = uploads.SafeImageField(label=_("Image"), required=False)

    def __init__(self, *args, entry: Entry, **kwargs):
        self.entry = entry
        self.questions = list(entry.track.fields.order_by("sort_order", "pk"))
        initial = {
            "version": entry.version,
            "title": entry.title,
            "summary": entry.summary,
            "video_url": entry.video_url,
        }
        for question in self.questions:
            if question.kind != FieldKind.FILE:
                initial[PREFIX + question.key] = entry.answers.get(question.key, "")
        super().__init__(*args, initial=initial, **kwargs)
        for question in self.questions:
            self.fields[PREFIX + question.key] = question_field(question)

    def question_fields(self):
        return [self[PREFIX + question.key] for question in self.questions]

    def changes(self) -> dict:
        """What the service saves: ``fields``, ``answers`` and ``attachments`` (clean uploads)."""
        data = self.cleaned_data
        answers, attachments = {}, []
        for question in self.questions:
            value = data.get(PREFIX + question.key)
            if question.kind == FieldKind.FILE:
                if value:
                    attachments.append((AttachmentKind.FIELD, question.key, *value))
            else:
                answers[question.key] = "" if value is None else str(value)
        for name, kind in (("deck", AttachmentKind.DECK), ("image", AttachmentKind.IMAGE)):
            upload = data.get(name)
            if upload:
                content_type = "application/pdf" if kind == AttachmentKind.DECK else upload.mime_type
                attachments.append((kind, "", upload.file, upload.original_name or upload.file.name, content_type))
        fields = {name: data[name] for name in ("title", "summary", "video_url")}
        return {"fields": fields, "answers": answers, "attachments": attachments}


class ExtensionForm(ServiceErrorFormMixin, forms.Form):
    """Staff's per-entry extension (the admin)."""

    until = BoundedDateTimeField(
        label=_("New deadline (Asia/Shanghai)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "step": 1}, format="%Y-%m-%dT%H:%M:%S"),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
