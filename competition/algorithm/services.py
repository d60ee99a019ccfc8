"""Writes of the algorithm track: keyword-only, one transaction each, the permission checked inside,
refusals as ``AlgorithmError`` with a translated message, every change in the audit trail.

* ``submit_predictions``: only by a team with an entry in the competition on the task's track
  (``not_entered``); the file is validated first (an invalid one is refused and never counts);
  then the team's row is locked and today's submissions (the day in Asia/Shanghai; failed scoring
  runs not counted) are counted against the task's daily limit, so two uploads at once cannot both
  take the last place; the submission is stored (private storage) and scored after the commit
  (outbox effect ``competition.algorithm_score``).
* ``run_scoring``: the scorer (``scoring``, pure) on the hidden labels; status scored or failed,
  with a time limit.
* ``rescore`` (staff), ``choose_finals`` (the team, up to the task's M, until the deadline),
  ``record_task_change`` (staff's edits of the limits and the leaderboard rule, before/after).
"""

from __future__ import annotations

import hashlib
import json
import time
from datetime import timedelta
from decimal import Decimal

import numpy as np
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from competition import deadlines, permissions
from competition.algorithm import audit, parsing, queries, scoring
from competition.algorithm.vocabulary import COUNTED, SubmissionStatus
from competition.models import AlgorithmTask, Submission, Team
from competition.models.algorithm import SCORING_FIELDS, predictions_max_bytes
from competition.vocabulary import StageKind
from portal import idempotency, outbox
from portal.review.errors import ServiceError
from portal.uploads.files import display_name

#: ``competition.algorithm.tasks.score_submission`` (registered from ``competition.tasks``).
SCORE_EFFECT = "competition.algorithm_score"

#: How long the scorer may take on one submission (seconds).
SCORING_TIME_LIMIT = 120
#: What staff changes of a task are logged (before/after).
LOGGED_TASK_FIELDS = ("daily_limit", "max_finals", "metric", *SCORING_FIELDS)


class AlgorithmError(ServiceError):
    """A rule refused the action; ``str(exc)`` is a translated message."""


class InvalidPredictions(AlgorithmError):
    """The prediction file is not valid (it is not stored and does not count).

    ``str()`` is the parser's reason in the active language, whenever it is asked: the scorer
    (a worker, no reader) stores it in each language (``_failure_reasons``).
    """

    def __init__(self, error: ValidationError):
        super().__init__(error, field="file")

    def __str__(self) -> str:
        return self.message.messages[0]


class LimitReached(AlgorithmError):
    """The team has used today's submissions."""


class SubmissionClosed(AlgorithmError):
    """The task's stage is not open."""


class NotEntered(AlgorithmError):
    """The team has no entry in the competition on the task's track."""


def submission_stage(task: AlgorithmTask):
    return task.track.competition.stage(StageKind.SUBMISSION)


def day_bounds(now=None):
    """The Asia/Shanghai day containing ``now``: [midnight, next midnight), as aware datetimes."""
    local = deadlines.in_zone(now or timezone.now())
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + timedelta(days=1)


def used_today(*, team: Team, task: AlgorithmTask, now=None) -> int:
    """The team's counted submissions since the start of ``now``'s day (none can be later than now:
    one stored a moment after midnight counts for the day it was stored in, whichever was asked)."""
    start, _end = day_bounds(now)
    return Submission.objects.filter(team=team, task=task, status__in=COUNTED, created_at__gte=start).count()


def left_today(*, team: Team, task: AlgorithmTask, now=None) -> int:
    return max(task.daily_limit - used_today(team=team, task=task, now=now), 0)


def _require_open(task: AlgorithmTask, now) -> None:
    stage = submission_stage(task)
    if stage is None or now < stage.opens_at:
        raise SubmissionClosed(_("Submissions to this task have not opened yet."))
    if deadlines.has_passed(stage.closes_at, now):
        raise SubmissionClosed(
            _("Submissions to this task closed at %(deadline)s.") % {"deadline": deadlines.display(stage.closes_at)}
        )


def submissions_closed(task: AlgorithmTask, now=None) -> str:
    """Why ``task`` takes no submission now (not opened yet, or closed at its deadline in Asia/Shanghai),
    as ``submit_predictions`` would refuse one; "" while it takes them. The pages show it instead of
    the upload form, the submissions left today and the links to submit."""
    try:
        _require_open(task, now or timezone.now())
    except SubmissionClosed as exc:
        return str(exc)
    return ""


