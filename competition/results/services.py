"""Writes of advancement, awards and results: staff only, keyword-only, one transaction each,
refusals as ``ResultsError`` with a translated message, every change in the entry's or the
competition's history with the state before and after (``competition.results.audit``). The
judging rounds themselves (a ``Panel`` per stage × track) are opened by ``competition.rounds``.

* ``advance``: the top N (or every entry at or above a threshold) of a round's ranking, by the
  chosen method, go to the next stage: status *advanced*, an ``Advancement`` each, items of the
  next stage's round (which must be open), the team e-mailed. Advancing twice changes nothing.
* ``record_award`` and ``publish_results``: until published, scores, ranks and awards are for
  alliance staff only; publishing clears the app's public cache tag.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from competition import deadlines, permissions
from competition.models import CACHE_TAG, Advancement, Award, Competition, Entry, JudgingRound, ResultsPublication
from competition.results import audit, tasks
from competition.results import queries as results_queries
from competition.vocabulary import EntryStatus, StageKind
from portal import outbox, public_cache
from portal.judging import services as judging
from portal.judging.vocabulary import RankMethod
from portal.review.errors import ServiceError

#: Stages judged by a panel (``competition.rounds``).
JUDGED_STAGES = (StageKind.PRELIMINARY, StageKind.FINAL)
#: Entries a round may rank and advance (not withdrawn, not ineligible).
IN_THE_RUNNING = (EntryStatus.ELIGIBLE, EntryStatus.ADVANCED)


class ResultsError(ServiceError):
    """A rule refused the action; ``str(exc)`` is a translated message."""


def _set_status(entry: Entry, status: str) -> None:
    Entry.objects.filter(pk=entry.pk).update(status=status, version=F("version") + 1, updated_at=timezone.now())
    entry.status = status


def next_stage(stage):
    later = [s for s in stage.competition.stages.all() if s.sort_order > stage.sort_order]
    return later[0] if later else None


def chosen_rows(rows, *, method: str, top: int | None, threshold: float | None) -> list:
    """The ranked rows ``advance`` takes: the first ``top``, or those whose mean by ``method`` is ≥ ``threshold``."""
    ranked = [row for row in rows if row.rank is not None]
    if top is not None:
        return ranked[: max(top, 0)]
    attribute = "normalised_mean" if method == RankMethod.NORMALISED else "raw_mean"
    return [row for row in ranked if getattr(row, attribute) >= threshold]


def _target_round(judging_round: JudgingRound) -> JudgingRound:
    following = next_stage(judging_round.stage)
    if following is None or following.kind not in JUDGED_STAGES:
        raise ResultsError(_("This is the last judged stage: record awards instead of advancing."))
    target = JudgingRound.objects.filter(stage=following, track=judging_round.track).first()
    if target is None or target.panel is None:
        raise ResultsError(
            _("Open the %(stage)s round of this track first: advanced entries join its panel.")
            % {"stage": following.get_kind_display()}
        )
    return target


@transaction.atomic
def advance(
    *, actor, judging_round: JudgingRound, method: str = RankMethod.RAW, top=None, threshold=None
) -> list[Advancement]:
    """Advance the top ``top`` (or those at or above ``threshold``) of the round's ranking; returns the new ones."""
    permissions.require_can_manage_competitions(actor)
    if (top is None) == (threshold is None):
        raise ResultsError(_("Give either how many entries advance or the score they need."), field="top")
    judging_round = (
        JudgingRound.objects.select_for_update(of=("self",)).select_related("stage", "track").get(pk=judging_round.pk)
    )
    target = _target_round(judging_round)
    # The top N of the entries still in the running: one found ineligible (or withdrawn) after the
    # round opened keeps its place in the ranking's table but takes no advancement place.
    ranked = results_queries.round_results(judging_round.panel, method=method)
    entries = Entry.objects.select_for_update(of=("self",)).in_bulk([row.item.subject_id for row in ranked])
    running = {pk for pk, entry in entries.items() if entry.status in IN_THE_RUNNING}
    rows = chosen_rows(
        [row for row in ranked if row.item.subject_id in running], method=method, top=top, threshold=threshold
    )
    done = set(Advancement.objects.filter(to_stage=target.stage, entry__in=entries).values_list("entry_id", flat=True))
    created = []
    for row in rows:
        entry = entries.get(row.item.subject_id)
        if entry is None or entry.pk in done or entry.status not in IN_THE_RUNNING:
            continue
        created.append(_advance_one(actor, entry, judging_round, target, row.rank, method))
    moving = [entries[a.entry_id] for a in created]
    if moving:
        panel = target.panel
        tags = {entry.pk: [judging_round.track.kind] for entry in moving}
        judging.add_items(actor=actor, panel=panel, subjects=moving, tags=tags)
        judging.assign_automatically(panel, actor=actor)
    return created


