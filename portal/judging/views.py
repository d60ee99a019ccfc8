"""The judge's pages: my assignments (every panel), the scorecard, recusal, expertise and conflicts.

Thin views: assignments are looked up through ``queries.assignment_for_judge`` (the judge's own
active assignments: anyone else's is a 404), the services decide, the templates show.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.judging import permissions, queries, scorecards, services
from portal.judging.errors import JudgingError, ScorecardUnavailable, StaleScorecard
from portal.judging.forms import ConflictForm, ExpertiseForm, RecusalForm, ScorecardForm
from portal.judging.models import JudgeProfile, Scorecard
from portal.keep_input import keeps_input, posted_or_kept
from portal.review.errors import form_status, take_posted


@login_required
def dashboard(request):
    context = {"panels": queries.judge_assignments(request.user), "is_judge": permissions.is_judge(request.user)}
    return render(request, "judging/dashboard.html", context)


def _scorecard_form(data, assignment, scorecard, locked):
    # A POST (or what was posted once the session had ended: ``portal.keep_input``) is bound as it was
    # typed, never disabled: refused, or refused now, it is shown again with nothing lost.
    criteria = assignment.item.panel.rubric.criteria.all()
    if data is not None:
        return ScorecardForm(data, criteria=criteria, scorecard=scorecard)
    return ScorecardForm(None, criteria=criteria, scorecard=scorecard, locked=locked)


def _save(request, assignment, form):
    """Save the draft, or submit; the message says which (a second submit changes nothing)."""
    if "submit" not in request.POST:
        services.save_scorecard(judge=request.user, assignment=assignment, **form.payload())
        return _("Draft saved.")
    done = services.submit_scorecard(judge=request.user, assignment=assignment, **form.payload())
    return _("This scorecard was already submitted.") if done.already else _("Scorecard submitted.")


def _refused(form, refusal) -> int:
    """The refusal on the form, which keeps what was typed; the page's status: 409 when the scorecard
    takes no save now (its window, its lock, a newer save elsewhere), 400 when what was typed is refused."""
    form.add_service_error(refusal)
    if isinstance(refusal, StaleScorecard):
        form.rebase(refusal.latest_version)
    return 409 if isinstance(refusal, ScorecardUnavailable) else 400


def _post(request, assignment, form, card, locked):
    """A posted scorecard: the redirect after it was taken, else ``None`` and the status of the page
    that shows it again (a closed window or a lock refuses it even when what was typed is invalid)."""
    refusal = scorecards.refusal(assignment.item.panel, card) if locked and not form.is_valid() else None
    if form.is_valid() and refusal is None:
        try:
            messages.success(request, _save(request, assignment, form))
        except JudgingError as exc:
            refusal = exc
        else:
            return redirect("judging:scorecard", assignment_id=assignment.pk), 302
    return None, _refused(form, refusal) if refusal is not None else 400


@keeps_input
def scorecard(request, assignment_id):
    assignment = get_object_or_404(queries.assignment_for_judge(request.user), pk=assignment_id)
    context = queries.scorecard_page(request.user, assignment)
    card = Scorecard.objects.filter(assignment=assignment).prefetch_related("scores").first()
    locked = bool(card and card.is_submitted) or not context["is_open"]
    form = _scorecard_form(posted_or_kept(request), assignment, card, locked)
    status = 200
    if request.method == "POST":
        answer, status = _post(request, assignment, form, card, locked)
        if answer is not None:
            return answer
        context["not_saved"] = locked
    elif locked and form.is_bound:  # kept while signed out, and the scorecard takes no save now: say why
        context["not_saved"] = True
        if (refusal := scorecards.refusal(assignment.item.panel, card)) is not None:
            form.add_service_error(refusal)
    if locked and form.is_bound:
        form.show_read_only()
    context |= {"form": form, "scorecard": card}
    return render(request, "judging/scorecard.html", context, status=status)


@keeps_input
def recuse(request, assignment_id):
    assignment = get_object_or_404(queries.assignment_for_judge(request.user), pk=assignment_id)
    form = RecusalForm(posted_or_kept(request))
    recused = take_posted(
        request,
        form,
        lambda form: services.recuse(judge=request.user, assignment=assignment, reason=form.cleaned_data["reason"]),
        refused=JudgingError,
        done=_("You have recused yourself. Staff will find another judge."),
        success_url="judging:dashboard",
    )
    if recused:
        return recused
    context = queries.scorecard_page(request.user, assignment) | {"form": form}
    return render(request, "judging/recuse.html", context, status=form_status(request))


def _judge_or_404(user):
    if not permissions.is_judge(user):
        raise Http404


def _expertise_form(user, data=None):
    """The judge's expertise form, filled with what they saved (also under a refused declaration)."""
    current = JudgeProfile.objects.filter(user=user).first()
    initial = {"expertise": ", ".join(current.expertise), "public_bio": current.public_bio} if current else {}
    return ExpertiseForm(data, initial=initial)


@keeps_input
def profile(request):
    _judge_or_404(request.user)
    form = _expertise_form(request.user, posted_or_kept(request))
    saved = take_posted(
        request,
        form,
        lambda form: services.update_judge_profile(user=request.user, **form.cleaned_data),
        refused=JudgingError,
        done=_("Your expertise is saved."),
        success_url="judging:profile",
    )
    if saved:
        return saved
    # The declaration posts to its own URL: what was sent signed out comes back here (``keeps_input(shown_on=)``).
    conflict_form = ConflictForm(posted_or_kept(request, sent_to=reverse("judging:declare_conflict")))
    context = {"form": form, "conflict_form": conflict_form, "declarations": queries.declarations(request.user)}
    return render(request, "judging/profile.html", context, status=form_status(request))


@require_POST  # first: a GET is a 405 whoever asks (the attributes of ``keeps_input`` are carried over)
@keeps_input(shown_on="judging:profile")
def declare_conflict(request):
    _judge_or_404(request.user)
    form = ConflictForm(request.POST)
    if form.is_valid():
        services.declare_conflict(actor=request.user, judge=request.user, **form.cleaned_data)
        messages.success(request, _("Your conflict of interest is recorded."))
        return redirect("judging:profile")
    context = {
        "form": _expertise_form(request.user),
        "conflict_form": form,
        "declarations": queries.declarations(request.user),
    }
    return render(request, "judging/profile.html", context, status=400)
