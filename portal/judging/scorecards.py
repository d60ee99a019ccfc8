"""Scorecards: a judge's draft, its submission (which locks it) and staff's unlocking.

Every save names the ``version`` of the scorecard the form showed; a save over a newer version
(the same judge on a phone and a laptop) is refused and the form keeps what the judge typed,
so no update is ever lost silently. Scoring is refused outside the panel's window, on the
server, to the second (``Panel.scoring_is_open``). A submitted scorecard is locked: a second
submit changes nothing and says so; staff unlock it with a reason. A judge who conflicts with the
item (a tie declared after they submitted) stays on it only as long as the scorecard counts:
unlocking it takes them off the item.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import timing
from portal.i18n import join_sentences, join_words
from portal.judging import audit, emails
from portal.judging.conflicts import conflict_reasons
from portal.judging.errors import JudgingError, ScorecardUnavailable, StaleScorecard
from portal.judging.models import Assignment, CriterionScore, Scorecard
from portal.judging.permissions import can_manage_panel, can_score, require
from portal.judging.recusal import mark_recused
from portal.judging.vocabulary import AssignmentStatus, Recommendation, ScorecardStatus


@dataclass(frozen=True)
class Submitted:
    """What ``submit_scorecard`` did: ``already`` when the scorecard was submitted before (a no-op)."""

    scorecard: Scorecard
    already: bool = False


def _locked_assignment(judge, assignment) -> Assignment:
    # Only the assignment's row is locked: judges of one panel save side by side.
    assignment = (
        Assignment.objects.select_for_update(of=("self",)).select_related("item__panel__rubric").get(pk=assignment.pk)
    )
    require(can_score(judge, assignment))
    return assignment


def _window_refusal(panel) -> ScorecardUnavailable | None:
    now = timezone.now()
    if panel.scoring_is_open(now):
        return None
    if now < panel.scoring_opens_at:
        return ScorecardUnavailable(_("Scoring opens at %(at)s.") % {"at": timing.display(panel.scoring_opens_at)})
    return ScorecardUnavailable(_("Scoring closed at %(at)s.") % {"at": timing.display(panel.scoring_closes_at)})


def _check_window(panel) -> None:
    refused = _window_refusal(panel)
    if refused is not None:
        raise refused


def _locked_refusal() -> ScorecardUnavailable:
    return ScorecardUnavailable(_("This scorecard is submitted and locked; staff can unlock it."))


def refusal(panel, scorecard) -> ScorecardUnavailable | None:
    """Why no save of ``scorecard`` is taken now, whatever was typed (the panel's window, then the
    lock of a submitted scorecard, as ``save_scorecard`` checks them), or ``None``: what the page
    says when what a judge posted cannot be read either."""
    if (refused := _window_refusal(panel)) is not None:
        return refused
    return _locked_refusal() if scorecard is not None and scorecard.is_submitted else None


def _scorecard(assignment) -> Scorecard:
    scorecard, _created = Scorecard.objects.get_or_create(assignment=assignment)
    return scorecard


def _value(criterion, raw) -> Decimal | None:
    if raw in (None, ""):
        return None
    try:
        value = Decimal(str(raw))
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value != value.quantize(Decimal("0.01")):
        raise JudgingError(_("Enter a number with at most two decimals."), field=f"score_{criterion.pk}")
    if not criterion.min_score <= value <= criterion.max_score:
        raise JudgingError(
            _("Enter a score from %(low)d to %(high)d.") % {"low": criterion.min_score, "high": criterion.max_score},
            field=f"score_{criterion.pk}",
        )
    return value


def _write(scorecard, criteria, scores: dict, recommendation: str, comment: str) -> None:
    """Replace the scorecard's scores with ``scores`` (``{criterion_id: (value, comment)}``; no value: cleared)."""
    by_id = {criterion.pk: criterion for criterion in criteria}
    unknown = set(map(int, scores)) - set(by_id)
    if unknown:
        raise JudgingError(_("A score names a criterion of another rubric."))
    if recommendation and recommendation not in Recommendation.values:
        raise JudgingError(_("Choose a recommendation from the list."), field="recommendation")
    rows = []
    for criterion_id, (raw, note) in scores.items():
        criterion = by_id[int(criterion_id)]
        value = _value(criterion, raw)
        if value is not None:
            rows.append(CriterionScore(scorecard=scorecard, criterion=criterion, value=value, comment=note or ""))
    CriterionScore.objects.filter(scorecard=scorecard, criterion_id__in=[int(pk) for pk in scores]).delete()
    CriterionScore.objects.bulk_create(rows)
    scorecard.recommendation = recommendation or ""
    scorecard.comment = comment or ""
    scorecard.version += 1
    scorecard.save()


