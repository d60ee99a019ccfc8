"""Members' case pages: my cases, the multi-step submission form, a submission, its attachments.

Views are thin: look objects up through querysets limited to what the user may reach
(``cases.queries``: another organisation's submission is a 404), call a service, render.
The public pages are Wagtail pages (``CaseIndexPage``, ``CasePage``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import permissions, queries, services
from cases.forms import (
    STEP_FORMS,
    STEP_NAMES,
    STEPS,
    BasicsForm,
    OutcomeFormSet,
    StepForm,
    outcome_initial,
    outcome_rows,
)
from cases.models import STEP_FIELDS
from cases.vocabulary import AWAITING_STAFF, SubmissionStatus
from portal import uploads
from portal.autosave import signed_in_or_401
from portal.badges import with_badges
from portal.keep_input import keeps_input, posted_or_kept
from portal.organisations import queries as portal_queries
from portal.review.errors import form_status, take_action

STATUS_BADGE = {
    SubmissionStatus.DRAFT: "badge-info",
    SubmissionStatus.SUBMITTED: "badge-warning",
    SubmissionStatus.RESUBMITTED: "badge-warning",
    SubmissionStatus.CHANGES_REQUESTED: "badge-danger",
    SubmissionStatus.REJECTED: "badge-danger",
    SubmissionStatus.ACCEPTED: "badge-success",
}


@login_required
def my_cases(request):
    submissions = with_badges(queries.submissions_for(request.user).order_by("-updated_at", "-pk"), STATUS_BADGE)
    organisations = portal_queries.organisations_where(request.user, permissions.can_submit_cases)
    return render(request, "cases/my_cases.html", {"submissions": submissions, "organisations": organisations})


@keeps_input
def submission_create(request, organisation_pk):
    """Step 1 of a new case; the draft is created when the step is first saved."""
    organisation = portal_queries.organisation_for(request.user, organisation_pk, permissions.can_write_cases_for)
    form = BasicsForm(posted_or_kept(request), initial={"version": 1})
    if request.method == "POST" and form.is_valid():
        submission = services.create_submission(
            actor=request.user,
            organisation=organisation,
            fields={name: form.cleaned_data[name] for name in STEP_FIELDS["basics"]},
            creation_token=form.creation_token_value(),
        )
        messages.success(request, _("The draft is saved."))
        return redirect("cases:submission_step", pk=submission.pk, step=_next_step("basics", request))
    return _render_step(request, None, "basics", form, organisation=organisation)


def _next_step(step: str, request) -> str:
    if "stay" in request.POST:
        return step
    index = STEP_NAMES.index(step)
    return STEP_NAMES[min(index + 1, len(STEP_NAMES) - 1)]


def _render_step(request, submission, step, form, *, organisation=None, formset=None, status=None):
    """The step's page: for a GET, or again with the posted input and why it was not saved (400; a stale
    version's 409 is passed as ``status``)."""
    uploads.files_not_kept(request)
    return render(
        request,
        "cases/submission_form.html",
        {
            "submission": submission,
            "organisation": organisation or submission.organisation,
            "step": step,
            "steps": STEPS,
            "step_title": dict(STEPS)[step],
            "form": form,
            "formset": formset,
            "formsets": [formset] if formset else [],
            "missing": services.missing_by_step(submission) if submission and step == "submit" else [],
            "attachments": submission.attachments.all() if submission and step == "links" else [],
            "is_last": step == STEP_NAMES[-1],
        },
        status=status or form_status(request),
    )


@keeps_input
def submission_step(request, pk, step):
    submission = get_object_or_404(queries.submissions_for(request.user), pk=pk)
    if step not in STEP_NAMES:
        raise Http404
    if not permissions.can_write_cases_for(request.user, submission.organisation):
        raise PermissionDenied
    if not submission.is_editable:
        return _closed(request, submission, step)
    posted = request.method == "POST"  # a GET may show input kept while signed out (portal.keep_input)
    form, formset = _step_forms(step, submission, posted_or_kept(request), request.FILES if posted else None)
    if not posted or not (form.is_valid() and (formset is None or formset.is_valid())):
        return _render_step(request, submission, step, form, formset=formset)
    try:
        _save_step(request.user, submission, step, form, formset)
    except services.SubmissionError as exc:
        return _refused(request, submission, step, form, formset, exc)
    if step == "submit":
        messages.success(request, _("The case is submitted. The alliance will review it."))
        return redirect(submission.get_absolute_url())
    messages.success(request, _("The draft is saved."))
    return redirect("cases:submission_step", pk=submission.pk, step=_next_step(step, request))


def _closed(request, submission, step):
    """The case is with the alliance: back to its page, saying so (a second click of submit, or a
    second tab's, is told the case went with the first)."""
    if step == "submit" and request.method == "POST" and submission.status in AWAITING_STAFF:
        messages.info(request, _("This case is already submitted; the alliance will review it."))
    else:
        messages.info(request, _("This case is with the alliance for review and cannot be edited now."))
    return redirect(submission.get_absolute_url())


