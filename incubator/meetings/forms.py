"""Forms of the meeting pages. They parse input; the rules are in ``incubator.meetings.services``."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incubator.meetings import services, timing
from portal.form_fields import BoundedDateTimeField
from portal.idempotency import CreationTokenFormMixin
from portal.review.errors import ServiceErrorFormMixin

DURATIONS = [(30, _("30 minutes")), (45, _("45 minutes")), (60, _("1 hour")), (90, _("1.5 hours")), (120, _("2 hours"))]
SLOT_FIELDS = [f"slot_{number}" for number in range(1, services.MAX_SLOTS + 1)]


class ShanghaiDateTimeField(BoundedDateTimeField):
    """A date and time typed (and shown) in Asia/Shanghai, whatever the active time zone."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local", "step": 60}, format="%Y-%m-%dT%H:%M")
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]

    def to_python(self, value):
        with timezone.override(timing.ZONE):
            return super().to_python(value)

    def prepare_value(self, value):
        with timezone.override(timing.ZONE):
            return super().prepare_value(value)


class MeetingRequestForm(CreationTokenFormMixin, ServiceErrorFormMixin, forms.Form):
    """A request to one organisation: subject, message, up to five times, duration and place.

    ``senders`` are the user's organisations that may ask the recipient; with one, the field is
    left out and that organisation sends.
    """

    creation_scope = "incubator.meeting"

    sender = forms.ModelChoiceField(label=_("On behalf of"), queryset=None, empty_label=None)
    subject = forms.CharField(label=_("Subject"), max_length=services.SUBJECT_MAX)
    message = forms.CharField(
        label=_("Message"),
        max_length=services.MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What you would like to discuss, and who will attend."),
    )
    duration_minutes = forms.TypedChoiceField(label=_("Duration"), choices=DURATIONS, coerce=int, initial=60)
    location = forms.CharField(
        label=_("Place or video link"),
        max_length=services.LOCATION_MAX,
        required=False,
        help_text=_("An address, or a link to a video meeting."),
    )

    def __init__(self, *args, senders, **kwargs):
        super().__init__(*args, **kwargs)
        self.senders = list(senders)
        if len(self.senders) > 1:
            self.fields["sender"].queryset = type(self.senders[0]).objects.filter(pk__in=[s.pk for s in self.senders])
        else:
            del self.fields["sender"]
        for number, name in enumerate(SLOT_FIELDS, start=1):
            self.fields[name] = ShanghaiDateTimeField(
                label=_("Proposed time %(number)s") % {"number": number},
                required=number == 1,
                help_text=_("Asia/Shanghai time (UTC+08:00).") if number == 1 else "",
            )
        # The slots go after the message, before duration and place.
        order = ["sender", "subject", "message", *SLOT_FIELDS, "duration_minutes", "location"]
        self.order_fields([name for name in order if name in self.fields])

    def chosen_sender(self):
        if "sender" in self.fields:
            return self.cleaned_data["sender"]
        return self.senders[0]

    def slots(self) -> list:
        return [self.cleaned_data[name] for name in SLOT_FIELDS if self.cleaned_data.get(name)]

    def request_fields(self) -> dict:
        """What ``services.send_request`` takes from a valid form (the recipient and actor aside)."""
        data = self.cleaned_data
        return {
            "sender": self.chosen_sender(),
            "subject": data["subject"],
            "message": data["message"],
            "slots": self.slots(),
            "duration": data["duration_minutes"],
            "location": data["location"],
            "token": self.creation_token_value(),
        }

    def add_service_error(self, exc) -> None:
        if getattr(exc, "field", None) == "slots":
            # Beside the field holding the refused time (``slots()`` skips the empty fields), else the first.
            filled = [name for name in SLOT_FIELDS if self.cleaned_data.get(name)]
            index = getattr(exc, "index", None)  # ``services.SlotRefused``
            self.add_error(filled[index] if index is not None and index < len(filled) else SLOT_FIELDS[0], str(exc))
        else:
            super().add_service_error(exc)


class AcceptForm(ServiceErrorFormMixin, forms.Form):
    """Choose one of the request's times."""

    prefix = "accept"

    slot = forms.ModelChoiceField(label=_("Choose a time"), queryset=None, widget=forms.RadioSelect, empty_label=None)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = meeting.slots.all()
        self.fields["slot"].label_from_instance = lambda slot: timing.display(slot.starts_at)


class DeclineForm(ServiceErrorFormMixin, forms.Form):
    prefix = "decline"

    reason = forms.CharField(
        label=_("Reason"),
        max_length=services.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The sender reads it: say why, and what might suit you instead."),
    )
