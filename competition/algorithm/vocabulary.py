"""The algorithm track's vocabulary: leaderboard metrics and a submission's status."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Metric(models.TextChoices):
    """What a task's leaderboard ranks by (higher is better for each)."""

    KAPPA = "kappa", _("Cohen's kappa")
    ACCURACY = "accuracy", _("Accuracy")
    MACRO_F1 = "macro_f1", _("Macro-F1")
    ITR = "itr_bits_per_minute", _("Information transfer rate (bits/min)")


class SubmissionStatus(models.TextChoices):
    PENDING = "pending", _("Being scored")
    SCORED = "scored", _("Scored")
    FAILED = "failed", _("Scoring failed")


#: Submissions that count against the daily limit: a run that failed on our side does not.
COUNTED = (SubmissionStatus.PENDING, SubmissionStatus.SCORED)
