"""Outbox effects of the results: the team hears that its entry advanced, each member in their language.

Imported from ``competition.results.signals`` (``CompetitionConfig.ready``), so every process,
Celery's workers included, knows the effect.
"""

from __future__ import annotations

from django.urls import reverse

from competition.emails import team_members
from competition.models import Advancement
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
