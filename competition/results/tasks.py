"""Outbox effects of the results: the team hears that its entry advanced, and that it won an award when the
results are published; each member in their language.

Imported from ``competition.results.signals`` (``CompetitionConfig.ready``), so every process,
Celery's workers included, knows the effect.
"""

from __future__ import annotations

from django.urls import reverse

from competition.emails import team_members
from competition.models import Advancement, Award
from portal import outbox
from portal.emails import language_for, send_templated_email, site_url


@outbox.effect("competition.advancement_email")
def send_advancement_email(*, advancement_id: int) -> None:
    advancement = Advancement.objects.select_related("entry__team", "to_stage").filter(pk=advancement_id).first()
    if advancement is None:
        return
    entry = advancement.entry
    for user in team_members(entry.team):
        send_templated_email(
            template="competition/results/email/advanced",
            to=[user.email],
            language=language_for(user),
            context={
                "member": user,
                "entry": entry,
                "stage": lambda: advancement.to_stage.get_kind_display(),
                "entry_url": lambda: site_url(reverse("competition:entry_detail", kwargs={"pk": entry.pk})),
            },
        )


@outbox.effect("competition.award_email")
def send_award_email(*, award_id: int) -> None:
    award = Award.objects.select_related("entry__team", "competition").filter(pk=award_id).first()
    if award is None:
        return
    entry, competition = award.entry, award.competition
    for user in team_members(entry.team):
        send_templated_email(
            template="competition/results/email/award",
            to=[user.email],
            language=language_for(user),
            context={
                "member": user,
                "entry": entry,
                "place": award.rank,
                "prize": lambda: award.prize,
                "competition": lambda: competition.name,
                "results_url": lambda: site_url(reverse("competition:results", kwargs={"slug": competition.slug})),
            },
        )
