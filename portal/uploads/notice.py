"""The note a form with files needs when it is shown again: a browser cannot keep a chosen file."""

from __future__ import annotations

from django.contrib import messages
from django.utils.translation import gettext as _


def files_not_kept(request) -> None:
    """Call before showing a posted form again (another field's error): the files chosen are not in it any more."""
    if request.method == "POST" and request.FILES:
        messages.warning(
            request,
            _(
                "The form is shown again with what to correct. A browser cannot keep the files you chose: "
                "choose them again before saving."
            ),
        )