def _advance_one(actor, entry, judging_round, target, rank, method) -> Advancement:
    before = {"status": entry.status, "stage": judging_round.stage_id}
    advancement = Advancement.objects.create(
        entry=entry, from_stage=judging_round.stage, to_stage=target.stage, rank=rank, method=method, advanced_by=actor
    )
    _set_status(entry, EntryStatus.ADVANCED)
    after = {"status": entry.status, "stage": target.stage_id, "rank": rank, "method": method}
    audit.record(actor=actor, target=entry, action=audit.ADVANCED, before=before, after=after)
    outbox.schedule(
        tasks.send_advancement_email,
        {"advancement_id": advancement.pk},
        key=f"competition.advanced:{entry.pk}:{target.stage_id}",
    )
    return advancement


@transaction.atomic
def record_award(
    *, actor, entry: Entry, prize_zh: str, prize_en: str = "", rank: int = 1, note_zh: str = "", note_en: str = ""
) -> Award:
    """Give ``entry`` a prize of its track (the same prize twice: one award). Hidden until published."""
    permissions.require_can_manage_competitions(actor)
    _lock_competition(entry.competition_id)
    entry = Entry.objects.select_for_update(of=("self",)).get(pk=entry.pk)
    if entry.status not in (*IN_THE_RUNNING, EntryStatus.AWARDED):
        raise ResultsError(_("Only an eligible entry still in the running can win a prize."))
    if not (prize_zh or "").strip():
        raise ResultsError(_("Name the prize in Chinese."), field="prize_zh")
    award, created = Award.objects.get_or_create(
        entry=entry,
        prize_zh=prize_zh.strip(),
        defaults={
            "competition_id": entry.competition_id,
            "track_id": entry.track_id,
            "prize_en": prize_en.strip(),
            "rank": rank,
            "note_zh": note_zh,
            "note_en": note_en,
            "awarded_by": actor,
        },
    )
    if created:
        before = entry.status
        _set_status(entry, EntryStatus.AWARDED)
        after = {"status": entry.status, "award": award.pk, "prize": award.prize_zh, "rank": rank}
        audit.record(actor=actor, target=entry, action=audit.AWARDED, before={"status": before}, after=after)
        public_cache.invalidate_on_commit(CACHE_TAG)
        if results_published(entry.competition_id):  # a correction after publishing: public at once, so told now
            _schedule_award_email(award.pk)
    return award


def _lock_competition(competition_id) -> None:
    """Publishing and recording an award take the competition's row first: two publishes at once make
    one publication, and an award recorded meanwhile is either listed by it or sees it (and is e-mailed)."""
    Competition.objects.select_for_update().get(pk=competition_id)


def results_published(competition) -> bool:
    return ResultsPublication.objects.filter(competition=competition).exists()


@transaction.atomic
def publish_results(*, actor, competition) -> ResultsPublication:
    """Make the competition's awards public (once; publishing again changes nothing)."""
    permissions.require_can_manage_competitions(actor)
    _lock_competition(competition.pk)
    existing = ResultsPublication.objects.filter(competition=competition).first()
    if existing is not None:
        return existing
    if refusal := publication_refused(competition):
        raise ResultsError(refusal)
    publication = ResultsPublication.objects.create(competition=competition, published_by=actor)
    awards = sorted(Award.objects.filter(competition=competition).values_list("pk", flat=True))
    audit.record(
        actor=actor,
        target=competition,
        action=audit.PUBLISHED,
        before={"published": False},
        after={"published": True, "awards": awards},
    )
    for award_id in awards:
        _schedule_award_email(award_id)
    public_cache.invalidate_on_commit(CACHE_TAG)
    return publication


def publication_refused(competition) -> str:
    """Why the competition's results cannot be published now ("" when they can), as ``publish_results``
    refuses and the confirmation page says before the click: no award yet, or the submission deadline
    ahead. Results are published once no entry can change: before the submission deadline a team could
    still edit its entry, and on the algorithm track tune its files to the private leaderboard that
    publishing reveals."""
    if not Award.objects.filter(competition=competition).exists():
        return _("Record the awards before publishing the results.")
    stage = competition.stage(StageKind.SUBMISSION)
    if stage is not None and not deadlines.has_passed(stage.closes_at):
        return _("Submissions are open until %(deadline)s: publish the results after the deadline.") % {
            "deadline": deadlines.display(stage.closes_at)
        }
    return ""


def _schedule_award_email(award_id: int) -> None:
    """The winning team's e-mail, once per award (the key), after the commit."""
    outbox.schedule(tasks.send_award_email, {"award_id": award_id}, key=f"competition.award:{award_id}")
