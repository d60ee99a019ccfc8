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
"""

from __future__ import annotations

from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.forms import SignupForm as AllauthSignupForm

from portal.personal_data import address_has_owner, addresses_of


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
