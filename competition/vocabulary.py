"""The competition's vocabulary: statuses and kinds as ``TextChoices`` with translated labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CompetitionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for entries")
    JUDGING = "judging", _("Judging")
    FINISHED = "finished", _("Finished")


class TrackKind(models.TextChoices):
    MEDICAL = "medical", _("Medical and health")
    CONSUMER = "consumer", _("Consumer and non-invasive applications")
    ALGORITHM = "algorithm", _("Algorithm")


class FieldKind(models.TextChoices):
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    CHOICE = "choice", _("Choice")
    NUMBER = "number", _("Number")
    #: A count (a team's size, a number of patients): an integer, 0 or more.
    WHOLE_NUMBER = "whole_number", _("Whole number (a count)")
    FILE = "file", _("File (PDF or image)")
    URL = "url", _("Web address")


class StageKind(models.TextChoices):
    SUBMISSION = "submission", _("Submission")
    PRELIMINARY = "preliminary", _("Preliminary review")
    FINAL = "final", _("Final (roadshow)")
    RESULTS = "results", _("Results")


class EntryStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ELIGIBLE = "eligible", _("Eligible")
    INELIGIBLE = "ineligible", _("Ineligible")
    ADVANCED = "advanced", _("Advanced")
    AWARDED = "awarded", _("Awarded")


class TeamRole(models.TextChoices):
    CAPTAIN = "captain", _("Captain")
    MEMBER = "member", _("Member")


class AttachmentKind(models.TextChoices):
    DECK = "deck", _("Pitch deck (PDF)")
    IMAGE = "image", _("Image")
    FIELD = "field", _("Answer to a question")


#: What a team still edits (until the deadline).
TEAM_EDITABLE = (EntryStatus.DRAFT, EntryStatus.SUBMITTED)
#: Entries in the competition: submitted, and neither withdrawn nor found ineligible. A team takes part in
#: the algorithm track's task (uploads predictions, is on its leaderboards) with one of these on that track.
ENTERED = (EntryStatus.SUBMITTED, EntryStatus.ELIGIBLE, EntryStatus.ADVANCED, EntryStatus.AWARDED)
#: Entries staff screen for eligibility.
AWAITING_SCREENING = (EntryStatus.SUBMITTED,)
