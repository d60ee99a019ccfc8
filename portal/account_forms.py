"""allauth's forms where the portal's rule differs (``ACCOUNT_FORMS``).

``SignupForm``: an address someone else merely typed into their account, unconfirmed, does not
make it taken. allauth would answer the address's real owner "an account already exists" (by
e-mail, enumeration prevention on) and create nothing, while the reset refuses them that
account: the owner could never sign up. Once they confirm it, the typed copies are dropped
(``AccountAdapter.confirm_email``).

``ResetPasswordForm``: a password reset goes only to an account whose own the address is, its
sign-in address or one it confirmed. allauth also offers an address someone merely typed into
their account (unconfirmed: anyone may type anyone's), which would send the address's owner a
reset of a stranger's account, the start of a takeover through an invitation sent to it.

``AuthenticateForm``, ``ReauthenticateForm``, ``ActivateTOTPForm`` (``MFA_FORMS``): the code an
authenticator app shows is a "verification code", 验证码, as the pages' sentences above the field say.
allauth labels it "Code", which Chinese catalogues translate 代码; the msgid cannot be overridden,
as Wagtail's rich-text toolbar uses it for code.

``EmailLanguageForm``: the portal's own, the language a member's e-mails are written in (the
dashboard's "My account"; allauth has no such page).
"""

from __future__ import annotations

from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.mfa.base.forms import AuthenticateForm as AllauthAuthenticateForm
from allauth.mfa.base.forms import ReauthenticateForm as AllauthReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm as AllauthActivateTOTPForm
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portal.personal_data import address_has_owner, addresses_of
from portal.review.errors import ServiceErrorFormMixin


class ResetPasswordForm(AllauthResetPasswordForm):
    def clean_email(self) -> str:
        email = super().clean_email()
        self.users = [user for user in self.users if email.lower() in addresses_of(user)]
        return email


class SignupForm(AllauthSignupForm):
    def validate_unique_email(self, value) -> str:
        email = super().validate_unique_email(value)
        if self.account_already_exists and not address_has_owner(email):
            self.account_already_exists = False  # only typed into other accounts: not theirs
        return email


class VerificationCodeMixin:
    """The second factor's ``code`` field, called a verification code: its placeholder, and its label
    where allauth's is "Code" (``label_code``)."""

    label_code = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        code = self.fields["code"]
        if self.label_code:
            code.label = _("Verification code")
        code.widget.attrs["placeholder"] = _("Verification code")


class AuthenticateForm(VerificationCodeMixin, AllauthAuthenticateForm):
    pass


class ReauthenticateForm(VerificationCodeMixin, AllauthReauthenticateForm):
    pass


class ActivateTOTPForm(VerificationCodeMixin, AllauthActivateTOTPForm):
    label_code = False  # "Authenticator code", 验证码 (portal.i18n_overrides)


class EmailLanguageForm(ServiceErrorFormMixin, forms.Form):
    language = forms.ChoiceField(
        label=_("Language of your e-mails"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
        help_text=_(
            "The portal's e-mails and notifications reach you in this language, whichever language you read "
            "its pages in."
        ),
    )
