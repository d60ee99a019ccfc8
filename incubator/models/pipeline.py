"""The pipeline (发现—甄别—培育): startups that project managers discover, screen and cultivate.

One ``PipelineCard`` per startup organisation: its stage, source, the project manager who owns
it, and its history (``StageChange``), notes, tasks and cultivation records. Screening is
scored through the judging engine (``portal.judging``): the card is an ``Item`` subject of a
screening panel whose judges are project managers, so several of them score a rubric
(technology, team, clinical/market need, regulatory path) and their scores aggregate as
judges' do.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _

from incubator.vocabulary import PipelineSource, PipelineStage, SupportKind
from portal.fields import optional_link
from portal.i18n import Bilingual


class PipelineCard(models.Model):
    startup = models.OneToOneField(
        "portal.Organisation", verbose_name=_("startup"), on_delete=models.CASCADE, related_name="pipeline_card"
    )
    stage = models.CharField(
        _("stage"), max_length=16, choices=PipelineStage.choices, default=PipelineStage.DISCOVERED, db_index=True
    )
    source = models.CharField(_("source"), max_length=16, choices=PipelineSource.choices)
    #: Where it came from in words (the competition and award, the referrer, the search).
    source_note = models.CharField(_("source details"), max_length=300, blank=True)
    project_manager = optional_link(settings.AUTH_USER_MODEL, _("project manager"), related_name="pipeline_cards")
    stage_changed_at = models.DateTimeField(_("in this stage since"))
    created_at = models.DateTimeField(_("discovered at"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    #: Moves carry the version they were made on: two project managers moving at once, one wins.
    version = models.PositiveIntegerField(default=1, editable=False)
    #: The card before screening panels of the judging engine.
    judging_items = GenericRelation("judging.Item", content_type_field="subject_type", object_id_field="subject_id")

    class Meta:
        verbose_name = _("pipeline startup")
        verbose_name_plural = _("pipeline")
        ordering = ["stage", "-stage_changed_at", "pk"]

    def __str__(self):
        return str(self.startup)


class StageChange(models.Model):
    card = models.ForeignKey(PipelineCard, on_delete=models.CASCADE, related_name="history")
    from_stage = models.CharField(_("from"), max_length=16, choices=PipelineStage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=16, choices=PipelineStage.choices)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage history")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_from_stage_display()} → {self.get_to_stage_display()}"


class PipelineNote(models.Model):
    card = models.ForeignKey(PipelineCard, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("note"), max_length=5000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("pipeline note")
        verbose_name_plural = _("pipeline notes")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.text[:60]


class PipelineTask(models.Model):
    card = models.ForeignKey(PipelineCard, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=200)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    assignee = optional_link(settings.AUTH_USER_MODEL, _("assignee"), related_name="pipeline_tasks")
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("pipeline task")
        verbose_name_plural = _("pipeline tasks")
        ordering = ["done_at", "due_on", "pk"]

    def __str__(self):
        return self.title


class SupportRecord(models.Model):
    """What cultivating a startup consisted of: a PoC, incubation, platform booking, policy, a round."""

    card = models.ForeignKey(PipelineCard, on_delete=models.CASCADE, related_name="support")
    kind = models.CharField(_("kind"), max_length=20, choices=SupportKind.choices)
    description = Bilingual(models.CharField, _("description (Chinese)"), _("description (English)"), max_length=300)
    platform = optional_link("portal.Organisation", _("platform or incubator"))
    amount_cny = models.PositiveBigIntegerField(_("amount (CNY)"), null=True, blank=True)
    on = models.DateField(_("date"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("support record")
        verbose_name_plural = _("support records")
        ordering = ["-on", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.description}"
