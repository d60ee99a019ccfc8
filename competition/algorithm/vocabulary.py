"""The algorithm track's vocabulary: leaderboard metrics and a submission's status."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Metric(models.TextChoices):
    """What a task's leaderboard ranks by (higher is better for each)."""

    KAPPA = "kappa", _("Cohen's kappa")
    ACCURACY = "accuracy", _("Accuracy")
    MACRO_F1 = "macro_f1", _("Macro-F1")
    ITR = "itr_bits_per_minute", _("Information transfer rate (bits/min)")


#: The leaderboards' and a submission's columns, one per ``scoring.METRICS`` (in its order): short, and the
#: two information transfer rates named alike (Wolpaw's, per trial and per minute, ``scoring``).
METRIC_COLUMNS = {
    "accuracy": _("Accuracy"),
    "kappa": _("Cohen's kappa"),
    "macro_f1": _("Macro-F1"),
    "itr_bits_per_trial": _("ITR (bits/trial)"),
    "itr_bits_per_minute": _("ITR (bits/min)"),
}


class SubmissionStatus(models.TextChoices):
    PENDING = "pending", _("Being scored")
    SCORED = "scored", _("Scored")
    FAILED = "failed", _("Scoring failed")


#: Submissions that count against the daily limit: a run that failed on our side does not.
COUNTED = (SubmissionStatus.PENDING, SubmissionStatus.SCORED)
