"""Members' competition pages: my teams and entries, an entry's form, submit, withdraw, attachments.

Views are thin: look objects up through querysets limited to what the user may reach
(``competition.queries``: another team's entry is a 404, drafts included), call a service,
render. The public call is a Wagtail page (``CompetitionPage``); the team pages are in
``competition.teams.views``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from competition import deadlines, permissions, queries, services
from competition.forms import EntryForm, NewEntryForm
from competition.teams import services as team_services
from competition.vocabulary import EntryStatus
from portal.autosave import signed_in_or_401
from portal.badges import with_badges
from portal.db import by_name
from portal.keep_input import keeps_input, posted_or_kept
from portal.review.errors import form_status, take_action, take_posted

STATUS_BADGE = {
    EntryStatus.DRAFT: "badge-info",
    EntryStatus.SUBMITTED: "badge-warning",
    EntryStatus.WITHDRAWN: "badge-danger",
    EntryStatus.ELIGIBLE: "badge-success",
    EntryStatus.INELIGIBLE: "badge-danger",
    EntryStatus.ADVANCED: "badge-success",
    EntryStatus.AWARDED: "badge-success",
}


def deadline_context(entry) -> dict:
    deadline = entry.deadline
    return {
        "deadline": deadlines.display(deadline),
        "deadline_iso": deadlines.iso_utc(deadline),
        "deadline_passed": deadlines.has_passed(deadline),
        "status_badge": STATUS_BADGE[entry.shown_status],
    }


@require_safe
@login_required
def my_competition(request):
    entries = with_badges(
        queries.with_deadline(queries.entries_for(request.user)).order_by("-updated_at", "-pk"),
        STATUS_BADGE,
        field="shown_status",
    )
    teams = list(queries.teams_for(request.user).order_by("-competition__year", by_name("name"), "pk"))
    # A member of a team of a competition may create no other team in it (one team per person).
    entered = {team.competition_id for team in teams}
    context = {
        "teams": teams,
        "invitations": queries.invitations_waiting_for(request.user),
        "entries": entries,
        "competitions": [
            competition
            for competition in team_services.open_for_registration(queries.open_competitions())
            if competition.pk not in entered
        ],
    }
    return render(request, "competition/my_competition.html", context)


@login_required
def entry_create(request, team_pk):
    """The new entry's form; after the submission deadline, the sentence saying when new entries closed instead."""
    team = get_object_or_404(queries.teams_for(request.user).prefetch_related("competition__stages"), pk=team_pk)
    form = NewEntryForm(request.POST or None, team=team)
    # A POST goes to the service even after the deadline: it refuses it (with the sentence shown
    # below), and a form sent twice across the deadline still finds the draft it made.
    return take_posted(
        request,
        form,
        lambda form: services.create_entry(
            actor=request.user,
            team=team,
            track=form.cleaned_data["track"],
            title=form.cleaned_data["title"],
            creation_token=form.creation_token_value(),
        ),
        refused=services.EntryError,
        done=_("The draft is saved."),
        success_url=lambda entry: reverse("competition:entry_edit", kwargs={"pk": entry.pk}),
    ) or render(
        request,
        "competition/entry_create.html",
        {"team": team, "form": form, "closed": services.new_entries_closed(team.competition)},
        status=form_status(request),
    )


@require_safe
@login_required
def entry_detail(request, pk):
    entry = get_object_or_404(
        queries.with_deadline(queries.entries_visible_to(request.user)).prefetch_related(
            "attachments", "track__fields"
        ),
        pk=pk,
    )
    context = {"entry": entry, "answers": answer_rows(entry), **deadline_context(entry)}
    context["can_edit"] = entry.team_may_edit and not context["deadline_passed"] and is_member(request.user, entry)
    return render(request, "competition/entry_detail.html", context)


def is_member(user, entry) -> bool:
    return queries.entries_for(user).filter(pk=entry.pk).exists()


def answer_rows(entry) -> list[tuple]:
    """(question, answer or attachment) in the track's order, for the read-only page."""
    attachments = {a.pk: a for a in entry.attachments.all()}
    rows = []
    for question in entry.track.fields.all():
        value = entry.answers.get(question.key, "")
        rows.append((question, attachments.get(value) if question.kind == "file" else question.shown(value)))
    return rows


