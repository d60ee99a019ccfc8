"""allauth's forms where the portal's rule differs (``ACCOUNT_FORMS``).

``ResetPasswordForm``: a password reset goes only to an account whose own the address is, its
sign-in address or one it confirmed. allauth also offers an address someone merely typed into
their account (unconfirmed: anyone may type anyone's), which would send the address's owner a
reset of a stranger's account, the start of a takeover through an invitation sent to it.
"""

from __future__ import annotations

from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm

from portal.personal_data import addresses_of


class ResetPasswordForm(AllauthResetPasswordForm):
    def clean_email(self) -> str:
        email = super().clean_email()
        self.users = [user for user in self.users if email.lower() in addresses_of(user)]
        return email
