"""A judging round: the panel of the judging engine (``portal.judging``) that scores one track's
entries at one stage (preliminary review, final). The round owns the engine's ``Panel``."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _


class JudgingRound(models.Model):
    stage = models.ForeignKey(
        "competition.Stage", verbose_name=_("stage"), on_delete=models.CASCADE, related_name="judging_rounds"
    )
    track = models.ForeignKey(
        "competition.Track", verbose_name=_("track"), on_delete=models.CASCADE, related_name="judging_rounds"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    panels = GenericRelation("judging.Panel", content_type_field="owner_type", object_id_field="owner_id")

    class Meta:
        verbose_name = _("judging round")
        verbose_name_plural = _("judging rounds")
        ordering = ["stage", "track"]
        constraints = [models.UniqueConstraint(fields=["stage", "track"], name="competition_round_unique")]

    def __str__(self):
        return f"{self.stage} · {self.track.name}"

    @property
    def panel(self):
        return self.panels.first()
