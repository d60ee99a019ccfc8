"""What a member typed in a form they sent after their session ended, back in the form once they sign in.

``login_required`` answers such a POST (the tab left open for hours, a sign-out in another tab) with
the sign-in page, and everything typed was gone. A member's form page (an edit view, and a form with no
edit page of its own: a new team or organisation, an invitation, a request, an application, a scorecard)
is ``@keeps_input`` instead: signed out, it keeps the form's text fields in the (new, anonymous) session,
which signing in keeps, and sends the member to sign in as ``login_required`` does. Back on the same
page, the view binds its form to ``posted_or_kept(request)``: the kept input, shown as sent with a
message saying it is not saved yet; the member checks it and saves it again. A form that posts to a URL
with no page of its own (a declaration on the judge's profile page) is ``@keeps_input(shown_on=<the
page's URL name>)``: kept for that page, which the member signs in back to, and which binds it with
``posted_or_kept(request, sent_to=<the form's URL>)`` (its own form's input is never given to another).

The rules that keep it safe:

- nothing is written but the session: the anonymous POST never reaches the view;
- only what passed the CSRF check is kept (the decorator runs after ``CsrfViewMiddleware``), so another
  site cannot put words into a member's form; a form refused for its token alone, from a page opened
  before the member signed in again, only when its ``Origin`` is the portal's (``kept_after_csrf_failure``);
- it comes back on the same path only, within ``KEEP_FOR`` seconds, once (taken out of the session), and
  only to the member who typed it, not to whoever signs in next on a shared computer: a page of a
  ``keeps_input`` view marks the browser with the member who opened it (``OPENED_BY_COOKIE``, a digest
  of their id, which outlives the session), and what is sent signed out is kept for that member alone;
- it comes back on a GET, into a bound form the view renders: a view saves on ``request.method ==
  "POST"`` only (``take_posted`` does), so the kept input is saved by the member's next POST, never by
  the GET that shows it;
- text fields only: a browser cannot send a file again, and a file is not kept in a session; the
  message says to choose the files again.
"""

from __future__ import annotations

import time
from functools import partial, wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

SESSION_KEY = "portal.kept_input"
#: Seconds the input waits for the member to sign in again.
KEEP_FOR = 60 * 60
#: Why the input was not saved: the session had ended; the member signed in again since the page was
#: opened, which changed the form's CSRF token (``kept_after_csrf_failure``).
ENDED, SIGNED_IN_SINCE = "ended", "signed_in_since"
#: Fields never kept: the form's CSRF token belongs to the page that sent it.
NOT_KEPT = frozenset({"csrfmiddlewaretoken"})
#: The member who last opened a ``keeps_input`` page in this browser (``member_mark``): its session may end.
OPENED_BY_COOKIE = "portal_form_opened_by"


def member_mark(user) -> str:
    """An opaque mark of ``user`` (a digest of their id under the site's secret): who typed a kept form."""
    return salted_hmac(OPENED_BY_COOKIE, str(user.pk)).hexdigest()


def _typed_by(request) -> str | None:
    """Who typed what ``request`` sends: the member signed in; signed out, the member who opened the page."""
    if request.user.is_authenticated:
        return member_mark(request.user)
    return request.COOKIES.get(OPENED_BY_COOKIE)


def _mark_opener(request, response) -> None:
    mark = member_mark(request.user)
    if request.COOKIES.get(OPENED_BY_COOKIE) != mark:
        response.set_cookie(
            OPENED_BY_COOKIE,
            mark,
            max_age=settings.SESSION_COOKIE_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )


def keeps_input(view=None, *, shown_on: str | None = None):
    """``login_required`` for a member's form page whose GET binds its form to ``posted_or_kept``.

    ``shown_on``: the URL name of the page that shows the form, when the form posts to a URL with no page
    of its own (a declaration on the judge's profile page): reversed with the view's arguments, it is the
    page the input is kept for and the member signs in back to (the form's own URL takes no GET); that
    page binds the form to ``posted_or_kept(request, sent_to=<the form's URL>)``.
    """
    if view is None:
        return partial(keeps_input, shown_on=shown_on)
    guarded = login_required(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST" and not request.user.is_authenticated:
            page = _page(request, shown_on, kwargs)
            keep(request, page=page)
            if page != request.path:
                return redirect_to_login(page)
        response = guarded(request, *args, **kwargs)
        if request.user.is_authenticated:
            _mark_opener(request, response)
        return response

    wrapper.keeps_input = True
    wrapper.shown_on = shown_on
    return wrapper


def _page(request, shown_on: str | None, kwargs) -> str:
    """The path of the page that shows the form ``request`` sent."""
    return reverse(shown_on, kwargs=kwargs) if shown_on else request.path


def keep(request, *, why: str = ENDED, page: str | None = None) -> None:
    """Keep the posted text fields for ``page``, the path of the page that shows the form (``request.path``
    unless the form posts elsewhere), replacing any input kept before; ``why`` they were not saved chooses
    the message shown with them."""
    texts = {name: request.POST.getlist(name) for name in request.POST if name not in NOT_KEPT}
    typed_by = _typed_by(request)
    if not texts or typed_by is None:
        return
    request.session[SESSION_KEY] = {
        "typed_by": typed_by,
        "path": page or request.path,
        "sent_to": request.path,
        "data": texts,
        "files": bool(request.FILES),
        "until": time.time() + KEEP_FOR,
        "why": why,
    }
    if why == ENDED:
        messages.info(
            request,
            _("Your session had ended, so nothing was saved. Sign in again: the form comes back with what you typed."),
        )


def kept_after_csrf_failure(request, reason: str):
    """``CSRF_FAILURE_VIEW``'s first step: a ``keeps_input`` page's form refused for its token alone is kept,
    and the page shown again with it (a redirect); ``None`` for any other refusal.

    Signing in rotates the CSRF token: a member whose session ended, who signed in again in another tab
    (as the autosave's message asks), was refused the form left open in the first (403) and lost it.
    Only a POST whose ``Origin`` header Django verified as the portal's own is kept (a refused ``Origin``
    is its own reason): another site's form cannot fill a member's page, and a browser that sends no
    ``Origin`` is refused as before.
    """
    if request.method != "POST" or "HTTP_ORIGIN" not in request.META or reason.startswith("Origin checking"):
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    if not getattr(match.func, "keeps_input", False):
        return None
    page = _page(request, match.func.shown_on, match.kwargs)
    keep(request, why=SIGNED_IN_SINCE if request.user.is_authenticated else ENDED, page=page)
    return redirect(page if match.func.shown_on else request.get_full_path())


def posted_or_kept(request, *, sent_to: str | None = None) -> QueryDict | None:
    """The data to bind the page's form to: the POST; on a GET, the input kept for this page (once,
    with a message), else ``None`` (an unbound form).

    ``sent_to``: for a form of the page that posts to another URL (``keeps_input(shown_on=...)``), that
    URL: the input kept from it only, never the page's own POST (another form's).
    """
    if request.method == "POST":
        return None if sent_to else request.POST
    kept = request.session.get(SESSION_KEY, {})
    if not request.user.is_authenticated or kept.get("path") != request.path:
        return None
    if kept.get("sent_to", kept["path"]) != (sent_to or request.path):
        return None  # another form's of the page: left for it
    kept = request.session.pop(SESSION_KEY)
    if kept["until"] < time.time() or kept.get("typed_by") != member_mark(request.user):
        return None  # too late, or another member signed in on that browser: dropped unseen
    data = QueryDict(mutable=True)
    for name, values in kept["data"].items():
        data.setlist(name, values)
    messages.warning(request, _message(kept.get("why", ENDED), kept["files"]))
    return data


def _message(why: str, files: bool) -> str:
    if why == SIGNED_IN_SINCE and files:
        return _(
            "You signed in again after this page was opened, so what you sent was not saved. It is back in the "
            "form: check it and save again. A browser cannot send the files you chose a second time: choose them "
            "again before saving."
        )
    if why == SIGNED_IN_SINCE:
        return _(
            "You signed in again after this page was opened, so what you sent was not saved. It is back in the "
            "form: check it and save again."
        )
    if files:
        return _(
            "Your session had ended, so what you sent was not saved. It is back in the form: check it and save "
            "again. A browser cannot send the files you chose a second time: choose them again before saving."
        )
    return _("Your session had ended, so what you sent was not saved. It is back in the form: check it and save again.")
