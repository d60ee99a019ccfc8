"""Meeting pages on the member dashboard: the list, a new request, a request (both sides), its answers
and its calendar file. Thin: parse, call a query or a service, render."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from incubator import boxes
from incubator.meetings import calendar, permissions, queries, services, timing
from incubator.meetings.forms import AcceptForm, DeclineForm, MeetingRequestForm
from incubator.profiles.queries import public_profile_of
from incubator.vocabulary import MeetingStatus
from portal.keep_input import keeps_input, posted_or_kept
from portal.review.errors import form_status, take_posted


@login_required
@require_safe
def meeting_list(request):
    box, status = boxes.choose(request, queries.BOXES, default=queries.RECEIVED, statuses=MeetingStatus.values)
    rows = queries.mailbox(request.user, box=box, status=status)
    counts = queries.mailbox_counts(request.user)
    context = boxes.list_context(request, rows, box=box, status=status, counts=counts, choices=MeetingStatus.choices)
    return render(request, "incubator/meetings/meeting_list.html", context)


@keeps_input
def meeting_new(request, slug):
    recipient = get_object_or_404(queries.recipients(), slug=slug)
    senders = queries.senders_for(request.user, recipient)
    if not senders:
        return render(request, "incubator/meetings/meeting_not_allowed.html", {"recipient": recipient}, status=403)
    form = MeetingRequestForm(posted_or_kept(request), senders=senders)
    sent = take_posted(
        request,
        form,
        lambda form: services.send_request(actor=request.user, recipient=recipient, **form.request_fields()),
        refused=services.MeetingError,
        done=lambda meeting: _sent_message(recipient, meeting),
        success_url=lambda meeting: reverse("incubator:meeting_detail", kwargs={"meeting_id": meeting.pk}),
    )
    if sent:
        return sent
    context = _new_context(form, recipient, senders)
    return render(request, "incubator/meetings/meeting_new.html", context, status=form_status(request))


def _sent_message(recipient, meeting) -> str:
    # The name may end with a full stop ("Co., Ltd."): the sentence goes on after it.
    return _("Your request is sent to %(recipient)s and awaits an answer until %(time)s.") % {
        "recipient": recipient.name,
        "time": timing.display(meeting.expires_at),
    }


def _new_context(form, recipient, senders) -> dict:
    waiting = queries.waiting_between(senders, recipient)
    return {
        "form": form,
        "recipient": recipient,
        # "Cancel" goes back to the profile the request was asked from (the organisation's page without one).
        "back_url": (public_profile_of(recipient) or recipient).get_absolute_url(),
        "expiry_days": services.expiry_days(),
        "waiting": waiting,
        # Each of the member's organisations has a request with the recipient awaiting an answer: the
        # service would refuse whatever is written (a refused form is shown again, with what was typed).
        "all_waiting": not form.is_bound and len(queries.blocked_senders(waiting, recipient)) >= len(senders),
    }


def _detail(request, meeting, *, accept_form=None, decline_form=None, error=None, status=200):
    user = request.user
    pending = meeting.status == MeetingStatus.PENDING
    can_answer = pending and permissions.can_answer(user, meeting)
    context = {
        "meeting": meeting,
        "slots": [(slot, timing.display(slot.starts_at)) for slot in meeting.slots.all()],
        "chosen": timing.display(meeting.chosen_slot.starts_at) if meeting.chosen_slot_id else "",
        "expires": timing.display(meeting.expires_at),
        "received": permissions.can_answer(user, meeting),
        "can_answer": can_answer,
        "can_withdraw": pending and permissions.can_withdraw(user, meeting),
        "accept_form": accept_form or (AcceptForm(meeting=meeting) if can_answer else None),
        "decline_form": decline_form or (DeclineForm() if can_answer else None),
        "error": error,
    }
    return render(request, "incubator/meetings/meeting_detail.html", context, status=status)


@keeps_input
@require_safe
def meeting_detail(request, meeting_id):
    meeting = get_object_or_404(queries.meeting_detail(request.user), pk=meeting_id)
    return _detail(request, meeting, **_kept_answers(request, meeting))


def _kept_answers(request, meeting) -> dict:
    """An answer sent after the member's session ended (``keeps_input(shown_on=)``), back in its form, unsent."""
    if meeting.status != MeetingStatus.PENDING or not permissions.can_answer(request.user, meeting):
        return {}
    answers = {}
    for form_name, url_name, form_class in (
        ("accept_form", "incubator:meeting_accept", partial(AcceptForm, meeting=meeting)),
        ("decline_form", "incubator:meeting_decline", DeclineForm),
    ):
        kept = posted_or_kept(request, sent_to=reverse(url_name, kwargs={"meeting_id": meeting.pk}))
        if kept is not None:
            answers[form_name] = form_class(kept)
    return answers