def not_entered(team: Team, task: AlgorithmTask) -> str:
    """Why ``team`` takes no part in ``task`` ("" when it does): only a team with an entry in the competition
    on the task's track (``ENTERED``: submitted, neither withdrawn nor found ineligible) uploads predictions
    and is on the leaderboards. A submitted entry can still be changed until the deadline."""
    if queries.has_entered(team, task):
        return ""
    return _(
        "Only teams with a submitted entry on the %(track)s track take part in its task. Submit your team's "
        "entry on this track first (you can still change it until the deadline), then upload predictions."
    ) % {"track": task.track.name}


def validate_predictions(*, task: AlgorithmTask, upload, deadline: float | None = None):
    """The predictions as an array aligned with the hidden labels' trials; ``InvalidPredictions`` if not valid."""
    try:
        return parsing.read_predictions(
            upload,
            trial_ids=task.answer_key.get("ids", []),
            n_classes=task.n_classes,
            max_bytes=predictions_max_bytes(),
            deadline=deadline,
        )
    except ValidationError as exc:
        raise InvalidPredictions(exc) from None


@transaction.atomic
def submit_predictions(*, actor, team: Team, task: AlgorithmTask, upload, creation_token=None) -> Submission:
    """Validate, count against today's limit, store and queue ``upload`` for scoring.

    ``creation_token`` (``portal.idempotency``): the same upload form sent twice (a double click,
    a re-sent request) is one submission, counted once.
    """
    permissions.require_can_submit_predictions(actor, team)
    sent = idempotency.created_with(Submission.objects.filter(team=team), creation_token)
    if sent is not None:
        return sent
    if team.competition_id != task.track.competition_id:
        raise AlgorithmError(_("This team is not in this task's competition."))
    _require_open(task, timezone.now())
    if refusal := not_entered(team, task):
        raise NotEntered(refusal)
    if not task.answer_key:
        raise AlgorithmError(_("This task does not take submissions yet."))
    validate_predictions(task=task, upload=upload)
    # The team's row is the lock: two uploads at once count one after the other, and one begun as
    # the uploader was removed (or the team deleted) is refused. The clock is read under it, after
    # the (slow) validation: the deadline and the day are those of the storing.
    permissions.lock_team_as_member(actor, team)
    sent = idempotency.created_with(Submission.objects.filter(team=team), creation_token)
    if sent is not None:  # the same form's other copy was stored while this one was validated
        return sent
    now = timezone.now()
    _require_open(task, now)
    if used_today(team=team, task=task, now=now) >= task.daily_limit:
        _start, end = day_bounds(now)
        raise LimitReached(
            _("Your team has used today's %(limit)s submissions; the next day starts at %(at)s.")
            % {"limit": task.daily_limit, "at": deadlines.display(end)},
            field="file",
        )
    upload.seek(0)
    submission = Submission(
        team=team,
        task=task,
        submitted_by=actor,
        original_name=display_name(getattr(upload, "name", ""))[:200],
        creation_token=creation_token,
    )
    submission.file.save("predictions.csv", ContentFile(upload.read()), save=False)
    submission.save()
    audit.record(
        actor=actor,
        target=submission,
        action=audit.SUBMITTED,
        before={},
        after={"team": team.pk, "task": task.pk, "status": submission.status},
        competition=team.competition_id,
    )
    outbox.schedule(SCORE_EFFECT, {"submission_id": submission.pk})
    return submission


def _scores(submission: Submission, *, deadline: float) -> dict:
    """The submission's public and private scores (``scoring.score``), its file read again, streaming."""
    task = submission.task
    with submission.file.open("rb") as handle:
        predicted = validate_predictions(task=task, upload=handle, deadline=deadline)
    truth = np.asarray(task.answer_key["labels"], dtype=np.int16)
    public = scoring.split(truth.size, seed=task.split_seed, public_fraction=task.public_fraction)
    return scoring.score(
        truth, predicted, n_classes=task.n_classes, trial_seconds=float(task.trial_seconds), public=public
    )


def _failure_reasons(exc: Exception) -> dict:
    """Why scoring failed, in each language (a worker has no reader: each page shows its reader's)."""
    reasons = {}
    for field, language in (("failure_reason_zh", "zh-hans"), ("failure_reason_en", "en")):
        with translation.override(language):
            if isinstance(exc, parsing.ScoringTimeout):
                reasons[field] = _("Scoring took longer than %(seconds)s seconds.") % {"seconds": SCORING_TIME_LIMIT}
            elif isinstance(exc, InvalidPredictions):
                reasons[field] = str(exc)
            else:
                reasons[field] = _("The file could not be read for scoring.")
    return reasons


