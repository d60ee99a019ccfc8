"""Members' personal data (PIPL): the page, the download and account deletion.

Thin views over ``portal.privacy``. None of them takes a user id: each acts on the signed-in
member only, and the services check that again. Downloading and deleting are POSTs that need
a recent re-authentication (allauth's ``reauthentication_required``): without one, allauth keeps
the POST, asks for the password (or the authenticator code) and then replays it.
"""

from allauth.account.decorators import reauthentication_required
from allauth.account.internal.flows.login import get_authentication_records
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal import privacy
from portal.personal_data import authored_records
from portal.review.errors import ServiceErrorFormMixin


class DeleteAccountForm(ServiceErrorFormMixin, forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Your sign-in e-mail address"),
        help_text=gettext_lazy("Type it again to confirm that you want to delete your account."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


def _privacy_page(request, *, export_error: str = "", status: int = 200):
    return render(
        request,
        "portal/privacy/privacy.html",
        {
            "sole_owned": privacy.sole_owned_organisations(request.user),
            # What the apps export of what members write (``PERSONAL_DATA``): the page names each part, as
            # the export's README does (which adds, from ``parts``, what the JSON's ``your_part`` values mean).
            "written_sections": [records.description for records in authored_records()],
            "export_error": export_error,
            "exports_per_hour": privacy.exports_per_hour(),
        },
        status=status,
    )


@login_required
def personal_data(request):
    """What the portal holds about the member, the download button and the way to delete the account."""
    return _privacy_page(request)


@login_required
@require_POST
@reauthentication_required
def personal_data_export(request):
    try:
        export = privacy.export_personal_data(
            actor=request.user,
            account=request.user,
            authentication_records=get_authentication_records(request, request.user),
        )
    except privacy.ExportRateLimited as exc:
        return _privacy_page(request, export_error=str(exc), status=429)
    response = HttpResponse(export.content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    patch_cache_control(response, private=True, no_store=True)
    return response


def _deleted(request):
    """Signed out, at the home page, told what happened."""
    logout(request)
    messages.success(
        request,
        _(
            "Your account has been deleted. A confirmation is on its way to your former e-mail address. "
            "What you wrote for your organisations stays with them, without your name."
        ),
    )
    return redirect(f"/{translation.get_language()}/")


@login_required
@reauthentication_required(allow_get=True)
def account_delete(request):
    """GET: what deletion removes and keeps, and the confirmation form. POST: delete, sign out, go home."""
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    sole_owned = privacy.sole_owned_organisations(request.user)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                privacy.delete_account(
                    actor=request.user, account=request.user, confirm_email=form.cleaned_data["email"]
                )
            except privacy.AccountAlreadyDeleted:
                return _deleted(request)  # sent twice: the first copy deleted it
            except privacy.LastOwnerError as exc:
                sole_owned, status = exc.organisations, 409
            except privacy.PrivacyError as exc:
                form.add_service_error(exc)
            else:
                return _deleted(request)
    return render(
        request, "portal/privacy/account_delete.html", {"form": form, "sole_owned": sole_owned}, status=status
    )
