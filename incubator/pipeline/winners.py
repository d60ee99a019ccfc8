"""The competition's winners enter the pipeline (the loop of issue #13, the incubator's half).

When a competition's results are published (``competition.results.services.publish_results``
creates the ``ResultsPublication``; ``incubator.signals`` listens to its ``post_save``), every
awarded team's organisation that is a startup gets a pipeline card in the discovered stage, source
"competition", its note naming the competition and the award, unless it has one already (its
card, and the stage it reached, stay as they are). In the publication's transaction, by the staff
member who published.
"""

from __future__ import annotations

from django.db import transaction

from incubator.models import PipelineCard
from incubator.pipeline import services
from incubator.vocabulary import PipelineSource
from portal.organisations.models import OrganisationKind


def _note(award) -> str:
    competition = award.competition
    name = competition.name_zh or competition.name_en
    prize = award.prize_zh or award.prize_en
    return f"{name} · {award.track.name_zh} · {prize}"[:300]


@transaction.atomic
def discover_winners(*, actor, competition) -> list[PipelineCard]:
    """A card for each awarded startup of ``competition`` that has none; returns the cards made."""
    from competition.models import Award  # the competition app is optional to the incubator

    awards = (
        Award.objects.filter(competition=competition, entry__team__organisation__kind=OrganisationKind.STARTUP)
        .select_related("competition", "track", "entry__team__organisation")
        .order_by("rank", "track__sort_order", "pk")
    )
    first_award = {}
    for award in awards:
        first_award.setdefault(award.entry.team.organisation_id, award)
    have = set(PipelineCard.objects.filter(startup_id__in=first_award).values_list("startup_id", flat=True))
    made = []
    for organisation_id, award in first_award.items():
        if organisation_id in have:
            continue
        made.append(
            services.discover(
                actor=actor,
                startup=award.entry.team.organisation,
                source=PipelineSource.COMPETITION,
                note=_note(award),
            )
        )
    return made
