"""Member and public pages of the algorithm track: thin (parse, call a query or service, render).

* ``task_detail``: the task, its data files (for teams of the competition), the public leaderboard,
  and the private one once results are published. Public.
* ``task_file``: a data file, from the private storage, for teams of the competition and staff.
* ``team_task``: a team's page for the task: upload, submissions left today (both only while the
  task takes submissions; else why not, naming the deadline), its submissions with status and
  public scores (a chart and its table), the choice of final submissions.
* ``submission_detail``: one of the team's submissions (another team's is a 404).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from competition import deadlines, permissions
from competition import queries as competition_queries
from competition.algorithm import queries, scoring, services
from competition.algorithm.forms import FinalsForm, PredictionsForm
from competition.algorithm.vocabulary import METRIC_COLUMNS, Metric, SubmissionStatus
from portal import public_cache
from portal.keep_input import keeps_input, posted_or_kept
from portal.review.errors import form_status, take_posted


def metric_columns():
    return [(name, METRIC_COLUMNS[name]) for name in scoring.METRICS]


def _board(task, kind: str, team_ids) -> dict:
    """A leaderboard's section: the top ``queries.SHOWN`` rows as HTML, rendered once per language until
    the board changes (``queries.cache_tags``), and the visitor's teams' rows (not cached: personal)."""
    standings = queries.cached_public_leaderboard if kind == "public" else queries.cached_private_leaderboard

    def render_top() -> str:
        board = standings(task)
        caption = (
            _("Scores on the public subset of the test trials")
            if kind == "public"
            else _("Scores on the private subset: the final ranking")
        )
        context = {"rows": board[: queries.SHOWN], "total": len(board), "caption": caption}
        return render_to_string(
            "competition/algorithm/_leaderboard.html", context | {"metric_columns": metric_columns()}
        )

    key = f"algorithm:{kind}-html:{task.pk}:{get_language()}"
    return {
        # Rendered from the template with autoescaping (team names are the teams' text): a SafeString,
        # which the cache gives back as one (pickled with its class), so nothing is marked safe here.
        "html": public_cache.remember(key, queries.cache_tags(task), render_top),
        "mine": queries.rows_of_teams(standings(task), team_ids) if team_ids else [],
    }


def task_detail(request, task_pk):
    task = get_object_or_404(queries.tasks(), pk=task_pk)
    published = queries.results_published(task)
    stage = services.submission_stage(task)
    my_teams = list(competition_queries.teams_for(request.user).filter(competition_id=task.track.competition_id))
    team_ids = [team.pk for team in my_teams]
    context = {
        "task": task,
        "call": competition_queries.call_link(request, task.track.competition),
        "stage": stage,
        "deadline": deadlines.display(stage.closes_at) if stage else "—",
        "files": queries.files(task) if permissions.can_download_algorithm_files(request.user, task) else None,
        "public_board": _board(task, "public", team_ids),
        "private_board": _board(task, "private", team_ids) if published else None,
        "published": published,
        "metric_columns": metric_columns(),
        "my_teams": my_teams,
        # Once submissions closed, the teams' links lead to their submissions, no longer to submit.
        "closed": services.submissions_closed(task) if my_teams else "",
    }
    return render(request, "competition/algorithm/task_detail.html", context)


@login_required
def task_file(request, task_pk, file_pk):
    task = get_object_or_404(queries.tasks(), pk=task_pk)
    if not permissions.can_download_algorithm_files(request.user, task):
        raise Http404
    data = get_object_or_404(task.files, pk=file_pk)
    try:
        handle = data.file.open("rb")
    except OSError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=data.file.name.rsplit("/", 1)[-1])


def _team_and_task(request, team_pk, task_pk):
    team = get_object_or_404(competition_queries.teams_for(request.user), pk=team_pk)
    task = get_object_or_404(queries.tasks().filter(track__competition_id=team.competition_id), pk=task_pk)
    return team, task


def _finals_url(team, task) -> str:
    return reverse("competition:algorithm_team_finals", kwargs={"team_pk": team.pk, "task_pk": task.pk})


def _team_context(request, team, task, form, finals_form=None, finals_data=None) -> dict:
    submissions = queries.team_submissions(team, task)
    scored = [s for s in submissions if s.status == SubmissionStatus.SCORED]
    stage = services.submission_stage(task)
    not_entered = services.not_entered(team, task)
    chart = {
        "metric": str(Metric(task.metric).label),
        "labels": [f"#{s.number}" for s in scored],
        "scores": [round(s.public_metrics.get(task.metric, 0.0), 4) for s in scored],
    }
    return {
        "team": team,
        "task": task,
        "form": form,
        "finals_form": finals_form
        or FinalsForm(finals_data, choices=scored, initial={"submissions": [s.pk for s in scored if s.is_final]}),
        "submissions": submissions,
        "left_today": services.left_today(team=team, task=task),
        "deadline": deadlines.display(stage.closes_at) if stage else "—",
        "deadline_passed": stage is None or deadlines.has_passed(stage.closes_at),
        # Not open (yet, or any more), or the team has no entry on the track: the reason instead of the
        # upload form and the submissions left.
        "closed": services.submissions_closed(task) or not_entered,
        "needs_entry": bool(not_entered),
        "metric_label": Metric(task.metric).label,
        "metric_column": METRIC_COLUMNS[task.metric],  # the leaderboard's header of the same scores
        "chart": chart,
    }


@keeps_input
def team_task(request, team_pk, task_pk):
    team, task = _team_and_task(request, team_pk, task_pk)
    # Sent once the session had ended (``portal.keep_input``): the upload has no text to keep, its file is
    # chosen again (the kit's message says so); the choice of final submissions comes back as it was sent.
    form = PredictionsForm(posted_or_kept(request), request.FILES or None)
    finals_data = posted_or_kept(request, sent_to=_finals_url(team, task))
    submitted = take_posted(
        request,
        form,
        lambda form: services.submit_predictions(
            actor=request.user,
            team=team,
            task=task,
            upload=form.cleaned_data["file"],
            creation_token=form.creation_token_value(),
        ),
        refused=services.AlgorithmError,
        done=lambda submission: (
            _("Submission #%(id)s received; it is being scored.") % {"id": queries.number_of(submission)}
        ),
        success_url=reverse("competition:algorithm_team_task", kwargs={"team_pk": team.pk, "task_pk": task.pk}),
    )
    if submitted:
        return submitted
    status = form_status(request)
    context = _team_context(request, team, task, form, finals_data=finals_data)
    return render(request, "competition/algorithm/team_task.html", context, status=status)


@keeps_input(shown_on="competition:algorithm_team_task")
@require_POST
def team_finals(request, team_pk, task_pk):
    team, task = _team_and_task(request, team_pk, task_pk)
    scored = [s for s in queries.team_submissions(team, task) if s.status == SubmissionStatus.SCORED]
    finals_form = FinalsForm(request.POST, choices=scored)
    return take_posted(
        request,
        finals_form,
        lambda form: services.choose_finals(
            actor=request.user, team=team, task=task, submission_ids=form.cleaned_data["submissions"]
        ),
        refused=services.AlgorithmError,
        done=_("Your final submissions are saved."),
        success_url=reverse("competition:algorithm_team_task", kwargs={"team_pk": team.pk, "task_pk": task.pk}),
    ) or render(
        request,
        "competition/algorithm/team_task.html",
        _team_context(request, team, task, PredictionsForm(), finals_form),
        status=400,
    )


@login_required
@require_GET
def submission_detail(request, pk):
    submission = get_object_or_404(queries.submissions_for(request.user), pk=pk)
    context = {
        "submission": submission,
        "task": submission.task,
        "published": queries.results_published(submission.task),
        "metric_columns": metric_columns(),
    }
    return render(request, "competition/algorithm/submission_detail.html", context)
