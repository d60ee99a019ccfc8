"""The catalogue's vocabulary, from the action plan (沪科〔2025〕5号), in one place.

Every choice is a ``TextChoices`` with a translated label; models, forms, facets and
demo data all use these values.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.listing.choices import labels_mixin
from portal.vocabulary import Indication


class BCIType(models.TextChoices):
    NON_INVASIVE = "non_invasive", _("Non-invasive")
    SEMI_INVASIVE = "semi_invasive", _("Semi-invasive")
    INVASIVE = "invasive", _("Invasive")
    INTERVENTIONAL = "interventional", _("Interventional")


class SignalModality(models.TextChoices):
    EEG = "eeg", _("EEG")
    FNIRS = "fnirs", _("fNIRS")
    EMG_HYBRID = "emg_hybrid", _("EMG / hybrid")
    ULTRASOUND = "ultrasound", _("Ultrasound")
    OPTICAL = "optical", _("Optical")
    OTHER = "other", _("Other modality")


class ElectrodeType(models.TextChoices):
    DRY = "dry", _("Dry electrodes")
    WET = "wet", _("Wet electrodes")
    SEMI_DRY = "semi_dry", _("Semi-dry electrodes")
    IMPLANTED = "implanted", _("Implanted electrodes")
    NONE = "none", _("No electrodes")


class ProductFunction(models.TextChoices):
    MOTOR_CONTROL = "motor_control", _("Motor control")
    SPEECH = "speech", _("Speech synthesis")
    VISION = "vision", _("Vision restoration")
    SENSATION = "sensation", _("Touch and sensation")
    NEUROMODULATION = "neuromodulation", _("Neuromodulation therapy")
    STATE_MONITORING = "state_monitoring", _("Attention and state monitoring")


class ApplicationField(models.TextChoices):
    REHABILITATION = "rehabilitation", _("Rehabilitation")
    ELDERLY_CARE = "elderly_care", _("Elderly care")
    EDUCATION = "education", _("Education")
    SPORTS = "sports", _("Sports")
    ENTERTAINMENT = "entertainment", _("Entertainment")
    SMART_LIVING = "smart_living", _("Smart living")
    MANUFACTURING = "manufacturing", _("Manufacturing")
    INDUSTRIAL_SAFETY = "industrial_safety", _("Industrial safety")
    MEDICAL = "medical", _("Medical diagnosis and therapy")


class RegulatoryClass(models.TextChoices):
    NON_MEDICAL = "non_medical", _("Non-medical product")
    CLASS_II = "class_ii", _("NMPA class II medical device")
    CLASS_III = "class_iii", _("NMPA class III medical device")


class RegulatoryMilestone(models.TextChoices):
    """Steps on the road to market (NMPA) and approvals abroad; a product may have reached several."""

    TYPE_INSPECTION = "type_inspection", _("Type inspection passed")
    CLINICAL_TRIAL = "clinical_trial", _("In clinical trial")
    INNOVATIVE_REVIEW = "innovative_review", _("Innovative device special review")
    REGISTERED = "registered", _("Registered with the NMPA")
    INSURANCE_LISTED = "insurance_listed", _("Listed for medical insurance")
    CE_MARKED = "ce_marked", _("CE marked")
    FDA_CLEARED = "fda_cleared", _("FDA cleared")


#: Multi-valued fields are also stored as bit masks (``portal.listing.choices``):
#: a value's bit is its position here, so new values are appended, never inserted or removed.
MULTI_VALUED = {
    "functions": ProductFunction,
    "application_fields": ApplicationField,
    "milestones": RegulatoryMilestone,
    "indications": Indication,
}


class ModerationStatus(models.TextChoices):
    """Where the product's latest version stands in the alliance's review."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting review")
    REJECTED = "rejected", _("Changes requested")
    APPROVED = "approved", _("Approved")


#: ``<field>_display`` for each multi-valued field: its values' labels as one phrase. Mixed into
#: ``Product`` and ``EditionEntry`` (whose snapshot holds the same lists).
MultiValuedLabels = labels_mixin(MULTI_VALUED)
