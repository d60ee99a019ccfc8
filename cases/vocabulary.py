"""The cases' vocabulary, from the action plan (沪科〔2025〕5号), in one place.

Every choice is a ``TextChoices`` with a translated label; models, forms, facets, the
API and the demo data all use these values.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.listing.choices import labels_mixin
from portal.vocabulary import Indication  # shared with the catalogue, imported from here too


class BCIType(models.TextChoices):
    INVASIVE = "invasive", _("Invasive")
    SEMI_INVASIVE = "semi_invasive", _("Semi-invasive")
    INTERVENTIONAL = "interventional", _("Interventional (endovascular)")
    NON_INVASIVE = "non_invasive", _("Non-invasive (for comparison)")


class Approach(models.TextChoices):
    INTRACORTICAL_ARRAY = "intracortical_array", _("Intracortical microelectrode array")
    FLEXIBLE_ELECTRODE = "flexible_electrode", _("Flexible electrode")
    ECOG = "ecog", _("ECoG (electrocorticography)")
    EPIDURAL = "epidural", _("Epidural electrode")
    ENDOVASCULAR_STENT = "endovascular_stent", _("Endovascular stent electrode")
    BRAIN_SPINE = "brain_spine", _("Epidural brain-spine interface")
    DEEP_BRAIN = "deep_brain", _("Deep-brain stimulation electrode")
    SCALP_EEG = "scalp_eeg", _("Scalp EEG")


class CaseFunction(models.TextChoices):
    MOTOR_CONTROL = "motor_control", _("Motor control")
    SPEECH = "speech", _("Speech synthesis")
    VISION = "vision", _("Vision restoration")
    SENSATION = "sensation", _("Touch and sensation")
    NEUROMODULATION = "neuromodulation", _("Neuromodulation therapy")


class TrialPhase(models.TextChoices):
    FIRST_IN_HUMAN = "first_in_human", _("First-in-human / early feasibility")
    PILOT = "pilot", _("Pilot study")
    PIVOTAL = "pivotal", _("Pivotal / confirmatory trial")
    INVESTIGATOR = "investigator", _("Investigator-initiated study")
    POST_MARKET = "post_market", _("Post-market study")
    CLINICAL_USE = "clinical_use", _("Clinical use")


class CaseStatus(models.TextChoices):
    RECRUITING = "recruiting", _("Recruiting")
    ONGOING = "ongoing", _("Ongoing")
    FOLLOW_UP = "follow_up", _("In follow-up")
    COMPLETED = "completed", pgettext_lazy("case status", "Completed")
    TERMINATED = "terminated", _("Terminated")


class EnrolmentType(models.TextChoices):
    """Read after the number, in brackets ("3 (anticipated)"), hence in lower case."""

    ACTUAL = "actual", _("actual")
    ANTICIPATED = "anticipated", _("anticipated")


class SubmissionStatus(models.TextChoices):
    """Where a case submission stands in the alliance's review."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    ACCEPTED = "accepted", pgettext_lazy("case submission status", "Accepted")
    REJECTED = "rejected", pgettext_lazy("case submission status", "Rejected")


#: Statuses in which the organisation's members may still edit the submission.
EDITABLE_STATUSES = (SubmissionStatus.DRAFT, SubmissionStatus.CHANGES_REQUESTED)
#: Statuses waiting for staff.
AWAITING_STAFF = (SubmissionStatus.SUBMITTED, SubmissionStatus.RESUBMITTED)

#: The multi-valued lists of cases and submissions; cases mirror them into ``<name>_mask`` columns
#: (``portal.listing.choices``): a value's bit is its position, so new values are appended.
MULTI_VALUED = {"functions": CaseFunction, "indications": Indication}
#: ``functions_display`` / ``indications_display`` of cases and submissions.
CaseLabels = labels_mixin(MULTI_VALUED)
