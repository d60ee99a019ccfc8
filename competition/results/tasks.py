"""Outbox effects of the results: the team hears that its entry advanced, and that it won an award when the
results are published; each member in their language.

Imported from ``competition.results.signals`` (``CompetitionConfig.ready``), so every process,
Celery's workers included, knows the effect.
"""

from __future__ import annotations

from django.urls import reverse

from competition.emails import entry_url, send_to_team
from competition.models import Advancement, Award
from portal import outbox
from portal.emails import site_url


@outbox.effect("competition.advancement_email")
def send_advancement_email(*, advancement_id: int) -> None:
    advancement = Advancement.objects.select_related("entry__team", "to_stage").filter(pk=advancement_id).first()
    if advancement is None:
        return
    entry = advancement.entry
    context = {"entry": entry, "stage": lambda: advancement.to_stage.get_kind_display(), "entry_url": entry_url(entry)}
    send_to_team(entry.team, template="competition/results/email/advanced", context=context)


@outbox.effect("competition.award_email")
def send_award_email(*, award_id: int) -> None:
    award = Award.objects.select_related("entry__team", "competition").filter(pk=award_id).first()
    if award is None:
        return
    entry, competition = award.entry, award.competition
    context = {
        "entry": entry,
        "place": award.rank,
        "prize": lambda: award.prize,
        "competition": lambda: competition.name,
        "results_url": lambda: site_url(reverse("competition:results", kwargs={"slug": competition.slug})),
    }
    send_to_team(entry.team, template="competition/results/email/award", context=context)
