"""Advancement, awards and the publication of results (``competition.results``).

* ``Advancement``: an entry taken from one stage's judging round (``JudgingRound``) to the next
  (one per entry and stage: advancing twice changes nothing), with the rank and method it was chosen by.
* ``Award``: a prize of a track given to an entry; ``product`` is the draft catalogue product
  the winner became (the loop), kept here so the catalogue knows nothing of the competition.
* ``ResultsPublication``: the competition's results made public. Until it exists, scores,
  ranks and awards are for alliance staff only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.fields import optional_link
from portal.i18n import Bilingual


class Advancement(models.Model):
    entry = models.ForeignKey(
        "competition.Entry", verbose_name=_("entry"), on_delete=models.CASCADE, related_name="advancements"
    )
    from_stage = models.ForeignKey(
        "competition.Stage", verbose_name=_("from stage"), on_delete=models.CASCADE, related_name="+"
    )
    to_stage = models.ForeignKey(
        "competition.Stage", verbose_name=_("to stage"), on_delete=models.CASCADE, related_name="+"
    )
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    method = models.CharField(_("ranked by"), max_length=16)
    advanced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("advanced by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    advanced_at = models.DateTimeField(_("advanced at"), auto_now_add=True)

    class Meta:
        verbose_name = _("advancement")
        verbose_name_plural = _("advancements")
        ordering = ["to_stage", "rank", "pk"]
        constraints = [models.UniqueConstraint(fields=["entry", "to_stage"], name="competition_advancement_unique")]

    def __str__(self):
        return f"{self.entry} → {self.to_stage}"


class Award(models.Model):
    competition = models.ForeignKey(
        "competition.Competition", verbose_name=_("competition"), on_delete=models.CASCADE, related_name="awards"
    )
    track = models.ForeignKey(
        "competition.Track", verbose_name=_("track"), on_delete=models.CASCADE, related_name="awards"
    )
    entry = models.ForeignKey(
        "competition.Entry", verbose_name=_("entry"), on_delete=models.CASCADE, related_name="awards"
    )
    rank = models.PositiveSmallIntegerField(_("place"), default=1)
    prize = Bilingual(models.CharField, _("prize (Chinese)"), _("prize (English)"), max_length=120)
    note = Bilingual(models.TextField, _("note (Chinese)"), _("note (English)"), required=False)
    #: The draft catalogue product this winner became (``competition.results.loop``).
    product = optional_link("catalog.Product", _("catalogue product"))
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("awarded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["competition", "track__sort_order", "rank", "pk"]
        constraints = [models.UniqueConstraint(fields=["entry", "prize_zh"], name="competition_award_unique")]

    def __str__(self):
        return f"{self.prize} · {self.entry}"


class ResultsPublication(models.Model):
    competition = models.OneToOneField(
        "competition.Competition",
        verbose_name=_("competition"),
        on_delete=models.CASCADE,
        related_name="results_publication",
    )
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("results publication")
        verbose_name_plural = _("results publications")

    def __str__(self):
        return str(self.competition)