def _refused(request, meeting, exc, **forms):
    """A refused answer: the page again with the reason (400); an answer that came too late: the page as it is now."""
    if isinstance(exc, services.AlreadyAnswered):
        messages.error(request, str(exc))
        return redirect("incubator:meeting_detail", meeting_id=meeting.pk)
    return _detail(request, meeting, status=400, **forms)


def _meeting_for(request, meeting_id, may):
    """The request ``meeting_id`` as the user sees it, once ``may(user, meeting)`` holds (a 403 otherwise)."""
    meeting = get_object_or_404(queries.meeting_detail(request.user), pk=meeting_id)
    permissions.require(may(request.user, meeting))
    return meeting


def _answer(request, meeting, form, *, form_name: str, call, level: int, done: str):
    """An answer from ``form`` (under ``form_name`` on the page): ``call(cleaned_data)``, then the
    request's page with ``done``; an invalid form or a refusal, the page again with the form. A request
    that no longer awaits an answer has no answer forms to show again: the reason why, instead."""
    try:
        services.check_awaiting(meeting)
    except services.AlreadyAnswered as exc:
        return _refused(request, meeting, exc)
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except services.MeetingError as exc:
            form.add_service_error(exc)
            return _refused(request, meeting, exc, **{form_name: form})
        messages.add_message(request, level, done)
        return redirect("incubator:meeting_detail", meeting_id=meeting.pk)
    return _detail(request, meeting, status=400, **{form_name: form})


@keeps_input(shown_on="incubator:meeting_detail")
@require_POST
def meeting_accept(request, meeting_id):
    meeting = _meeting_for(request, meeting_id, permissions.can_answer)
    return _answer(
        request,
        meeting,
        AcceptForm(request.POST, meeting=meeting),
        form_name="accept_form",
        call=lambda data: services.accept(actor=request.user, request=meeting, slot=data["slot"]),
        level=messages.SUCCESS,
        done=_("The meeting is accepted. %(sender)s is told.") % {"sender": meeting.sender.name},
    )


@keeps_input(shown_on="incubator:meeting_detail")
@require_POST
def meeting_decline(request, meeting_id):
    meeting = _meeting_for(request, meeting_id, permissions.can_answer)
    return _answer(
        request,
        meeting,
        DeclineForm(request.POST),
        form_name="decline_form",
        call=lambda data: services.decline(actor=request.user, request=meeting, reason=data["reason"]),
        level=messages.INFO,
        done=_("The request is declined. %(sender)s is told why.") % {"sender": meeting.sender.name},
    )


@login_required
@require_POST
def meeting_cancel(request, meeting_id):
    meeting = _meeting_for(request, meeting_id, permissions.can_withdraw)
    try:
        services.cancel(actor=request.user, request=meeting)
    except services.MeetingError as exc:
        return _refused(request, meeting, exc, error=str(exc))
    messages.info(request, _("The request is withdrawn."))
    return redirect("incubator:meeting_detail", meeting_id=meeting.pk)


@login_required
@require_safe
def meeting_ics(request, meeting_id):
    meeting = get_object_or_404(
        queries.meeting_detail(request.user).filter(status=MeetingStatus.ACCEPTED, chosen_slot__isnull=False),
        pk=meeting_id,
    )
    response = HttpResponse(calendar.meeting_calendar(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{calendar.filename(meeting)}"'
    response["Cache-Control"] = "private, no-store"
    return response
