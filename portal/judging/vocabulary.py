"""The judging engine's vocabulary."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PanelStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class AssignmentSource(models.TextChoices):
    AUTO = "auto", _("Automatic")
    MANUAL = "manual", _("Manual")


class AssignmentStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    RECUSED = "recused", _("Recused")


class ScorecardStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Recommendation(models.TextChoices):
    STRONGLY_RECOMMEND = "strongly_recommend", _("Strongly recommend")
    RECOMMEND = "recommend", _("Recommend")
    NEUTRAL = "neutral", _("Neutral")
    NOT_RECOMMEND = "not_recommend", _("Do not recommend")


class RankMethod(models.TextChoices):
    RAW = "raw", _("Weighted raw mean")
    NORMALISED = "normalised", _("Normalised (per-judge z-score)")
