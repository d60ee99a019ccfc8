"""Data-room pages: the startup's room (documents, requests, the access log), an investor's request,
the investor's room (status → NDA → documents) and the permission-checked document view.

Thin: look objects up through querysets limited to what the user may reach
(``incubator.datarooms.queries``: another startup's document or another investor's access is a
404), call a service, render. Files are served by ``document`` / ``own_document`` only, from the
private storage, with a safe name, ``nosniff`` and ``Cache-Control: private, no-store``, after
the view or download is logged.
"""

from __future__ import annotations

import logging

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from incubator.datarooms import permissions, queries, services
from incubator.datarooms.forms import AccessRequestForm, DecisionForm, DocumentForm, NdaForm
from incubator.models import NdaVersion
from incubator.vocabulary import AccessStatus, DocumentAction
from portal.badges import with_badges
from portal.keep_input import keeps_input, posted_or_kept
from portal.organisations.queries import in_name_order
from portal.review.errors import form_status, take_action, take_posted

logger = logging.getLogger(__name__)

STATUS_BADGE = {
    AccessStatus.REQUESTED: "badge-warning",
    AccessStatus.APPROVED: "badge-success",
    AccessStatus.DECLINED: "badge-danger",
    AccessStatus.REVOKED: "badge-danger",
}

#: What the startup is told once its decision on an investor's request is taken.
_DECIDED = {
    "approve": gettext_lazy("Access approved: the investor can read the documents once they accept the NDA."),
    "decline": gettext_lazy("Request declined."),
    "revoke": gettext_lazy("Access revoked: the investor can no longer open your documents."),
}


def client_ip(request) -> str | None:
    """The visitor's address as allauth reads it (``ALLAUTH_TRUSTED_PROXY_COUNT`` behind proxies)."""
    try:
        return services.clean_ip(get_adapter().get_client_ip(request))
    except PermissionDenied:
        return None


