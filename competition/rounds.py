"""Judging rounds: a panel of the judging engine per (stage, track), its items the track's entries.

``open_round`` makes the round of a preliminary or final stage for one track: the engine's
``Panel`` (owned by the ``JudgingRound``, blind when the stage is, scoring during the stage's
times), its judges, an item per entry that may be judged at that stage (eligible entries for the
preliminary review, advanced ones for the final), then the engine's conflict-free, balanced
assignment. Run again, it adds entries and judges that are new and rebalances; nothing is
duplicated. Staff only; logged on the round with what it did.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from competition import permissions
from competition.models import Entry, JudgingRound
from competition.vocabulary import EntryStatus, StageKind
from portal.judging import services as judging
from portal.review import audit
from portal.review.errors import ServiceError

ROUND_OPENED = audit.action(
    "competition.round.opened", gettext_lazy("Open a judging round"), gettext_lazy("Judging round opened")
)

#: Which entries go before the judges at each judged stage.
JUDGED = {StageKind.PRELIMINARY: EntryStatus.ELIGIBLE, StageKind.FINAL: EntryStatus.ADVANCED}


class RoundError(ServiceError):
    """A rule refused the round; ``str(exc)`` is a translated message."""


def entries_for(stage, track):
    return Entry.objects.filter(track=track, status=JUDGED[stage.kind]).order_by("pk")


def _title(stage, track, language: str) -> str:
    """The panel's title in ``language``, with the stage (a track has a panel at each judged stage)."""
    competition = stage.competition
    names = (competition.name_zh, track.name_zh)
    if language == "en":
        names = (competition.name_en or competition.name_zh, track.name_en or track.name_zh)
    with translation.override(language):
        return " · ".join((*names, stage.get_kind_display()))


@transaction.atomic
def open_round(*, actor, stage, track, rubric=None, judges=(), judges_per_item: int = 3):
    """The round of ``track`` at ``stage`` with its panel, judges and items, assigned. Returns (round, report)."""
    permissions.require_can_manage_competitions(actor)
    if stage.kind not in JUDGED:
        raise RoundError(_("Only the preliminary review and the final are judged."))
    if track.competition_id != stage.competition_id:
        raise RoundError(_("Choose a track of this stage's competition."))
    judging_round, created = JudgingRound.objects.get_or_create(stage=stage, track=track)
    panel = judging_round.panel
    if panel is None:
        panel = judging.open_panel(
            actor=actor,
            owner=judging_round,
            title_zh=_title(stage, track, "zh-hans"),
            title_en=_title(stage, track, "en"),
            rubric=rubric,
            judges_per_item=judges_per_item,
            blind=stage.blind,
            opens_at=stage.opens_at,
            closes_at=stage.closes_at,
        )
    judging.add_judges(actor=actor, panel=panel, users=judges)
    entries = list(entries_for(stage, track))
    items = judging.add_items(actor=actor, panel=panel, subjects=entries, tags={e.pk: [track.kind] for e in entries})
    report = judging.assign_automatically(panel, actor=actor)
    audit.record(
        actor=actor,
        target=judging_round,
        action=ROUND_OPENED,
        before={"created": not created},
        after={"panel": panel.pk, "items": len(items), "judges": panel.judges.count()},
    )
    return judging_round, report
