"""Strings of Django, django-allauth and Wagtail whose Chinese translation the project overrides.

The account pages (sign-in, sign-up, e-mail addresses, password, two-factor
authentication) are allauth's own templates inside the site's layout, so allauth's
zh_Hans catalogue speaks on them, next to the portal's own text. Its vocabulary
clashes with ours ("Email地址", "首选Email", "双因素身份认证", "恢复代码", "登出"), and
Wagtail's catalogue replaces Django's "This field is required." with "必需字段" on
every form, the portal's own included.

Catalogues in LOCALE_PATHS take precedence over those of installed apps and of
Django itself, so translating these msgids in ``locale/zh_Hans`` makes the whole
site speak one vocabulary: 电子邮箱, 主邮箱, 双重验证, 恢复码, 退出登录,
此字段为必填项。 The override applies wherever the msgid is used, the Wagtail
admin included.

``makemessages`` finds these ``gettext_noop`` calls by scanning the source; only
``sync_translations`` imports the module, for ``ENGLISH`` (below). The list holds exactly
the msgids that put a clashing term on a page a member sees (sign-in, sign-up, e-mail
management, password and MFA pages, their messages and form errors): when allauth, Django or Wagtail is upgraded, check
for new ones with ``grep`` on their zh_Hans ``django.po``. Strings Wagtail's catalogue does not
translate at all are not here but in ``locale_wagtail/`` (the second of ``LOCALE_PATHS``).
"""

from django.utils.translation import gettext_noop, ngettext_lazy

# --- The lock-out after failed sign-ins: allauth's "try again later" does not say when (the address's limit
# is 5 failures in 5 minutes, ACCOUNT_RATE_LIMITS) ---
gettext_noop("Too many failed login attempts. Try again later.")

# --- Form errors (Django; Wagtail's "必需字段" wins over Django's own translation) ---
gettext_noop("This field is required.")
gettext_noop("Enter a valid email address.")

# --- Form errors whose Chinese in Django's catalogue misleads: "empty strings are not allowed" (with a
# typo) for a NUL character, "ensure this variable contains no more than N characters" for a length ---
gettext_noop("Null characters are not allowed.")
ngettext_lazy(
    "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
    "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
    "limit_value",
)

# --- A number's digits (DecimalField: the startups' funding amounts, a product's battery life, a case's outcome
# values): Django's Chinese ends two of the three limits with an ASCII full stop ("确认小数不超过 2 位.") and says
# 确认 ("confirm") for "ensure"; all three are worded as the portal's length limit is ("请确保…。"). ---
ngettext_lazy(
    "Ensure that there are no more than %(max)s digit in total.",
    "Ensure that there are no more than %(max)s digits in total.",
    "max",
)
ngettext_lazy(
    "Ensure that there are no more than %(max)s decimal place.",
    "Ensure that there are no more than %(max)s decimal places.",
    "max",
)
ngettext_lazy(
    "Ensure that there are no more than %(max)s digit before the decimal point.",
    "Ensure that there are no more than %(max)s digits before the decimal point.",
    "max",
)

# --- Password validation (Django 5.2 words the length error with "%d"; its zh_Hans catalogue has only the older
# "%(min_length)d" msgid, so sign-up, password change and reset showed this one error in English) ---
ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    "min_length",
)

# Django's Chinese sets the field's name between spaces ("密码跟 电子邮箱 太相似了。").
gettext_noop("The password is too similar to the %(verbose_name)s.")

# The rules under the password field of sign-up, password change and reset: Django's Chinese says 你, where the
# portal says 您 (its readers are enterprises, hospitals and investors).
gettext_noop("Your password can’t be too similar to your other personal information.")
ngettext_lazy(
    "Your password must contain at least %(min_length)d character.",
    "Your password must contain at least %(min_length)d characters.",
    "min_length",
)
gettext_noop("Your password can’t be a commonly used password.")
gettext_noop("Your password can’t be entirely numeric.")