def run_scoring(*, submission_id: int) -> Submission | None:
    """Score the submission against the hidden labels (the file read again, streaming); scored or failed."""
    submission = Submission.objects.select_related("task").filter(pk=submission_id).first()
    if submission is None:
        return None
    try:
        result = _scores(submission, deadline=time.monotonic() + SCORING_TIME_LIMIT)
    except (parsing.ScoringTimeout, InvalidPredictions, OSError, KeyError) as exc:
        fields = {"status": SubmissionStatus.FAILED, "public_metrics": {}, "private_metrics": {}}
        fields |= _failure_reasons(exc)
    else:
        fields = {"status": SubmissionStatus.SCORED, "failure_reason_zh": "", "failure_reason_en": ""}
        fields |= {"public_metrics": result["public"], "private_metrics": result["private"]}
    fields["scored_at"] = timezone.now()
    Submission.objects.filter(pk=submission.pk).update(**fields)
    queries.invalidate(task_id=submission.task_id)
    submission.refresh_from_db()
    return submission


@transaction.atomic
def rescore(*, actor, submission: Submission) -> Submission:
    """Staff: score the submission again (the same file and hidden labels give the same numbers)."""
    permissions.require_can_manage_competitions(actor)
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    before = {"status": submission.status, "public": submission.public_metrics}
    Submission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.PENDING)
    queries.invalidate(task_id=submission.task_id)
    submission.status = SubmissionStatus.PENDING
    audit.record(
        actor=actor,
        target=submission,
        action=audit.RESCORED,
        before=before,
        after={"status": submission.status},
        competition=submission.team.competition_id,
    )
    outbox.schedule(SCORE_EFFECT, {"submission_id": submission.pk})
    return submission


@transaction.atomic
def choose_finals(*, actor, team: Team, task: AlgorithmTask, submission_ids: list[int]) -> list[Submission]:
    """Mark exactly ``submission_ids`` (scored, the team's) as the team's final submissions, until the deadline."""
    permissions.require_can_submit_predictions(actor, team)
    stage = submission_stage(task)
    if stage is None or deadlines.has_passed(stage.closes_at):
        raise AlgorithmError(_("Final submissions can no longer be changed: the deadline has passed."))
    permissions.lock_team_as_member(actor, team)
    chosen_ids = sorted(set(submission_ids))
    if len(chosen_ids) > task.max_finals:
        raise AlgorithmError(
            _("Choose at most %(max)s final submissions.") % {"max": task.max_finals}, field="submissions"
        )
    mine = Submission.objects.filter(team=team, task=task)
    chosen = list(mine.filter(pk__in=chosen_ids, status=SubmissionStatus.SCORED))
    if len(chosen) != len(chosen_ids):
        raise AlgorithmError(_("Only your team's scored submissions can be final."), field="submissions")
    before = sorted(mine.filter(is_final=True).values_list("pk", flat=True))
    mine.exclude(pk__in=chosen_ids).filter(is_final=True).update(is_final=False)
    mine.filter(pk__in=chosen_ids).update(is_final=True)
    queries.invalidate(task_id=task.pk)
    if before != chosen_ids:
        audit.record(
            actor=actor,
            target=task,
            action=audit.FINALS_CHOSEN,
            before={"team": team.pk, "finals": before},
            after={"team": team.pk, "finals": chosen_ids},
            competition=team.competition_id,
        )
    return chosen


def task_state(task: AlgorithmTask) -> dict:
    """What ``record_task_change`` compares (decimals as numbers: 0.5 and 0.50 are one value; the hidden
    labels by a digest of the parsed answer key, never the labels themselves)."""
    values = {name: getattr(task, name) for name in LOGGED_TASK_FIELDS}
    state = {name: str(float(v)) if isinstance(v, Decimal) else str(v) for name, v in values.items()}
    key = json.dumps(task.answer_key, sort_keys=True, separators=(",", ":")).encode()
    return state | {"answer_key": hashlib.sha256(key).hexdigest()[:16]}


def record_task_change(*, actor, task: AlgorithmTask, before: dict) -> None:
    """Log what staff changed of ``task``'s limits and leaderboard rule (called by the admin's edit view)."""
    permissions.require_can_manage_competitions(actor)
    after = task_state(task)
    if after != before:
        changed = sorted(name for name in after if after[name] != before.get(name))
        audit.record(
            actor=actor,
            target=task,
            action=audit.TASK_CHANGED,
            before={name: before.get(name) for name in changed},
            after={name: after[name] for name in changed},
            competition=task.track.competition_id,
        )
