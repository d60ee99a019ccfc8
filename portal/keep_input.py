"""What a member typed in a form they sent after their session ended, back in the form once they sign in.

``login_required`` answers such a POST (the tab left open for hours, a sign-out in another tab) with
the sign-in page, and everything typed was gone. A member's form page (an edit view, and a form with no
edit page of its own: a new team or organisation, an invitation, a request, an application, a scorecard)
is ``@keeps_input`` instead: signed out, it keeps the form's text fields in the (new, anonymous) session,
which signing in keeps, and sends the member to sign in as ``login_required`` does. Back on the same
page, the view binds its form to ``posted_or_kept(request)``: the kept input, shown as sent with a
message saying it is not saved yet; the member checks it and saves it again.

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
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
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


def keeps_input(view):
    """``login_required`` for a member's form page whose GET binds its form to ``posted_or_kept``."""

    guarded = login_required(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST" and not request.user.is_authenticated:
            keep(request)
        response = guarded(request, *args, **kwargs)
        if request.user.is_authenticated:
            _mark_opener(request, response)
        return response

    wrapper.keeps_input = True
    return wrapper


def keep(request, *, why: str = ENDED) -> None:
    """Keep the posted text fields for ``request.path`` (replacing any input kept before); ``why`` they
    were not saved chooses the message shown with them."""
    texts = {name: request.POST.getlist(name) for name in request.POST if name not in NOT_KEPT}
    typed_by = _typed_by(request)
    if not texts or typed_by is None:
        return
    request.session[SESSION_KEY] = {
        "typed_by": typed_by,
        "path": request.path,
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
        view = resolve(request.path_info).func
    except Resolver404:
        return None
    if not getattr(view, "keeps_input", False):
        return None
    keep(request, why=SIGNED_IN_SINCE if request.user.is_authenticated else ENDED)
    return redirect(request.get_full_path())


def posted_or_kept(request) -> QueryDict | None:
    """The data to bind the page's form to: the POST; on a GET, the input kept for this page (once,
    with a message), else ``None`` (an unbound form)."""
    if request.method == "POST":
        return request.POST
    if not request.user.is_authenticated or request.session.get(SESSION_KEY, {}).get("path") != request.path:
        return None
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