# --- Sign-in, sign-up, password reset (allauth) ---
gettext_noop("Email")
gettext_noop("Email address")
gettext_noop("The email address and/or password you specified are not correct.")
gettext_noop(
    "Forgotten your password? Enter your email address below, and we'll send you an email allowing you to reset it."
)
# allauth's Chinese ends with an ASCII full stop after a Chinese word ("请登录.") and a space after "？".
gettext_noop("Already have an account? Then please %(link)ssign in%(end_link)s.")
gettext_noop("Verify Your Email Address")
gettext_noop("Confirm Email Address")
# allauth says 重置 on the reset page, beside the portal's 重设密码, and "token" for a link no longer valid.
gettext_noop("Please contact us if you have any trouble resetting your password.")
gettext_noop("The password reset token was invalid.")
gettext_noop(
    'This email confirmation link expired or is invalid. Please <a href="%(email_url)s">issue a new email '
    "confirmation request</a>."
)
gettext_noop("Unable to confirm %(email)s because it is already confirmed by a different account.")
gettext_noop(
    'Please confirm that <a href="mailto:%(email)s">%(email)s</a> is an email address for user %(user_display)s.'
)

# --- E-mail addresses page and its messages (allauth) ---
gettext_noop("Email Addresses")
gettext_noop("The following email addresses are associated with your account:")
gettext_noop("Primary")
gettext_noop("Make Primary")
gettext_noop("Re-send Verification")
gettext_noop("Add Email Address")
gettext_noop("Add Email")
gettext_noop("This email address is already associated with this account.")
gettext_noop("You cannot remove your primary email address (%(email)s).")
gettext_noop("Your primary email address must be verified.")
gettext_noop("Primary email address set.")
gettext_noop("Removed email address %(email)s.")
gettext_noop("You have confirmed %(email)s.")
gettext_noop("A user is already registered with this email address.")
gettext_noop("You cannot add more than %d email addresses.")
gettext_noop("You cannot remove your primary email address.")

# --- Two-factor authentication and recovery codes (allauth.mfa) ---
gettext_noop("Two-Factor Authentication")
gettext_noop("Your account is protected by two-factor authentication. Please enter an authenticator code:")
gettext_noop(
    "To protect your account with two-factor authentication, scan the QR code below with your authenticator app. "
    "Then, input the verification code generated by the app below."
)
gettext_noop("You cannot activate two-factor authentication until you have verified your email address.")
gettext_noop("You cannot add an email address to an account protected by two-factor authentication.")
gettext_noop("You cannot generate recovery codes without having two-factor authentication enabled.")
gettext_noop("Recovery Codes")
gettext_noop("No recovery codes set up.")
gettext_noop("You are about to generate a new set of recovery codes for your account.")
gettext_noop("A new set of recovery codes has been generated.")
# allauth calls them 代码 ("未使用的代码", "下载代码") on the recovery codes' own pages, and the two-factor page's
# sentences read as machine translation ("使用身份验证器应用进行身份验证处于活动状态。").
gettext_noop("Unused codes")
gettext_noop("Download codes")
gettext_noop("Generate new codes")
gettext_noop("This action will invalidate your existing codes.")
gettext_noop("I have saved my recovery codes")
ngettext_lazy(
    "There is %(unused_count)s out of %(total_count)s recovery codes available.",
    "There are %(unused_count)s out of %(total_count)s recovery codes available.",
    "unused_count",
)
gettext_noop("Authentication using an authenticator app is active.")
gettext_noop("An authenticator app is not active.")
gettext_noop("Authenticator code")
gettext_noop("You can store this secret and use it to reinstall your authenticator app at a later time.")
gettext_noop("You cannot deactivate two-factor authentication.")

# --- Confirming it is you again (allauth's reauthentication: 账户, an ASCII colon, 可选项) ---
gettext_noop("Please reauthenticate to safeguard your account.")
gettext_noop("Enter your password:")
gettext_noop("Enter an authenticator code:")
gettext_noop("Alternative options")
gettext_noop("Use authenticator app or code")

# --- The admin's refusal of a member without access, on their dashboard: Wagtail's Chinese has no full stop ---
gettext_noop("You do not have permission to access the admin.")

