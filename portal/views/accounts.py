"""Wagtail's own login routes, sent to allauth.

Wagtail's logins (the admin's, and the front-end one for private pages at
/<lang>/_util/login/) and the admin's password reset would bypass allauth's rate limits,
mandatory e-mail verification and second factor, so they lead to allauth's pages
(portal/urls.py). Wagtail's remaining account page,
/admin/account/, is kept for name, avatar, language and notification preferences;
its e-mail field and password panel are switched off in settings
(WAGTAIL_EMAIL_MANAGEMENT_ENABLED, WAGTAIL_PASSWORD_MANAGEMENT_ENABLED).

allauth's e-mail page, with one step more: removing an address asks first (``EmailView``).
"""

from urllib.parse import urlencode, urlsplit

from allauth.account import views as allauth_views
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

ADMIN_HOME = "/admin/"


def _next(request, default: str) -> str:
    """The local page to return to; anything pointing elsewhere falls back to ``default``."""
    target = request.GET.get("next", "")
    if not target or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = default
    return target


def visit_language(request, target: str) -> str:
    """The language the visitor is using, for the pages outside the language-prefixed site.

    /admin/login/ has no language in its path, so Django's choice (the language cookie, else the
    browser's) sent someone reading /en/… to the Chinese sign-in page or dashboard. In order: the
    language of the page to return to, of the page of this site the visitor came from (the Referer,
    kept across Wagtail's redirect), the member's own (also the admin's language, portal.signals),
    then Django's choice. Wagtail's refusal of a member without admin access, at any admin path, is
    said in it too (``portal.middleware.AdminRefusalLanguageMiddleware``).
    """
    referer = request.headers.get("referer", "")
    if not url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        referer = ""
    preferred = request.user.preferred_language if request.user.is_authenticated else None
    for language in (
        translation.get_language_from_path(urlsplit(target).path),
        translation.get_language_from_path(urlsplit(referer).path),
        preferred,
    ):
        if language in dict(settings.LANGUAGES):
            return language
    return translation.get_language()


def admin_login_redirect(request):
    """The admin login is allauth's login (rate limits, verification, MFA), then back to the admin.

    Wagtail also sends a signed-in user without admin access here; sending them on to
    the login page would bounce straight back to /admin/ (allauth redirects signed-in
    users away from its login page), so they go to their dashboard instead, where
    Wagtail's "no permission" message is shown.
    """
    target = _next(request, ADMIN_HOME)
    if request.user.is_authenticated and request.user.has_perm("wagtailadmin.access_admin"):
        return redirect(target)
    with translation.override(visit_language(request, target)):
        if request.user.is_authenticated:
            return redirect("portal:dashboard")
        return redirect(f"{reverse('account_login')}?{urlencode({'next': target})}")


def frontend_login_redirect(request):
    """Wagtail's private-page login path: allauth's login, then back to the page."""
    target = _next(request, "/")
    if request.user.is_authenticated:
        return redirect(target)
    return redirect(f"{reverse('account_login')}?{urlencode({'next': target})}")


def admin_password_reset_redirect(request):
    return redirect("account_reset_password")


#: The value the confirmation page posts with ``action_remove``: without it, nothing is removed yet.
CONFIRM_REMOVAL = "remove"


class EmailView(allauth_views.EmailView):
    """allauth's e-mail page, where "Remove" asks first, and a confirmation held back says so.

    allauth removed the chosen address at once (its confirm dialog is script the CSP does not run).
    A removal without ``confirm=remove`` shows a page naming the address, whose button posts it
    again with the confirmation. The primary address, and anything not an address of the account,
    go straight to allauth, which refuses them as before.

    "Send the confirmation again" within the rate limit (``confirm_email``: one per address every
    three minutes) sent nothing and said nothing; it says that the last one is on its way.
    """

    def _action_send(self, request, *args, **kwargs):
        response = super()._action_send(request, *args, **kwargs)
        address = self._get_email_address(request)
        if address is not None and not self._did_send_verification_email:
            messages.info(
                request,
                _(
                    "A confirmation e-mail was sent to %(email)s a few minutes ago: please look for it "
                    "(also among junk mail), or ask again in three minutes."
                )
                % {"email": address.email},
            )
        return response

    def post(self, request, *args, **kwargs):
        if "action_remove" in request.POST and request.POST.get("confirm") != CONFIRM_REMOVAL:
            address = self._get_email_address(request) if request.POST.get("email") else None
            if address is not None and not address.primary:
                return render(
                    request,
                    "account/email_remove.html",
                    {"emailaddress": address, "confirm_value": CONFIRM_REMOVAL},
                )
        return super().post(request, *args, **kwargs)


email = EmailView.as_view()
