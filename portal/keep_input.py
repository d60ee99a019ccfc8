"""What a member typed in a form they sent after their session ended, back in the form once they sign in.

``login_required`` answers such a POST (the tab left open for hours, a sign-out in another tab) with
the sign-in page, and everything typed was gone. A member's edit view is ``@keeps_input`` instead:
signed out, it keeps the form's text fields in the (new, anonymous) session, which signing in keeps,
and sends the member to sign in as ``login_required`` does. Back on the same page, the view binds its
form to ``posted_or_kept(request)``: the kept input, shown as sent with a message saying it is not
saved yet; the member checks it and saves it again.

The rules that keep it safe:

- nothing is written but the session: the anonymous POST never reaches the view;
- only what passed the CSRF check is kept (the decorator runs after ``CsrfViewMiddleware``), so another
  site cannot put words into a member's form;
- it comes back on the same path only, within ``KEEP_FOR`` seconds, once (taken out of the session);
- it comes back on a GET, into a bound form the view renders: a view saves on ``request.method ==
  "POST"`` only (``take_posted`` does), so the kept input is saved by the member's next POST, never by
  the GET that shows it;
- text fields only: a browser cannot send a file again, and a file is not kept in a session; the
  message says to choose the files again.
"""

from __future__ import annotations

import time
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import QueryDict
from django.utils.translation import gettext as _

SESSION_KEY = "portal.kept_input"
#: Seconds the input waits for the member to sign in again.
KEEP_FOR = 60 * 60
#: Fields never kept: the form's CSRF token belongs to the page that sent it.
NOT_KEPT = frozenset({"csrfmiddlewaretoken"})


def keeps_input(view):
    """``login_required`` for a member's edit view whose GET binds its form to ``posted_or_kept``."""

    guarded = login_required(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST" and not request.user.is_authenticated:
            keep(request)
        return guarded(request, *args, **kwargs)

    wrapper.keeps_input = True
    return wrapper


def keep(request) -> None:
    """Keep the posted text fields for ``request.path`` (replacing any input kept before)."""
    texts = {name: request.POST.getlist(name) for name in request.POST if name not in NOT_KEPT}
    if not texts:
        return
    request.session[SESSION_KEY] = {
        "path": request.path,
        "data": texts,
        "files": bool(request.FILES),
        "until": time.time() + KEEP_FOR,
    }
    messages.info(
        request,
        _("Your session had ended, so nothing was saved. Sign in again: the form comes back with what you typed."),
    )


def posted_or_kept(request) -> QueryDict | None:
    """The data to bind the page's form to: the POST; on a GET, the input kept for this page (once,
    with a message), else ``None`` (an unbound form)."""
    if request.method == "POST":
        return request.POST
    if not request.user.is_authenticated or request.session.get(SESSION_KEY, {}).get("path") != request.path:
        return None
    kept = request.session.pop(SESSION_KEY)
    if kept["until"] < time.time():
        return None
    data = QueryDict(mutable=True)
    for name, values in kept["data"].items():
        data.setlist(name, values)
    if kept["files"]:
        text = _(
            "Your session had ended, so what you sent was not saved. It is back in the form: check it and save "
            "again. A browser cannot send the files you chose a second time: choose them again before saving."
        )
    else:
        text = _(
            "Your session had ended, so what you sent was not saved. It is back in the form: check it and save again."
        )
    messages.warning(request, text)
    return data