# --- the startup's side -----------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@login_required
def manage(request, organisation_pk):
    """The startup's room: documents (upload, delete), requests (approve, decline, revoke), the log."""
    startup = get_object_or_404(queries.managed_startups(request.user), pk=organisation_pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    uploaded = take_posted(
        request,
        form,
        lambda form: services.upload_document(actor=request.user, startup=startup, **form.document_fields()),
        refused=services.DataRoomError,
        done=_("The document is in your data room."),
        success_url=reverse("incubator:dataroom_manage", kwargs={"organisation_pk": startup.pk}),
    )
    if uploaded:
        return uploaded
    return _room(request, startup, form, status=form_status(request))


def _room(request, startup, form, *, status=200, **extra):
    """The startup's room page: ``form`` the upload form; ``extra``, a decision sent back with its error."""
    grants = with_badges(queries.access_of(startup), STATUS_BADGE)
    context = extra | {
        "startup": startup,
        "form": form,
        "may_upload": permissions.may_upload(request.user, startup),
        "documents": list(queries.documents_of(startup)),
        "grants": grants,
        "waiting": [access for access in grants if access.status == AccessStatus.REQUESTED],
        "current_nda": queries.current_nda(),
        "log": list(queries.access_log_of(startup)),
        "log_limit": queries.ACCESS_LOG_LINES,
    }
    return render(request, "incubator/datarooms/manage.html", context, status=status)


@require_POST
@login_required
def delete_document(request, document_pk):
    document = get_object_or_404(queries.managed_documents(request.user), pk=document_pk)
    services.delete_document(actor=request.user, document=document)
    messages.success(request, _("The document is deleted."))
    return redirect("incubator:dataroom_manage", organisation_pk=document.startup_id)


@require_POST
@login_required
def decide(request, access_pk):
    access = get_object_or_404(queries.managed_access(request.user), pk=access_pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        if "note" in form.errors:
            # The note is the one field a member types: the room again, the note as typed beside what
            # is wrong with it (its length, say), under the request it answers.
            startup = access.startup
            return _room(request, startup, DocumentForm(), status=400, deciding=access.pk, decision_form=form)
        messages.error(request, _("This form could not be read. Open the data room again."))
    else:
        decision, note = form.cleaned_data["decision"], form.cleaned_data["note"]
        take_action(
            request,
            lambda: services.decide(actor=request.user, access=access, decision=decision, note=note),
            refused=services.DataRoomError,
            done=_DECIDED[decision],
        )
    return redirect("incubator:dataroom_manage", organisation_pk=access.startup_id)


@require_safe
@login_required
def own_document(request, document_pk):
    """A document of the user's own startup (logged like an investor's view, without an access)."""
    document = get_object_or_404(queries.managed_documents(request.user), pk=document_pk)
    return _serve(request, document, access=None)


# --- the investor's side ----------------------------------------------------------------------


@require_safe
@login_required
def my_rooms(request):
    """The rooms the user's investor organisations asked to enter, with each one's state."""
    rooms = with_badges(queries.investor_access(request.user).order_by("-requested_at", "-pk"), STATUS_BADGE)
    return render(request, "incubator/datarooms/my_rooms.html", {"rooms": rooms})


@require_http_methods(["GET", "HEAD", "POST"])
@keeps_input
def request_access(request, slug):
    """Ask to enter a verified startup's room (linked from the startup's profile)."""
    startup = get_object_or_404(queries.requestable_startups(), slug=slug)
    investors = in_name_order(queries.investor_organisations(request.user))
    asked = [a for a in queries.accesses_to(request.user, startup) if a.status in queries.open_statuses()]
    form = AccessRequestForm(posted_or_kept(request), investors=investors)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                access = services.request_access(
                    actor=request.user,
                    investor=form.cleaned_data["investor"],
                    startup=startup,
                    message=form.cleaned_data["message"],
                )
            except services.DataRoomError as exc:
                form.add_service_error(exc)
                status = 403
            else:
                messages.add_message(request, *_what_the_request_did(access, asked))
                return redirect("incubator:dataroom", access_pk=access.pk)
        else:
            status = 403 if not investors.exists() else 400
    context = {"startup": startup, "form": form, "has_investor": investors.exists(), "asked": asked}
    context["all_asked"] = len({access.investor_id for access in asked}) >= len(form.fields["investor"].queryset)
    return render(request, "incubator/datarooms/request.html", context, status=status)


def _what_the_request_did(access, asked) -> tuple[int, str]:
    """The message after a request: sent, or nothing new (the organisation is in, or its request waits:
    a second request, a double click or a stale page, changes nothing and must not say it was sent)."""
    if access.status == AccessStatus.APPROVED:
        return messages.INFO, _("Your organisation already has access to this data room.")
    if access.pk in {earlier.pk for earlier in asked}:
        return messages.INFO, _("Your organisation asked already: its request waits for the startup's answer.")
    return messages.SUCCESS, _("Your request is sent. The startup will answer by e-mail.")


@require_safe
@never_cache
@login_required
def room(request, access_pk):
    """The investor's view of a room: its status; once approved the NDA; once accepted the documents."""
    access = get_object_or_404(queries.investor_access(request.user), pk=access_pk)
    current = queries.current_nda()
    documents = list(queries.readable_documents(request.user, access, current=current))
    readable = permissions.may_read_data_room(request.user, access, current_nda=current)
    nda_form = None
    if access.status == AccessStatus.APPROVED and not readable and current is not None:
        nda_form = NdaForm(initial={"version": current.version})
    context = {
        "access": access,
        "status_badge": STATUS_BADGE[access.status],
        "current_nda": current,
        "readable": readable,
        "documents": documents,
        "nda_form": nda_form,
        "renewal": access.nda_version_id is not None and not readable,
    }
    return render(request, "incubator/datarooms/room.html", context)


@require_POST
@login_required
def accept_nda(request, access_pk):
    access = get_object_or_404(queries.investor_access(request.user), pk=access_pk)
    form = NdaForm(request.POST)
    current = queries.current_nda()
    if form.is_valid():
        version = NdaVersion.objects.filter(version=form.cleaned_data["version"], published_at__isnull=False).first()
        try:
            if version is None:
                raise services.DataRoomError(_("This form could not be read. Open the data room again."))
            services.accept_nda(actor=request.user, access=access, nda_version=version, ip=client_ip(request))
        except services.DataRoomError as exc:
            form.add_service_error(exc)
            if current is not None:  # the page shows the current text: the form names that version, unticked
                form.data = form.data.copy()
                form.data["version"] = str(current.version)
                form.data.pop("accept", None)
        else:
            messages.success(request, _("Thank you: the NDA is accepted and the documents are open to you."))
            return redirect("incubator:dataroom", access_pk=access.pk)
    context = {
        "access": access,
        "status_badge": STATUS_BADGE[access.status],
        "current_nda": current,
        "readable": False,
        "documents": [],
        "nda_form": form if current is not None and access.status == AccessStatus.APPROVED else None,
        "renewal": access.nda_version_id is not None,
    }
    return render(request, "incubator/datarooms/room.html", context, status=400)


@require_safe
@login_required
def document(request, access_pk, document_pk):
    """A document of a room open to the user (approved + current NDA); otherwise a 404."""
    access = get_object_or_404(queries.investor_access(request.user), pk=access_pk)
    found = get_object_or_404(queries.readable_documents(request.user, access), pk=document_pk)
    return _serve(request, found, access=access)


def _serve(request, found, *, access):
    download = request.GET.get("download") == "1"
    action = DocumentAction.DOWNLOAD if download else DocumentAction.VIEW
    try:
        handle = found.file.open("rb")
    except OSError as exc:  # the row without its file: nothing to serve (and nothing to log)
        logger.error("data-room document %s: its file %s cannot be read", found.pk, found.file.name)
        raise Http404 from exc
    try:
        services.log_access(actor=request.user, document=found, access=access, action=action, ip=client_ip(request))
    except PermissionDenied as exc:  # closed between the lookup and the log (a revocation): as if never there
        handle.close()
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=download, filename=found.name, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
