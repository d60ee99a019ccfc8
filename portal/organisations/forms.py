"""Forms of the organisation pages. They parse input; rules live in ``portal.organisations.services``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.form_fields import VersionedFormMixin, VersionField
from portal.idempotency import CreationTokenFormMixin
from portal.organisations.models import MemberRole, Organisation, VerificationStatus
from portal.organisations.services import IDENTITY_FIELDS, PROFILE_FIELDS, OrganisationConflict
from portal.review.errors import ServiceErrorFormMixin
from portal.review.forms import DecisionForm

# GB 32100-2015: the unified social credit code's alphabet (no I, O, S, V, Z) and check weights.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_is_valid(code: str) -> bool:
    """True when ``code`` is a well-formed 18-character unified social credit code with a correct check character."""
    if len(code) != 18 or any(char not in USCC_ALPHABET for char in code):
        return False
    total = sum(USCC_ALPHABET.index(char) * weight for char, weight in zip(code[:17], USCC_WEIGHTS, strict=True))
    check = (31 - total % 31) % 31
    return USCC_ALPHABET[check] == code[17]


class OrganisationForm(VersionedFormMixin, CreationTokenFormMixin, ServiceErrorFormMixin, forms.ModelForm):
    """Register or edit an organisation's profile.

    Once the alliance has verified the organisation, its identity (name, kind, credit
    code) is shown but cannot be changed here. The registration form carries a required
    one-time token (``portal.idempotency``): sent twice, it registers one organisation.
    """

    creation_scope = "portal.organisation"
    #: On the edit page: the version of the profile the page shows (``services.update_organisation``).
    version = VersionField(min_value=1, required=False)

    class Meta:
        model = Organisation
        fields = PROFILE_FIELDS
        widgets = {
            "description_zh": forms.Textarea(attrs={"rows": 6}),
            "description_en": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "name_en": _("Also used for the address of your organisation's page."),
            "city_en": _("Left empty, it is filled in for well-known cities."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].required = True
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]
        self.identity_locked = bool(
            self.instance.pk
            and self.instance.verification_status in (VerificationStatus.VERIFIED, VerificationStatus.SUSPENDED)
        )
        if self.identity_locked:
            for name in IDENTITY_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Verified by the alliance; contact the alliance office to change it.")

    def _get_validation_exclusions(self):
        """Leave the identity's uniqueness to the services, which report it beside the field.

        The database constraints on the name and credit code only settle races; validated
        by the model form they would surface as an error at the top of the form instead.
        (The form fields still check length and format.)
        """
        return super()._get_validation_exclusions() | {"name_zh", "unified_social_credit_code"}

    def clean_unified_social_credit_code(self):
        code = (self.cleaned_data.get("unified_social_credit_code") or "").strip().upper()
        if code and not self.fields["unified_social_credit_code"].disabled and not uscc_is_valid(code):
            raise forms.ValidationError(
                _(
                    "This is not a valid unified social credit code: "
                    "it has 18 characters and ends with a check character."
                )
            )
        return code

    def profile(self) -> dict:
        """The cleaned profile, without the locked fields, for ``services``."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name in PROFILE_FIELDS and not self.fields[name].disabled
        }

    def changes(self) -> dict:
        """``profile()`` and the version it was edited from, for ``services.update_organisation``."""
        return {**self.profile(), "version": self.cleaned_data["version"]}

    def add_service_error(self, exc) -> None:
        super().add_service_error(exc)
        if isinstance(exc, OrganisationConflict):
            # The input stays as typed; saving it again is a deliberate choice to replace theirs.
            self.data = self.data.copy()
            self.data["version"] = exc.current_version


class InvitationForm(CreationTokenFormMixin, ServiceErrorFormMixin, forms.Form):
    """Invite someone; a required one-time token makes the same form sent twice one invitation."""

    creation_scope = "portal.invitation"

    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial=MemberRole.EDITOR)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "invite")
        super().__init__(*args, **kwargs)
        self.fields["role"].help_text = _(
            "Editors maintain what the organisation lists; owners also manage its profile and members."
        )


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices)


class VerificationDecisionForm(DecisionForm):
    """The note staff give with a decision; required when refusing or suspending (owners read it)."""

    note = forms.CharField(
        label=_("Note to the organisation's owners"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=4000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.decision.note_required:
            self.fields["note"].required = True
            self.fields["note"].help_text = _("Required: tell the owners why, and what they can do.")
