"""The judge's pages: my assignments (every panel), the scorecard, recusal, expertise and conflicts.

Thin views: assignments are looked up through ``queries.assignment_for_judge`` (the judge's own
active assignments: anyone else's is a 404), the services decide, the templates show.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.judging import permissions, queries, services
from portal.judging.errors import JudgingError
from portal.judging.forms import ConflictForm, ExpertiseForm, RecusalForm, ScorecardForm
from portal.judging.models import JudgeProfile, Scorecard
from portal.review.errors import form_status, take_posted


@login_required
def dashboard(request):
    context = {"panels": queries.judge_assignments(request.user), "is_judge": permissions.is_judge(request.user)}
    return render(request, "judging/dashboard.html", context)


def _scorecard_form(request, assignment, scorecard, is_open):
    locked = bool(scorecard and scorecard.is_submitted) or not is_open
    data = request.POST if request.method == "POST" else None
    return ScorecardForm(data, criteria=assignment.item.panel.rubric.criteria.all(), scorecard=scorecard, locked=locked)


def _save(request, assignment, form):
    """Save the draft, or submit; the message says which (a second submit changes nothing)."""
    if "submit" not in request.POST:
        services.save_scorecard(judge=request.user, assignment=assignment, **form.payload())
        return _("Draft saved.")
    done = services.submit_scorecard(judge=request.user, assignment=assignment, **form.payload())
    return _("This scorecard was already submitted.") if done.already else _("Scorecard submitted.")


@login_required
def scorecard(request, assignment_id):
    assignment = get_object_or_404(queries.assignment_for_judge(request.user), pk=assignment_id)
    context = queries.scorecard_page(request.user, assignment)
    card = Scorecard.objects.filter(assignment=assignment).prefetch_related("scores").first()
    form = _scorecard_form(request, assignment, card, context["is_open"])
    status = form_status(request)
    if request.method == "POST" and form.is_valid():
        try:
            messages.success(request, _save(request, assignment, form))
        except JudgingError as exc:
            form.add_service_error(exc)
            current = Scorecard.objects.filter(assignment=assignment).values_list("version", flat=True).first()
            form.keep_input_at_version(current or 0)
            status = 409
        else:
            return redirect("judging:scorecard", assignment_id=assignment.pk)
    context |= {"form": form, "scorecard": card}
    return render(request, "judging/scorecard.html", context, status=status)


@login_required
def recuse(request, assignment_id):
    assignment = get_object_or_404(queries.assignment_for_judge(request.user), pk=assignment_id)
    form = RecusalForm(request.POST or None)
    recused = take_posted(
        request,
        form,
        lambda form: services.recuse(judge=request.user, assignment=assignment, reason=form.cleaned_data["reason"]),
        refused=JudgingError,
        done=_("You have recused yourself. Staff will find another judge."),
        success_url="judging:dashboard",
    )
    return recused or render(
        request, "judging/recuse.html", queries.scorecard_page(request.user, assignment) | {"form": form}
    )


def _judge_or_404(user):
    if not permissions.is_judge(user):
        raise Http404


def _expertise_form(user, data=None):
    """The judge's expertise form, filled with what they saved (also under a refused declaration)."""
    current = JudgeProfile.objects.filter(user=user).first()
    initial = {"expertise": ", ".join(current.expertise), "public_bio": current.public_bio} if current else {}
    return ExpertiseForm(data, initial=initial)


@login_required
def profile(request):
    _judge_or_404(request.user)
    form = _expertise_form(request.user, request.POST or None)
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
    context = {"form": form, "conflict_form": ConflictForm(), "declarations": queries.declarations(request.user)}
    return render(request, "judging/profile.html", context)


@require_POST
@login_required
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
