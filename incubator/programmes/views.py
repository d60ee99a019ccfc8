"""Programme application pages on the member dashboard: the list (sent and received), a new
application, an application (both sides) and its answers. Thin: parse, call a query or a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from incubator import boxes
from incubator.programmes import permissions, queries, services
from incubator.programmes.forms import ApplicationForm, NoteForm
from incubator.vocabulary import ApplicationStatus
from portal.i18n import before_full_stop
from portal.keep_input import keeps_input, posted_or_kept
from portal.review.errors import form_status, take_posted

#: The note's label and help on each decision's form.
NOTES = {
    "accept": (
        gettext_lazy("Next steps (optional)"),
        gettext_lazy("Whom to contact, when to start: the startup receives it by e-mail."),
    ),
    "reject": (gettext_lazy("Reason for declining"), gettext_lazy("Required: the startup's members read it.")),
}


def _note_form(decision: str, data=None) -> NoteForm:
    label, help_text = NOTES[decision]
    return NoteForm(data, prefix=decision, label=label, help_text=help_text)


@login_required
@require_safe
def application_list(request):
    counts = queries.box_counts(request.user)
    # Platforms land on what they received, startups on what they sent.
    received_only = counts[queries.RECEIVED]["all"] and not counts[queries.SENT]["all"]
    default = queries.RECEIVED if received_only else queries.SENT
    box, status = boxes.choose(request, queries.BOXES, default=default, statuses=ApplicationStatus.values)
    rows = queries.box(request.user, which=box, status=status)
    context = boxes.list_context(
        request, rows, box=box, status=status, counts=counts, choices=ApplicationStatus.choices
    )
    return render(request, "incubator/programmes/application_list.html", context)


@keeps_input
def application_new(request, slug):
    profile = get_object_or_404(queries.receiving_platforms(), organisation__slug=slug)
    platform = profile.organisation
    applicants = queries.applicants_for(request.user)
    if not applicants:
        return render(request, "incubator/programmes/not_allowed.html", {"platform": platform}, status=403)
    form = ApplicationForm(posted_or_kept(request), applicants=applicants, platform=platform)
    sent = take_posted(
        request,
        form,
        lambda form: services.apply(actor=request.user, platform=platform, **form.application_fields()),
        refused=services.ProgrammeError,
        done=_("Your application is sent to %(platform)s. You will hear of their decision by e-mail.")
        % {"platform": before_full_stop(platform.name)},
        success_url=lambda application: reverse(
            "incubator:application_detail", kwargs={"application_id": application.pk}
        ),
    )
    if sent:
        return sent
    context = _new_context(form, profile, applicants)
    return render(request, "incubator/programmes/application_new.html", context, status=form_status(request))


def _new_context(form, profile, applicants) -> dict:
    waiting = queries.waiting_applications(applicants, profile.organisation)
    # Every startup of the member's has one awaiting review: nothing to send (the service refuses
    # it; a refused form is shown again, with what was typed).
    all_waiting = not form.is_bound and len({application.startup_id for application in waiting}) >= len(applicants)
    return {
        "form": form,
        "platform": profile.organisation,
        "profile": profile,
        "waiting": waiting,
        "all_waiting": all_waiting,
    }


def _detail(request, application, *, accept_form=None, reject_form=None, error=None, status=200):
    user = request.user
    awaiting = application.status == ApplicationStatus.SUBMITTED
    may_decide = awaiting and services.REVIEW.may_take(user, application)
    context = {
        "application": application,
        "services": application.services_display,
        "received": permissions.received(user, application),
        "may_decide": may_decide,
        "decisions_paused": awaiting and not may_decide and permissions.decisions_paused(user, application),
        "may_withdraw": awaiting and permissions.may_withdraw(user, application),
        "accept_form": accept_form or (_note_form("accept") if may_decide else None),
        "reject_form": reject_form or (_note_form("reject") if may_decide else None),
        "error": error,
    }
    return render(request, "incubator/programmes/application_detail.html", context, status=status)


def _application(request, application_id):
    return get_object_or_404(queries.applications_for(request.user), pk=application_id)


@keeps_input
@require_safe
def application_detail(request, application_id):
    application = _application(request, application_id)
    return _detail(request, application, **_kept_decisions(request, application))


def _kept_decisions(request, application) -> dict:
    """A decision's note sent after the member's session ended (``keeps_input(shown_on=)``), back in its
    form, not sent."""
    if application.status != ApplicationStatus.SUBMITTED or not services.REVIEW.may_take(request.user, application):
        return {}
    forms = {}
    for decision in NOTES:
        sent_to = reverse(f"incubator:application_{decision}", kwargs={"application_id": application.pk})
        kept = posted_or_kept(request, sent_to=sent_to)
        if kept is not None:
            forms[f"{decision}_form"] = _note_form(decision, kept)
    return forms


def _decide(request, application_id, *, decision: str):
    application = _application(request, application_id)
    if not services.REVIEW.may_take(request.user, application):
        raise PermissionDenied
    form = _note_form(decision, request.POST)
    if form.is_valid():
        try:
            services.REVIEW.take(decision, application, by=request.user, note=form.cleaned_data["note"])
        except services.ProgrammeError as exc:
            application.refresh_from_db()
            if application.status != ApplicationStatus.SUBMITTED:  # decided meanwhile (a second click, a colleague)
                messages.error(request, str(exc))
                return redirect("incubator:application_detail", application_id=application.pk)
            form.add_service_error(exc)
        else:
            messages.success(request, services.REVIEW.done_message(application, decision))
            return redirect("incubator:application_detail", application_id=application.pk)
    return _detail(request, application, status=400, **{f"{decision}_form": form})


@keeps_input(shown_on="incubator:application_detail")
@require_POST
def application_accept(request, application_id):
    return _decide(request, application_id, decision="accept")


@keeps_input(shown_on="incubator:application_detail")
@require_POST
def application_reject(request, application_id):
    return _decide(request, application_id, decision="reject")


@login_required
@require_POST
def application_withdraw(request, application_id):
    application = _application(request, application_id)
    if not permissions.may_withdraw(request.user, application):
        raise PermissionDenied
    try:
        services.withdraw(actor=request.user, application=application)
    except services.ProgrammeError as exc:
        application.refresh_from_db()
        return _detail(request, application, error=str(exc), status=400)
    messages.info(request, _("The application is withdrawn."))
    return redirect("incubator:application_detail", application_id=application.pk)
