"""allauth adapter: account e-mails in the recipient's language, branded with the alliance's name.

Every sign-in the portal accepts ends in ``AccountAdapter.login``, after allauth's login
stages (e-mail verification, second factor, rate limits) have passed; it marks the
session (``portal.middleware.AllauthSessionMiddleware`` drops any signed-in session
without that mark, however it was made).
"""

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sites.shortcuts import get_current_site
from django.core.validators import MaxLengthValidator
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext

from portal import emails, outbox, personal_data

# Links that allauth builds before the e-mail is rendered (in the language of
# the request); they are rewritten to the recipient's language.
_LINK_KEYS = ("activate_url", "password_reset_url", "signup_url")


def _supported(language: str | None) -> str | None:
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else None


def _site_outside_a_request() -> SimpleNamespace:
    """What allauth's templates read of ``current_site`` when no request is at hand."""
    return SimpleNamespace(domain=urlsplit(emails.site_url("/")).netloc, name=str(settings.WAGTAIL_SITE_NAME))


#: Session key holding the id of the user whom allauth signed in (see ``AccountAdapter.login``).
ALLAUTH_LOGIN_SESSION_KEY = "portal_allauth_login"


def mark_allauth_login(session, user) -> None:
    """Record in ``session`` that ``user`` signed in through allauth's stages."""
    session[ALLAUTH_LOGIN_SESSION_KEY] = str(user.pk)


def signed_in_through_allauth(session, user) -> bool:
    return session.get(ALLAUTH_LOGIN_SESSION_KEY) == str(user.pk)


class AccountAdapter(DefaultAccountAdapter):
    """Remember the language a member signed up in; account e-mails go out in the recipient's language."""

    def is_safe_url(self, url) -> bool:
        # ``//[`` is not a URL: allauth's check would raise (a 500 on the sign-in page), it is refused instead.
        try:
            return super().is_safe_url(url)
        except ValueError:
            return False

    def clean_email(self, email: str) -> str:
        # allauth's address fields have no length limit: a longer address (Django's check allows
        # 320 characters) was cut to the column's 254 at sign-up, an account for an address nobody
        # typed, and was a server error when added to an account. It is refused as too long.
        MaxLengthValidator(get_user_model()._meta.get_field("email").max_length)(email)
        return super().clean_email(email)

    def login(self, request, user):
        # Called by allauth once every login stage (verification, MFA) has passed.
        super().login(request, user)
        mark_allauth_login(request.session, user)

    def get_logout_redirect_url(self, request):
        # allauth's "/" is sent on in the browser's language: signing out of /zh-hans/ in a browser
        # set to English ended on the English home page. The home page in the language in use.
        return reverse("wagtail_serve", args=("",))

    def get_password_change_redirect_url(self, request):
        # allauth shows the change form again, whose only news is a message: the page that says the
        # password is changed leads on (templates/account/snippets/password_changed_next.html).
        return reverse("account_reset_password_from_key_done")

    def confirm_email(self, request, email_address):
        # The address is now this account's: copies merely typed into other accounts go.
        confirmed = super().confirm_email(request, email_address)
        if confirmed:
            personal_data.release_unconfirmed(email_address.email, owner=email_address.user)
        return confirmed

    def save_user(self, request, user, form, commit=True):
        user.preferred_language = translation.get_language() or user.preferred_language
        return super().save_user(request, user, form, commit=commit)

    def recipient_language(self, email: str, context: dict) -> str:
        """The language of an account e-mail.

        The user's preferred language when the address belongs to an account (also
        for "account already exists", whose context carries no user: the account signing
        in with it, or one it is confirmed on, as ``emails.language_for_address`` reads it;
        an address merely typed into someone's account is not theirs); otherwise (the
        "unknown account" mail) the language the request was made in.
        """
        fallback = _supported(translation.get_language()) or settings.LANGUAGE_CODE
        user = context.get("user")
        if user is None:
            return emails.language_for_address(email, fallback=fallback)
        return emails.language_for(user, fallback=fallback)

    def send_mail(self, template_prefix, email, context):
        language = self.recipient_language(email, context)
        context = {**context, "portal_language": language}
        # translate_url resolves the link in the language it was built in (the active one).
        for key in _LINK_KEYS:
            if context.get(key):
                context[key] = translate_url(context[key], language)
        with translation.override(language):
            request = allauth_context.request
            if request is not None:
                context.setdefault("portal_url", request.build_absolute_uri(f"/{language}/"))
            else:  # a notification sent from an on_commit callback after the request ended
                context.setdefault("portal_url", emails.site_url(f"/{language}/"))
            # allauth's send_mail, except that the rendered message is queued, not sent: the
            # request never waits on SMTP, and an SMTP outage delays the mail (portal.outbox).
            message = self.render_mail(
                template_prefix,
                email,
                {
                    "request": request,
                    "email": email,
                    "current_site": get_current_site(request) if request is not None else _site_outside_a_request(),
                    **context,
                },
            )
        outbox.schedule("portal.send_email", {"message": emails.serialise(message)})

    def send_notification_mail(self, template_prefix, user, context=None, email=None):
        # allauth does not pass the user into the context of notifications (password
        # changed, authenticator activated...); send_mail needs it for the language.
        return super().send_notification_mail(template_prefix, user, {**(context or {}), "user": user}, email)

    def render_mail(self, template_prefix, email, context, headers=None):
        # Mail clients (and the tests) can tell which language a message is in.
        headers = {**(headers or {}), "Content-Language": translation.get_language()}
        return super().render_mail(template_prefix, email, context, headers=headers)

    def format_email_subject(self, subject):
        """Every account e-mail's subject starts with the alliance's name (ACCOUNT_EMAIL_SUBJECT_PREFIX is unused)."""
        return gettext("[%(alliance)s] %(subject)s") % {
            "alliance": gettext("Shanghai BCI Industry Alliance"),
            "subject": subject,
        }
