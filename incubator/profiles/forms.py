"""Forms of the profile editors and saved searches. They parse input; rules live in ``incubator.profiles.services``.

Amounts are typed in 万元 (10,000 yuan), the unit Chinese founders and investors use, and stored
in yuan. Each form carries the profile's ``version`` (0 for a profile not saved yet).
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.forms.models import fields_for_model
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from incubator.models import InvestorProfile, PlatformProfile, StartupProfile
from incubator.models.profiles import INVESTOR_MULTI_VALUED, PLATFORM_MULTI_VALUED, STARTUP_MULTI_VALUED
from portal.form_fields import VersionedFormMixin, VersionField, checkboxes
from portal.review.errors import ServiceErrorFormMixin
from portal.uploads import SafePDFField

WAN = 10_000
#: The largest amount typed, in 万元 (10 billion yuan).
MAX_WAN = Decimal(1_000_000)

MULTI_LABELS = {
    "bci_types": _("BCI types"),
    "functions": _("Functions"),
    "indications": _("Indications"),
    "application_fields": _("Application fields"),
    "needs": _("What the startup needs"),
    "stages": _("Stages invested in"),
    "regions": _("Regions"),
    "services": _("Services offered"),
}

STARTUP_TEXT_FIELDS = (
    "summary_zh",
    "summary_en",
    "stage",
    "trl",
    "founded",
    "team_size",
    "key_people_zh",
    "key_people_en",
    "use_of_funds_zh",
    "use_of_funds_en",
    "traction_zh",
    "traction_en",
    "patents",
    "ip_notes_zh",
    "ip_notes_en",
    "team_visibility",
    "funding_visibility",
    "traction_visibility",
    "ip_visibility",
    "deck_visibility",
    "listed",
)
#: Amounts typed in 万元: (form field, model field).
STARTUP_AMOUNTS = (
    ("funding_raised_wan", "funding_raised_cny"),
    ("ask_min_wan", "ask_min_cny"),
    ("ask_max_wan", "ask_max_cny"),
)
INVESTOR_TEXT_FIELDS = ("thesis_zh", "thesis_en", "portfolio_zh", "portfolio_en")
INVESTOR_AMOUNTS = (("ticket_min_wan", "ticket_min_cny"), ("ticket_max_wan", "ticket_max_cny"))
PLATFORM_TEXT_FIELDS = (
    "capacity_zh",
    "capacity_en",
    "eligibility_zh",
    "eligibility_en",
    "terms_zh",
    "terms_en",
    "accepts_applications",
)


def wan_field(label) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_WAN,
        decimal_places=2,
        max_digits=12,
        help_text=_("In 10,000 yuan (万元)."),
    )


def to_yuan(wan) -> int | None:
    return None if wan is None else int(wan * WAN)


def to_wan(yuan) -> Decimal | None:
    if yuan is None:
        return None
    return (Decimal(yuan) / WAN).normalize() if yuan % WAN else Decimal(yuan // WAN)


class ProfileForm(VersionedFormMixin, ServiceErrorFormMixin, forms.Form):
    """A profile editor: the model's fields, the multi-valued ones as checkboxes, amounts in 万元."""

    model = None
    text_fields: tuple = ()
    multi_valued: dict = {}
    amounts: tuple = ()
    amount_labels: dict = {}
    #: ``(low, high, message)``: amounts whose upper end may not be below the lower (``message`` on ``high``).
    ranges: tuple = ()

    version = VersionField(min_value=0)

    def __init__(self, *args, profile=None, **kwargs):
        self.profile = profile
        initial = {"version": profile.version if profile is not None else 0}
        if profile is not None:
            for name in (*self.text_fields, *self.multi_valued):
                initial[name] = getattr(profile, name)
            for form_name, model_name in self.amounts:
                initial[form_name] = to_wan(getattr(profile, model_name))
        super().__init__(*args, initial=initial, **kwargs)
        fields = fields_for_model(self.model, fields=self.text_fields)
        for name, field in fields.items():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 3
            self.fields[name] = field
        for name, choices in self.multi_valued.items():
            self.fields[name] = checkboxes(MULTI_LABELS[name], choices.choices)
        for form_name, _model_name in self.amounts:
            self.fields[form_name] = wan_field(self.amount_labels[form_name])
        # The version stays last among the hidden fields; the order of the visible ones is the declared one.
        self.order_fields([*self.text_fields, *self.multi_valued, *(name for name, _m in self.amounts)])

    def clean(self):
        cleaned = super().clean()
        for low_name, high_name, message in self.ranges:
            low, high = cleaned.get(low_name), cleaned.get(high_name)
            if low is not None and high is not None and low > high:
                self.add_error(high_name, message)
        return cleaned

    def changes(self) -> dict:
        """The model's fields as the service saves them (amounts in yuan)."""
        data = self.cleaned_data
        fields = {name: data[name] for name in self.text_fields}
        fields.update({name: list(data[name]) for name in self.multi_valued})
        fields.update({model_name: to_yuan(data[form_name]) for form_name, model_name in self.amounts})
        return fields

    def save_fields(self) -> dict:
        """What ``services.save_profile`` takes from a valid form (actor, organisation and kind aside)."""
        return {"version": self.cleaned_data["version"], "fields": self.changes()}


