"""Vocabulary of the action plan (沪科〔2025〕5号) that more than one app uses.

Indications are named by the plan for the clinical use of BCI: the case library records
them for each case, the catalogue for each medical product. Values are stored in both
(and mirrored into facet bit masks by position), so new values are appended, never
inserted or removed.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Indication(models.TextChoices):
    PARALYSIS = "paralysis", _("Paralysis")
    APHASIA = "aphasia", _("Aphasia")
    BLINDNESS = "blindness", _("Blindness")
    SPINAL_CORD_INJURY = "spinal_cord_injury", _("Spinal-cord injury")
    STROKE = "stroke", _("Stroke")
    ALS = "als", _("ALS")
    EPILEPSY = "epilepsy", _("Refractory epilepsy")
    DEPRESSION = "depression", _("Severe depression")