def _refused(request, submission, step, form, formset, exc):
    """The step's service refused: its message on the form; a conflict (409) keeps the input, based on
    the newer save (its version, and its basis for a step form), so saving again replaces it."""
    form.add_error(exc.field if exc.field in form.fields else None, str(exc))
    if not isinstance(exc, services.SubmissionConflict):
        return _render_step(request, submission, step, form, formset=formset)
    form.rebase(exc.latest_version, exc.latest_basis)
    return _render_step(request, submission, step, form, formset=formset, status=409)


def _save_step(actor, submission, step: str, form, formset) -> None:
    """The step's service: the last step submits, the others save the draft."""
    version = form.cleaned_data["version"]
    if step == "submit":
        consent = form.cleaned_data["consent_confirmed"]
        services.submit(actor=actor, submission=submission, version=version, consent_confirmed=consent)
    else:
        basis = form.cleaned_data["basis"] or None
        services.save_draft(
            actor=actor, submission=submission, version=version, basis=basis, **_step_data(step, form, formset)
        )


def _step_forms(step, submission, data, files):
    initial = {"version": submission.version}
    formset = None
    if step == "submit":
        form = STEP_FORMS[step](data, initial={**initial, "consent_confirmed": submission.consent_confirmed})
        return form, formset
    initial["basis"] = services.step_basis(submission, step)
    if step == "outcomes":
        form = StepForm(data, initial=initial)
        formset = OutcomeFormSet(data, initial=outcome_initial(submission) or None, prefix="outcomes")
    else:
        form = STEP_FORMS[step](data, files, instance=submission, initial=initial)
    return form, formset


def _step_data(step, form, formset) -> dict:
    if step == "outcomes":
        return {"outcomes": outcome_rows(formset)}
    data = {"fields": {name: form.cleaned_data[name] for name in STEP_FIELDS[step]}}
    if step == "links":
        data["institutions"] = form.cleaned_data["institutions"]
        data["products"] = form.cleaned_data["products"]
        if form.cleaned_data.get("attachment"):
            data["attachments"] = [form.cleaned_data["attachment"]]
    return data


@require_POST
@signed_in_or_401
def submission_autosave(request, pk, step):
    """Background save of a step's fields by ``case_autosave.js``; JSON in, JSON out, never a 500
    (signed out, a 401 in JSON: see ``portal.autosave``)."""
    submission = get_object_or_404(queries.submissions_for(request.user), pk=pk)
    if step not in ("basics", "clinical", "links") or not submission.is_editable:
        return JsonResponse({"saved": False, "error": _("This step cannot be saved now.")}, status=409)
    form, _formset = _step_forms(step, submission, request.POST, None)
    if not form.is_valid():
        return JsonResponse({"saved": False, "errors": form.errors.get_json_data()}, status=400)
    data = _step_data(step, form, None)
    data.pop("attachments", None)
    try:
        submission = services.save_draft(
            actor=request.user,
            submission=submission,
            version=form.cleaned_data["version"],
            basis=form.cleaned_data["basis"] or None,
            **data,
        )
    except services.SubmissionError as exc:
        return JsonResponse({"saved": False, "error": str(exc)}, status=409)
    submission.refresh_from_db()  # the basis of the values as stored
    return JsonResponse({"saved": True, "version": submission.version, "basis": services.step_basis(submission, step)})


@login_required
def submission_detail(request, pk):
    submission = get_object_or_404(
        queries.submissions_visible_to(request.user).prefetch_related(
            "outcomes", "institutions", "products", "attachments"
        ),
        pk=pk,
    )
    return render(
        request,
        "cases/submission_detail.html",
        {
            "submission": submission,
            "status_badge": STATUS_BADGE[submission.status],
            "can_edit": submission.is_editable
            and permissions.can_write_cases_for(request.user, submission.organisation),
            "can_take_back": submission.status in AWAITING_STAFF
            and permissions.can_write_cases_for(request.user, submission.organisation),
            "steps": STEPS,
        },
    )


@require_POST
@login_required
def submission_take_back(request, pk):
    """Take a case submitted by mistake back to edit, while the alliance has not decided on it."""
    submission = get_object_or_404(queries.submissions_for(request.user), pk=pk)
    take_action(
        request,
        lambda: services.take_back(actor=request.user, submission=submission),
        done=_("The case is taken back: edit it, then submit it again."),
        refused=services.SubmissionError,
    )
    return redirect(submission.get_absolute_url())


@require_POST
@login_required
def attachment_remove(request, pk, attachment_pk):
    """Take a file off the case from its links step (where files are attached), while it may be edited."""
    submission = get_object_or_404(queries.submissions_for(request.user), pk=pk)
    attachment = get_object_or_404(submission.attachments, pk=attachment_pk)
    take_action(
        request,
        lambda: services.remove_attachment(actor=request.user, attachment=attachment),
        done=_("%(name)s is removed from the case.") % {"name": attachment.name},
        refused=services.SubmissionError,
    )
    if not submission.is_editable:  # refused: the case page says why, the step would say it again
        return redirect(submission.get_absolute_url())
    return redirect("cases:submission_step", pk=submission.pk, step="links")


@login_required
def attachment_download(request, pk, attachment_pk):
    submission = get_object_or_404(queries.submissions_visible_to(request.user), pk=pk)
    attachment = get_object_or_404(submission.attachments, pk=attachment_pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.download_name)