class StartupProfileForm(ProfileForm):
    model = StartupProfile
    text_fields = STARTUP_TEXT_FIELDS
    multi_valued = STARTUP_MULTI_VALUED
    amounts = STARTUP_AMOUNTS
    ranges = (("ask_min_wan", "ask_max_wan", _("The upper end of the funding ask must not be below its lower end.")),)
    amount_labels = {
        "funding_raised_wan": _("Funding raised so far (10,000 yuan)"),
        "ask_min_wan": _("Funding ask from (10,000 yuan)"),
        "ask_max_wan": _("Funding ask up to (10,000 yuan)"),
    }

    pitch_deck = SafePDFField(label=_("Pitch deck (PDF)"), required=False)
    remove_deck = forms.BooleanField(label=_("Remove the pitch deck"), required=False)

    def __init__(self, *args, profile=None, **kwargs):
        super().__init__(*args, profile=profile, **kwargs)
        if profile is None or not profile.pitch_deck:
            del self.fields["remove_deck"]  # nothing on file to remove

    def save_fields(self) -> dict:
        data = self.cleaned_data
        return super().save_fields() | {"deck": data.get("pitch_deck"), "remove_deck": data.get("remove_deck", False)}


class InvestorProfileForm(ProfileForm):
    model = InvestorProfile
    text_fields = INVESTOR_TEXT_FIELDS
    multi_valued = INVESTOR_MULTI_VALUED
    amounts = INVESTOR_AMOUNTS
    ranges = (("ticket_min_wan", "ticket_max_wan", _("The largest ticket must not be below the smallest.")),)
    amount_labels = {
        "ticket_min_wan": _("Ticket size from (10,000 yuan)"),
        "ticket_max_wan": _("Ticket size up to (10,000 yuan)"),
    }


class PlatformProfileForm(ProfileForm):
    model = PlatformProfile
    text_fields = PLATFORM_TEXT_FIELDS
    multi_valued = PLATFORM_MULTI_VALUED


FORMS = {"startup": StartupProfileForm, "investor": InvestorProfileForm, "platform": PlatformProfileForm}


class SavedSearchForm(ServiceErrorFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Name of the search"),
        max_length=100,
        error_messages={"required": _("Give the search a name to save it.")},
    )
    query = forms.CharField(
        widget=forms.HiddenInput,
        required=False,
        max_length=1000,
        error_messages={"max_length": _("These filters are too many to save as one search: choose fewer.")},
    )
    digest = forms.BooleanField(label=_("E-mail me new matches"), required=False, initial=True)

    def directory_query(self) -> str:
        """The directory's filters as posted (re-encoded), to show the directory again with them."""
        return QueryDict(self.data.get("query", "").strip().lstrip("?")).urlencode()