def _stale(scorecard, version) -> StaleScorecard:
    return StaleScorecard(
        _(
            "This scorecard was saved elsewhere in the meantime (version %(theirs)d, yours was %(yours)d). "
            "What you typed is kept below: check it and save again."
        )
        % {"theirs": scorecard.version, "yours": version},
        latest_version=scorecard.version,
    )


@transaction.atomic
def save_scorecard(
    *, judge, assignment: Assignment, version: int, scores: dict, recommendation: str = "", comment: str = ""
) -> Scorecard:
    """Save a draft of the judge's scores (any subset of the criteria)."""
    assignment = _locked_assignment(judge, assignment)
    panel = assignment.item.panel
    _check_window(panel)
    scorecard = _scorecard(assignment)
    if scorecard.is_submitted:
        raise _locked_refusal()
    if int(version) != scorecard.version:
        raise _stale(scorecard, int(version))
    _write(scorecard, panel.rubric.criteria.all(), scores, recommendation, comment)
    return scorecard


@transaction.atomic
def submit_scorecard(
    *,
    judge,
    assignment: Assignment,
    version: int | None = None,
    scores: dict | None = None,
    recommendation: str = "",
    comment: str = "",
) -> Submitted:
    """Submit (and lock) the judge's scorecard, saving ``scores`` first when given.

    Every criterion must be scored. Submitting again is a no-op (``Submitted.already``).
    """
    assignment = _locked_assignment(judge, assignment)
    scorecard = _scorecard(assignment)
    if scorecard.is_submitted:
        return Submitted(scorecard, already=True)
    panel = assignment.item.panel
    _check_window(panel)
    criteria = list(panel.rubric.criteria.all())
    if scores is not None:
        if version is not None and int(version) != scorecard.version:
            raise _stale(scorecard, int(version))
        _write(scorecard, criteria, scores, recommendation, comment)
    values = dict(scorecard.scores.values_list("criterion_id", "value"))
    missing = [criterion for criterion in criteria if criterion.pk not in values]
    if missing:
        raise JudgingError(
            _("Score every criterion before submitting: %(missing)s.")
            % {"missing": join_words(criterion.name for criterion in missing)}
        )
    scorecard.status = ScorecardStatus.SUBMITTED
    scorecard.submitted_at = timezone.now()
    scorecard.version += 1
    scorecard.save()
    after = {
        "status": scorecard.status,
        "scores": {str(pk): str(value) for pk, value in sorted(values.items())},
        "recommendation": scorecard.recommendation,
    }
    audit.record(
        actor=judge,
        target=scorecard,
        action=audit.SUBMITTED,
        before={"status": ScorecardStatus.DRAFT},
        after=after,
        panel=panel.pk,
    )
    return Submitted(scorecard)


@transaction.atomic
def unlock_scorecard(*, staff, scorecard: Scorecard, reason: str) -> Scorecard:
    """Staff reopen a submitted scorecard for its judge, with a reason (logged).

    A judge who now conflicts with the item (a tie declared after they submitted: they stayed on it
    only because the scorecard counted) steps back from it at once: the unlocked scorecard is not
    theirs to change and submit again, and the item is left to another judge.
    ``scorecard.assignment.status`` says which, and the judge is e-mailed which (``emails``).
    """
    scorecard = (
        Scorecard.objects.select_for_update(of=("self", "assignment"))
        .select_related("assignment__item__panel", "assignment__judge")
        .get(pk=scorecard.pk)
    )
    require(can_manage_panel(staff, scorecard.assignment.item.panel))
    if not scorecard.is_submitted:
        raise JudgingError(_("This scorecard is not submitted."))
    if not (reason or "").strip():
        raise JudgingError(_("Say why the scorecard is unlocked."), field="reason")
    before = {"status": scorecard.status, "submitted_at": scorecard.submitted_at}
    scorecard.status = ScorecardStatus.DRAFT
    scorecard.submitted_at = None
    scorecard.version += 1
    scorecard.save()
    audit.record(
        actor=staff,
        target=scorecard,
        action=audit.UNLOCKED,
        before=before,
        after={"status": scorecard.status, "submitted_at": None},
        note=reason.strip(),
        panel=scorecard.assignment.item.panel_id,
    )
    _step_back_if_conflicted(staff, scorecard.assignment)
    emails.schedule_unlocked(scorecard, reason=reason.strip())
    return scorecard


def _step_back_if_conflicted(staff, assignment: Assignment) -> None:
    if assignment.status != AssignmentStatus.ACTIVE:
        return
    reasons = conflict_reasons(assignment.judge, assignment.item)
    if reasons:
        mark_recused(actor=staff, assignment=assignment, reason=join_sentences(reasons))
