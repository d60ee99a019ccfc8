import logging

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.http import HttpResponseBadRequest, JsonResponse, UnreadablePostError
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.datastructures import MultiValueDictKeyError
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from portal import permissions, staff_mfa
from portal.adapters import ALLAUTH_LOGIN_SESSION_KEY
from portal.views import errors
from portal.views.accounts import visit_language

logger = logging.getLogger(__name__)

#: Where the Wagtail admin is mounted (``portal/urls.py``).
ADMIN_PREFIX = "/admin/"
#: Where the JSON API is mounted (``portal/urls.py``).
API_PREFIX = "/api/"


def _in_admin(request) -> bool:
    return request.path.startswith(ADMIN_PREFIX)


def _holds_nul(query) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in query.lists())


#: The longest search text the admin's lists take. Wagtail's database search joins one condition per
#: term into a nested expression: 150 Chinese characters (each a term) in the image or document
#: search, or some 250 words in the page search, exceed Python's recursion limit (a 500).
ADMIN_SEARCH_MAX_LENGTH = 100


def _search_too_long(query) -> bool:
    return any(len(value) > ADMIN_SEARCH_MAX_LENGTH for value in query.getlist("q"))


#: The most rows a formset of the admin takes (Django's own default for a formset's ``max_num``).
#: Django builds every row a formset's ``TOTAL_FORMS`` asks for, up to twice that: Wagtail's group
#: editor, told 999999999, built and drew 2,000 rows of each of its four permission formsets for
#: 20 to 116 seconds, long past a worker's timeout.
ADMIN_FORMSET_MAX_ROWS = 1000


def _too_many_rows(data) -> bool:
    return any(
        key.endswith("-TOTAL_FORMS") and value.strip().isdigit() and int(value) > ADMIN_FORMSET_MAX_ROWS
        for key, values in data.lists()
        for value in values
    )


def _unknown_next(request) -> bool:
    """A ``next`` that Wagtail's views would follow and Django would read as a URL name: Wagtail's
    views (an image's or a document's edit) redirect to a ``next`` on this site after saving, and
    Django reverses a word without "/" or "." as a URL name (``NoReverseMatch``, a 500). The admin's
    own links always give a path; an address elsewhere is ignored by Wagtail (and replaced by the
    admin's login redirect), not refused here."""
    values = request.GET.getlist("next") + (request.POST.getlist("next") if request.method == "POST" else [])
    host = {request.get_host()}
    return any(
        value and "/" not in value and "." not in value and url_has_allowed_host_and_scheme(value, allowed_hosts=host)
        for value in values
    )


def _unreadable_block_count(request) -> bool:
    """A POST whose StreamField or list block counts or orders its blocks with something that is no
    number: Wagtail's blocks read their ``-count`` and ``-order`` fields with ``int()`` unchecked
    (``ValueError``, a 500). The editor's script always writes numbers."""
    return request.method == "POST" and any(
        key.endswith(("-count", "-order")) and not value.strip().lstrip("-").isdigit()
        for key, values in request.POST.lists()
        for value in values
    )


def _posted_no_id(request, exception: ValueError) -> bool:
    """A POST value that is no id, looked up as one (Django: "Field 'id' expected a number but got …"):
    Wagtail's chooser widgets read the chosen object back with ``objects.get(pk=…)`` to show the
    form again (a redirect's page, a site's root page, a page's chosen image or page, a page's new
    parent when moving it), catching only ``DoesNotExist``. Only a value the request holds counts."""
    message = str(exception)
    return (
        request.method == "POST"
        and message.startswith("Field '")
        and " expected a number but got " in message
        and any(message.endswith(f"{value!r}.") for _key, values in request.POST.lists() for value in values)
    )


