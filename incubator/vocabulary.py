"""The incubator's vocabulary (the plan's 发现—甄别—培育 and its shared platforms) as ``TextChoices``.

Multi-valued fields store these values in JSON lists mirrored into bit masks by position
(``portal.listing.choices``): new values are appended, never inserted or removed.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class StartupStage(models.TextChoices):
    IDEA = "idea", _("Idea")
    PROOF_OF_CONCEPT = "proof_of_concept", _("Proof of concept")
    PROTOTYPE = "prototype", _("Prototype")
    CLINICAL_TRIAL = "clinical_trial", _("Clinical trial")
    REGISTERED = "registered", _("Registered product")
    REVENUE = "revenue", _("Revenue")


class Need(models.TextChoices):
    INVESTMENT = "investment", _("Investment")
    FABRICATION = "fabrication", _("Micro/nano fabrication")
    ANIMAL_TESTING = "animal_testing", _("Animal testing")
    CLINICAL_BASE = "clinical_base", _("Clinical trial base")
    DATA = "data", _("Data services")
    SPACE = "space", _("Office and lab space")
    REGULATORY = "regulatory", _("Regulatory help")


class PlatformService(models.TextChoices):
    """What the plan's shared platforms, incubators and proof-of-concept programmes offer."""

    GMP_FABRICATION = "gmp_fabrication", _("GMP micro/nano fabrication")
    GLP_ANIMAL = "glp_animal", _("GLP animal experiments (incl. non-human primates)")
    DATA_SERVICE = "data_service", _("Data service platform")
    CLINICAL_TRIAL_BASE = "clinical_trial_base", _("Clinical trial base")
    PROOF_OF_CONCEPT = "proof_of_concept", _("Proof-of-concept programme")
    INCUBATION_SPACE = "incubation_space", _("Incubation space")
    FINANCING = "financing", _("Financing services")
    MATCHMAKING = "matchmaking", _("Partner matchmaking")
    REGULATORY = "regulatory", _("Registration and regulatory support")


#: Which platform services answer which startup need (the platform matchmaking's hard filter).
SERVICES_FOR_NEED = {
    Need.INVESTMENT: {PlatformService.FINANCING},
    Need.FABRICATION: {PlatformService.GMP_FABRICATION},
    Need.ANIMAL_TESTING: {PlatformService.GLP_ANIMAL},
    Need.CLINICAL_BASE: {PlatformService.CLINICAL_TRIAL_BASE},
    Need.DATA: {PlatformService.DATA_SERVICE},
    Need.SPACE: {PlatformService.INCUBATION_SPACE, PlatformService.PROOF_OF_CONCEPT},
    Need.REGULATORY: {PlatformService.REGULATORY},
}


class Region(models.TextChoices):
    SHANGHAI = "shanghai", _("Shanghai")
    YANGTZE_DELTA = "yangtze_delta", _("Yangtze River Delta")
    CHINA = "china", _("Mainland China")
    INTERNATIONAL = "international", _("International")


class Visibility(models.TextChoices):
    """Who sees a group of a startup's profile fields."""

    PUBLIC = "public", _("Everyone")
    INVESTORS = "investors", _("Verified investors")
    MATCHED = "matched", _("Only matched investors (after an accepted meeting or data-room access)")


class MeetingStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting an answer")
    ACCEPTED = "accepted", pgettext_lazy("meeting status", "Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    CANCELLED = "cancelled", _("Withdrawn")


class AccessStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    REVOKED = "revoked", _("Revoked")


class DocumentKind(models.TextChoices):
    BUSINESS_PLAN = "business_plan", _("Business plan")
    FINANCIALS = "financials", _("Financial statements")
    TECHNICAL = "technical", _("Technical dossier")
    OTHER = "other", _("Other document")


class DocumentAction(models.TextChoices):
    VIEW = "view", _("Viewed")
    DOWNLOAD = "download", _("Downloaded")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting review")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Not accepted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PipelineStage(models.TextChoices):
    DISCOVERED = "discovered", _("Discovered")
    SCREENING = "screening", _("Screening")
    CULTIVATING = "cultivating", _("Cultivating")
    GRADUATED = "graduated", _("Graduated")
    EXITED = "exited", _("Exited")
    DROPPED = "dropped", _("Dropped")


#: The stages a startup may move to from each stage (a project manager's move; staff alike).
STAGE_MOVES = {
    PipelineStage.DISCOVERED: {PipelineStage.SCREENING, PipelineStage.DROPPED},
    PipelineStage.SCREENING: {PipelineStage.CULTIVATING, PipelineStage.DROPPED, PipelineStage.DISCOVERED},
    PipelineStage.CULTIVATING: {PipelineStage.GRADUATED, PipelineStage.EXITED, PipelineStage.DROPPED},
    PipelineStage.GRADUATED: {PipelineStage.CULTIVATING},
    PipelineStage.EXITED: set(),
    PipelineStage.DROPPED: {PipelineStage.DISCOVERED},
}


class PipelineSource(models.TextChoices):
    COMPETITION = "competition", _("Competition")
    APPLICATION = "application", _("Application")
    REFERRAL = "referral", _("Referral")
    SEARCH = "search", _("Search")


class SupportKind(models.TextChoices):
    """What cultivating a startup consists of (the plan's incubation and PoC support)."""

    PROOF_OF_CONCEPT = "proof_of_concept", _("Proof of concept")
    INCUBATION = "incubation", _("Incubation")
    PLATFORM_BOOKING = "platform_booking", _("Platform resources booked")
    POLICY_SUPPORT = "policy_support", _("Policy support")
    FINANCING_ROUND = "financing_round", _("Financing round")


class MatchKind(models.TextChoices):
    INVESTOR = "investor", _("Startup and investor")
    PLATFORM = "platform", _("Startup and service platform")
