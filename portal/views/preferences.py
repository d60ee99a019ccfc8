"""A member's preferences: the language of their e-mails (``User.preferred_language``).

Sign-up records the language of the page the member signed up on; this page changes it. The
Wagtail admin's own language follows (``portal.signals.sync_admin_language``).
"""

from django.shortcuts import render
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from portal.account_forms import EmailLanguageForm
from portal.keep_input import keeps_input, posted_or_kept
from portal.review.errors import form_status, take_posted


def _set_email_language(user, language: str) -> str:
    """Keep the choice; the language's name in the page's language (英语 / English), for the message."""
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    return get_language_info(language)["name_translated"]


@keeps_input
def email_language(request):
    """GET: the languages, the member's checked (or what they sent once their session had ended:
    ``portal.keep_input``). POST: keep the choice, back to the dashboard."""
    form = EmailLanguageForm(posted_or_kept(request), initial={"language": request.user.preferred_language})
    chosen = take_posted(
        request,
        form,
        lambda form: _set_email_language(request.user, form.cleaned_data["language"]),
        done=lambda name: _("Your e-mails will reach you in %(language)s.") % {"language": name},
        success_url="portal:dashboard",
    )
    return chosen or render(request, "portal/account_language.html", {"form": form}, status=form_status(request))
