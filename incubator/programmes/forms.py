"""Forms of the application pages. They parse input; the rules are in ``incubator.programmes.services``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from incubator.programmes.services import MESSAGE_MAX, NO_SERVICE
from incubator.vocabulary import PlatformService
from portal.form_fields import checkboxes
from portal.idempotency import CreationTokenFormMixin
from portal.review.errors import ServiceErrorFormMixin


class ApplicationForm(CreationTokenFormMixin, ServiceErrorFormMixin, forms.Form):
    """An application to one platform: which startup applies (when the user has several), for which
    of the platform's services, and what it asks for."""

    creation_scope = "incubator.programme_application"

    startup = forms.ModelChoiceField(label=_("On behalf of"), queryset=None, empty_label=None)
    services = checkboxes(_("Services you apply for"))
    message = forms.CharField(
        label=_("What you ask of the programme"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Your project, its stage, what you need from the platform and when. The platform's members read it."
        ),
    )

    def __init__(self, *args, applicants, platform, **kwargs):
        super().__init__(*args, **kwargs)
        self.applicants = list(applicants)
        if len(self.applicants) > 1:
            self.fields["startup"].queryset = type(self.applicants[0]).objects.filter(
                pk__in=[startup.pk for startup in self.applicants]
            )
        else:
            del self.fields["startup"]
        offered = set(platform.platform_profile.services or [])
        choices = [(value, label) for value, label in PlatformService.choices if value in offered]
        if choices:
            self.fields["services"].choices = choices
            # The service refuses an application for no service: the form says so before it is sent (an asterisk).
            self.fields["services"].required = True
            self.fields["services"].error_messages["required"] = NO_SERVICE
        else:
            del self.fields["services"]

    def chosen_startup(self):
        return self.cleaned_data["startup"] if "startup" in self.fields else self.applicants[0]

    def application_fields(self) -> dict:
        """What ``services.apply`` takes from a valid form (the platform and actor aside)."""
        return {
            "startup": self.chosen_startup(),
            "services": self.cleaned_data.get("services", []),
            "message": self.cleaned_data["message"],
            "token": self.creation_token_value(),
        }


class NoteForm(ServiceErrorFormMixin, forms.Form):
    """The platform's answer: a note (the next steps when accepting, the reason when declining)."""

    note = forms.CharField(
        label=_("Message to the startup"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, label=None, help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["note"].label = label
        self.fields["note"].help_text = help_text