# --- Sign out (allauth) ---
gettext_noop("Sign Out")
gettext_noop("Are you sure you want to sign out?")
gettext_noop("You have signed out.")

# --- Notification e-mails (allauth) and the MFA code error ---
gettext_noop("Incorrect code.")
gettext_noop("Email Changed")
gettext_noop("Email Removed")
gettext_noop("Email address %(deleted_email)s has been removed from your account.")
gettext_noop("Your email has been changed from %(from_email)s to %(to_email)s.")
gettext_noop("New Recovery Codes Generated")

# --- The portal's English where allauth's differs ---
#: allauth writes its headings, buttons and labels in title case and with "email" ("Sign In", "Reset
#: My Password", "Email"), where the portal's header, menus and mails write "Sign in", "Sign out" and
#: "e-mail address". ``sync_translations`` writes these as the English catalogue's msgstrs (every other
#: English msgstr is its msgid), so the account pages (sign-in, sign-up, password reset, e-mail addresses,
#: password, two-factor authentication) and their messages speak the portal's English
#: (``tests/accounts/test_languages.py`` walks them); the Chinese of each msgid is the one above,
#: allauth's, or the portal's in ``locale/zh_Hans``.
ENGLISH = {
    # Sign in, sign out
    gettext_noop("Sign In"): "Sign in",
    gettext_noop("Sign Out"): "Sign out",
    gettext_noop("Email"): "E-mail address",
    gettext_noop("Email address"): "E-mail address",
    gettext_noop("Remember Me"): "Remember me",
    gettext_noop("Too many failed login attempts. Try again later."): (
        "Too many failed sign-in attempts. Try again in a few minutes."
    ),
    gettext_noop("The email address and/or password you specified are not correct."): (
        "The e-mail address or password you entered is not correct."
    ),
    # Sign up, and the confirmation of the address it asks for
    gettext_noop("Signup"): "Sign up",
    gettext_noop("Sign Up"): "Sign up",
    gettext_noop("If you have not created an account yet, then please %(link)ssign up%(end_link)s first."): (
        "No account yet? Please %(link)ssign up%(end_link)s first."
    ),
    gettext_noop("Verify Your Email Address"): "Confirm your e-mail address",
    gettext_noop(
        "We have sent an email to you for verification. Follow the link provided to finalize the signup "
        "process. If you do not see the verification email in your main inbox, check your spam folder. "
        "Please contact us if you do not receive the verification email within a few minutes."
    ): (
        "We have sent you an e-mail to confirm your address. Follow its link to finish signing up. If it is "
        "not in your inbox, check your spam folder; contact us if it has not arrived within a few minutes."
    ),
    gettext_noop("Confirm Email Address"): "Confirm your e-mail address",
    gettext_noop(
        'Please confirm that <a href="mailto:%(email)s">%(email)s</a> is an email address for user %(user_display)s.'
    ): 'Please confirm that <a href="mailto:%(email)s">%(email)s</a> is an e-mail address of %(user_display)s.',
    # Password reset
    gettext_noop("Password Reset"): "Reset your password",
    gettext_noop(
        "Forgotten your password? Enter your email address below, and we'll send you an email allowing you to reset it."
    ): "Forgotten your password? Enter your e-mail address below and we will send you an e-mail to reset it.",
    gettext_noop("Reset My Password"): "Reset my password",
    gettext_noop(
        "We have sent you an email. If you have not received it please check your spam folder. Otherwise contact "
        "us if you do not receive it in a few minutes."
    ): (
        "We have sent you an e-mail. If it is not in your inbox, check your spam folder; contact us if it has "
        "not arrived within a few minutes."
    ),
    gettext_noop("Bad Token"): "Invalid link",
    gettext_noop(
        "The password reset link was invalid, possibly because it has already been used.  Please request a "
        '<a href="%(passwd_reset_url)s">new password reset</a>.'
    ): (
        'This password reset link is not valid: it may have been used already. Please <a href="%(passwd_reset_url)s">'
        "ask for a new one</a>."
    ),
    gettext_noop("Change Password"): "Change password",
    gettext_noop("New Password"): "New password",
    gettext_noop("New Password (again)"): "New password (again)",
    gettext_noop("The password reset token was invalid."): "This password reset link is not valid.",
    # Password change and set, confirming it is you again
    gettext_noop("Current Password"): "Current password",
    gettext_noop("Forgot Password?"): "Forgot your password?",
    gettext_noop("Set Password"): "Set password",
    gettext_noop("Confirm Access"): "Confirm it is you",
    gettext_noop("Please reauthenticate to safeguard your account."): (
        "To keep your account safe, please confirm it is you."
    ),
    gettext_noop("Account Inactive"): "Account inactive",
    gettext_noop("Sign Up Closed"): "Sign-up closed",
    # E-mail addresses, their messages and errors
    gettext_noop("Email Addresses"): "E-mail addresses",
    gettext_noop("The following email addresses are associated with your account:"): (
        "These e-mail addresses belong to your account:"
    ),
    gettext_noop("Make Primary"): "Make primary",
    gettext_noop("Re-send Verification"): "Send the confirmation again",
    gettext_noop("Add Email Address"): "Add an e-mail address",
    gettext_noop("Add Email"): "Add the address",
    gettext_noop("Confirmation email sent to %(email)s."): "Confirmation e-mail sent to %(email)s.",
    gettext_noop("Removed email address %(email)s."): "Removed e-mail address %(email)s.",
    gettext_noop("Primary email address set."): "Primary e-mail address set.",
    gettext_noop("Your primary email address must be verified."): "Your primary e-mail address must be confirmed.",
    gettext_noop("You cannot remove your primary email address (%(email)s)."): (
        "You cannot remove your primary e-mail address (%(email)s)."
    ),
    gettext_noop("You cannot remove your primary email address."): "You cannot remove your primary e-mail address.",
    gettext_noop("This email address is already associated with this account."): (
        "This e-mail address is already associated with this account."
    ),
    gettext_noop("A user is already registered with this email address."): (
        "An account is already registered with this e-mail address."
    ),
    gettext_noop("You cannot add more than %d email addresses."): "You cannot add more than %d e-mail addresses.",
    gettext_noop(
        'This email confirmation link expired or is invalid. Please <a href="%(email_url)s">issue a new email '
        "confirmation request</a>."
    ): (
        'This confirmation link has expired or is not valid. Please <a href="%(email_url)s">ask for a new '
        "confirmation e-mail</a>."
    ),
    gettext_noop("Enter a valid email address."): "Enter a valid e-mail address.",
    # Two-factor authentication
    gettext_noop("Two-Factor Authentication"): "Two-factor authentication",
    gettext_noop("Authenticator App"): "Authenticator app",
    gettext_noop("Activate Authenticator App"): "Activate the authenticator app",
    gettext_noop("Deactivate Authenticator App"): "Deactivate the authenticator app",
    gettext_noop("Recovery Codes"): "Recovery codes",
    gettext_noop("You cannot add an email address to an account protected by two-factor authentication."): (
        "You cannot add an e-mail address to an account protected by two-factor authentication."
    ),
    gettext_noop("You cannot activate two-factor authentication until you have verified your email address."): (
        "You cannot turn on two-factor authentication until you have confirmed your e-mail address."
    ),
    # The notices allauth mails after a change to the account (ACCOUNT_EMAIL_NOTIFICATIONS): their subjects
    # and the change they name.
    gettext_noop("Email Changed"): "E-mail address changed",
    gettext_noop("Your email has been changed from %(from_email)s to %(to_email)s."): (
        "Your e-mail address has been changed from %(from_email)s to %(to_email)s."
    ),
    gettext_noop("Email Removed"): "E-mail address removed",
    gettext_noop("Email address %(deleted_email)s has been removed from your account."): (
        "The e-mail address %(deleted_email)s has been removed from your account."
    ),
    gettext_noop("Password Changed"): "Password changed",
    gettext_noop("Password Set"): "Password set",
    gettext_noop("New Recovery Codes Generated"): "New recovery codes generated",
    gettext_noop("Authenticator App Activated"): "Authenticator app activated",
    gettext_noop("Authenticator App Deactivated"): "Authenticator app deactivated",
}