def _csp_header(policy: dict[str, list[str]]) -> str:
    return "; ".join(f"{directive} {' '.join(sources)}" for directive, sources in policy.items())


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, except outside the language-prefixed site.

    Django redirects a 404 at ``/x`` to ``/<language>/x`` whenever that URL could match,
    and behind Wagtail's catch-all pattern every URL could: a JSON client asking the API
    for a missing object would be sent to an HTML page. Paths under
    ``PORTAL_UNPREFIXED_PATHS`` (the API, /healthz, the admin) keep their own responses.
    """

    def process_response(self, request, response):
        if not request.path_info.startswith(settings.PORTAL_UNPREFIXED_PATHS):
            return super().process_response(request, response)
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class SecurityHeadersMiddleware:
    """Content-Security-Policy (no inline script) and Permissions-Policy on every public response.

    The Wagtail admin is exempt from the CSP: it relies on inline scripts of its own.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = _csp_header(settings.PORTAL_CSP)

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(settings.PORTAL_CSP_EXEMPT_PREFIXES):
            response.headers.setdefault("Content-Security-Policy", self.csp)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        return response


class AllauthSessionMiddleware:
    """Honour only sessions that allauth signed in; sign out any other.

    allauth is the one way in: its login stages enforce e-mail verification, rate limits
    and the second factor, and ``portal.adapters.AccountAdapter.login`` marks the session
    at the end. A session that holds a user but not that mark was made some other way
    (a login view of Django's or a third-party app's that slipped into the URLs, a script
    calling ``django.contrib.auth.login``), so it skipped those checks: it is flushed and
    the request goes on as anonymous. Reading the mark costs nothing beyond the session
    itself; the user is not loaded here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        user_id = session.get(SESSION_KEY)
        if user_id is not None and session.get(ALLAUTH_LOGIN_SESSION_KEY) != str(user_id):
            logger.warning("signed out a session allauth did not sign in (user %s, %s)", user_id, request.path)
            logout(request)
        return self.get_response(request)


class StaffMFARequiredMiddleware:
    """Alliance staff must set up two-factor authentication before using the Wagtail admin.

    allauth already asks for the second factor at login once an authenticator exists;
    this closes the gap for staff who have none yet: every admin URL sends them to
    allauth's "activate authenticator app" page (outside /admin/, so no loop).
    Anyone who can reach the admin counts as staff here, including a user given the
    admin permission directly rather than through the staff groups.
    """

    # Signing out needs no second factor.
    EXEMPT_PATHS = ("/admin/logout/",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.PORTAL_STAFF_MFA_REQUIRED
            and _in_admin(request)
            and not request.path.startswith(self.EXEMPT_PATHS)
            and request.user.is_authenticated
            and permissions.reaches_admin(request.user)
            and not permissions.has_mfa(request.user)
        ):
            return staff_mfa.ask_for_second_factor(request)
        return self.get_response(request)


class AdminRefusalLanguageMiddleware:
    """Wagtail's refusal of a signed-in member without admin access, in the language they are using.

    Wagtail adds "You do not have permission to access the admin." as a message in the request's
    language, and the admin's paths have none: it was said in the browser's language (or the account's)
    on the dashboard /admin/login/ sends them to, in the language of the page they came from
    (``portal.views.accounts.visit_language``). For them, the admin speaks that language; whoever
    may use the admin is answered in their admin language, by Wagtail.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if _in_admin(request) and user.is_authenticated and not user.has_perm("wagtailadmin.access_admin"):
            with translation.override(visit_language(request, request.path)):
                return self.get_response(request)
        return self.get_response(request)


class AdminRequestGuardMiddleware:
    """Answer 400, not 500, to admin requests that Wagtail's own views cannot read.

    - A NUL byte in the query string: PostgreSQL text cannot hold it, and some of Wagtail's admin
      views pass a query value straight to a lookup (``/admin/choose-page/?locale=%00``).
    - A search text (``q``) longer than ``ADMIN_SEARCH_MAX_LENGTH``: Wagtail's search of images,
      documents, form pages and pages recursed past Python's limit on a long one.
    - A POST asking a formset for more than ``ADMIN_FORMSET_MAX_ROWS`` rows (``TOTAL_FORMS``):
      Django would build and draw them all, for minutes.
    - A ``next`` (where to return after saving) that is no path of the site (``_unknown_next``).
    - A POST whose StreamField counts or orders its blocks with something that is no number
      (``_unreadable_block_count``), or a chooser's value that is no id (``_posted_no_id``): only
      when the view raised ``ValueError``.
    - A POST lacking a field that the admin's own form always sends: Wagtail's views read such
      fields with ``request.POST[...]`` (``/admin/pages/3/copy/`` without ``new_parent_page``,
      a page added without its body's ``body-count``), which raises ``MultiValueDictKeyError``.
      Only a key that is really absent from the request counts: any other such error is a bug
      and stays a 500.

    The portal's own views check their input with forms; this covers Wagtail's. Other paths are
    left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _in_admin(request) and _holds_nul(request.GET):
            return _refuse(request, _("This address holds a character the site cannot read."))
        if _in_admin(request) and _search_too_long(request.GET):
            message = _("The search text is too long: search with at most %(limit)d characters.")
            return _refuse(request, message, limit=ADMIN_SEARCH_MAX_LENGTH)
        if _in_admin(request) and request.method == "POST" and _too_many_rows(request.POST):
            message = _("The form sent asks for more than %(limit)d rows. Reload the page and try again.")
            return _refuse(request, message, limit=ADMIN_FORMSET_MAX_ROWS)
        if _in_admin(request) and _unknown_next(request):
            message = _("The address to return to is not one of this site's. Open the page from the admin's menu.")
            return _refuse(request, message)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if (
            _in_admin(request)
            and isinstance(exception, ValueError)
            and (_unreadable_block_count(request) or _posted_no_id(request, exception))
        ):
            logger.warning("admin POST to %s held a number or id that is none: answered 400", request.path)
            return _refuse(request, _("The form sent was altered: reload the page and try again."))
        if not (_in_admin(request) and isinstance(exception, MultiValueDictKeyError)):
            return None
        key = exception.args[0] if exception.args else None
        if request.method != "POST" or any(key in data for data in (request.POST, request.GET, request.FILES)):
            return None
        logger.warning("admin POST to %s lacked the field %r: answered 400", request.path, key)
        message = _(
            "The form sent was incomplete: a field the page always sends is missing. Reload the page and try again."
        )
        return _refuse(request, message)


def _admin_language(request) -> str:
    """The language the admin speaks to this user: the one they chose in their account, as Wagtail's
    views do, or the request's."""
    profile = getattr(getattr(request, "user", None), "wagtail_userprofile", None)
    return profile.get_preferred_language() if profile else translation.get_language()


def _refuse(request, message, **params) -> HttpResponseBadRequest:
    with translation.override(_admin_language(request)):
        return HttpResponseBadRequest(str(message) % params if params else str(message))


class MethodNotAllowedMiddleware:
    """A 405 said in the visitor's language, as a page or, under the API, as the API's JSON.

    Django's ``require_POST`` answers a GET with an empty body, and the API (django-ninja) with
    English text: a member who signs in again and is sent back to a button's address
    (``?next=…/submit/``) saw a blank page. The ``Allow`` header is kept.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or _in_admin(request):
            return response
        allowed = response.get("Allow", "")
        if request.path.startswith(API_PREFIX):
            detail = _("This address does not answer %(method)s.") % {"method": request.method}
            answer = JsonResponse({"detail": detail}, status=405)
            answer["Allow"] = allowed
            return answer
        return errors.method_not_allowed(request, allowed)


#: The bodies of HTML forms (the API and its clients send JSON, left as it is).
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class LineBreaksMiddleware:
    r"""A posted form's line breaks as the browser counted them: ``\r\n`` (and a lone ``\r``) become ``\n``.

    Browsers send a textarea's line breaks as CRLF but count each as one character against its
    ``maxlength``, so a text the browser let through was refused as too long ("it has 399
    characters" for 300 typed) and stored texts mixed two kinds of line break. Only the form's
    text values change; files are untouched. Put it after ``RequestSizeLimitMiddleware``, which
    refuses an oversized body before anything parses it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            try:
                posted = request.POST
            except UnreadablePostError:  # the client went away mid-body: the view finds out the same way
                return self.get_response(request)
            if any("\r" in value for _key, values in posted.lists() for value in values):
                normalised = posted.copy()
                for key, values in posted.lists():
                    normalised.setlist(key, [value.replace("\r\n", "\n").replace("\r", "\n") for value in values])
                normalised._mutable = False
                request.POST = normalised
        return self.get_response(request)