@keeps_input
def entry_edit(request, pk):
    entry = get_object_or_404(queries.with_deadline(queries.entries_for(request.user)), pk=pk)
    closed = not entry.team_may_edit or deadlines.has_passed(entry.deadline)
    if closed and request.method != "POST":
        messages.info(request, _("This entry is read-only now."))
        return redirect(entry.get_absolute_url())
    form = EntryForm(posted_or_kept(request), request.FILES or None, entry=entry)
    if closed:
        return typed_after_closing(request, entry, form)
    status = form_status(request)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.save_entry(
                actor=request.user, entry=entry, version=form.cleaned_data["version"], **form.changes()
            )
        except services.EntryError as exc:
            form.add_service_error(exc)
            if isinstance(exc, services.EntryConflict):
                form.rebase(exc.latest_version)
                status = 409
        else:
            return saved(request, entry)
    context = {"entry": entry, "form": form, "missing": services.missing_for_submit(entry), **deadline_context(entry)}
    return render(request, "competition/entry_form.html", context, status=status)


def typed_after_closing(request, entry, form):
    """The form sent from a page left open past the deadline (or once the entry was screened): nothing is
    saved, and what the team typed comes back to be copied, with why and without a button to save it."""
    form.is_valid()
    try:
        services.check_team_may_edit(request.user, entry)
    except services.EntryError as exc:
        form.add_service_error(exc)
    form.add_error(None, _("Nothing was saved. What you typed is kept below."))
    context = {"entry": entry, "form": form, "closed": True, **deadline_context(entry)}
    return render(request, "competition/entry_form.html", context, status=409)


def saved(request, entry):
    """After the form's save: "Submit the entry" (the form's second button) submits what was just saved,
    so nothing typed since the last save is left behind; a refused submit keeps the save."""
    if "submit_entry" not in request.POST:
        messages.success(request, _("The entry is saved."))
        return redirect("competition:entry_edit", pk=entry.pk)
    if take_action(
        request,
        lambda: services.submit_entry(actor=request.user, entry=entry, version=entry.version),
        refused=services.EntryError,
        done=_("The entry is submitted. You can still change it until the deadline."),
    ):
        return redirect(entry.get_absolute_url())
    messages.info(request, _("Your changes are saved; the entry is not submitted yet."))
    return redirect("competition:entry_edit", pk=entry.pk)


@require_POST
@signed_in_or_401
def entry_autosave(request, pk):
    """Background save by ``entry_autosave.js``: JSON in, JSON out; files are left to the form
    (signed out, a 401 in JSON: see ``portal.autosave``)."""
    entry = get_object_or_404(queries.with_deadline(queries.entries_for(request.user)), pk=pk)
    form = EntryForm(request.POST, entry=entry)
    if not form.is_valid():
        return JsonResponse({"saved": False, "errors": form.errors.get_json_data()}, status=400)
    changes = form.changes()
    changes["attachments"] = ()
    try:
        entry = services.save_entry(actor=request.user, entry=entry, version=form.cleaned_data["version"], **changes)
    except services.EntryError as exc:
        return JsonResponse({"saved": False, "error": str(exc)}, status=409)
    return JsonResponse({"saved": True, "version": entry.version})


@require_POST
@login_required
def entry_withdraw(request, pk):
    entry = get_object_or_404(queries.with_deadline(queries.entries_for(request.user)), pk=pk)
    take_action(
        request,
        lambda: services.withdraw_entry(actor=request.user, entry=entry),
        refused=services.EntryError,
        done=_("The entry is withdrawn."),
    )
    return redirect(entry.get_absolute_url())


@require_safe
@login_required
def attachment_download(request, pk, attachment_pk):
    """An entry's file, from the private storage: for its team, staff and its judges (others 404)."""
    entry = get_object_or_404(queries.entries_with_files_for(request.user), pk=pk)
    attachment = get_object_or_404(entry.attachments, pk=attachment_pk)
    filename = attachment.download_name
    if permissions.judges_blind(request.user, entry):
        filename = neutral_filename(attachment, filename)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=filename)


def neutral_filename(attachment, uploaded: str) -> str:
    """A name saying nothing of who uploaded it (blind rounds): the entry's number and the file's kind."""
    stem, dot, extension = uploaded.rpartition(".")
    suffix = f".{extension.lower()}" if dot and stem and extension.isalnum() else ""
    return f"entry-{attachment.entry_id}-{attachment.kind}-{attachment.pk}{suffix}"
