"""What the background saves of members' forms (``case_autosave.js``, ``entry_autosave.js``) share.

Their scripts read JSON only: a redirect to the sign-in page is not JSON, the script could not
read it and the page kept saying the draft was saved while nothing was.
"""

from __future__ import annotations

from functools import wraps

from django.http import JsonResponse
from django.utils.translation import gettext as _


def signed_in_or_401(view):
    """``login_required`` for an autosave view: signed out (the session ended, or the member signed
    out in another tab), it answers a translated 401 in JSON, which the page shows."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            error = _(
                "You are signed out, so the draft was not saved. Sign in again in another tab, then save: "
                "what you typed is still on this page."
            )
            return JsonResponse({"saved": False, "error": error}, status=401)
        return view(request, *args, **kwargs)

    return wrapper
