"""Case submissions: what a member organisation writes from the dashboard, step by step, for staff to review."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from cases.models.outcomes import OutcomeMeasure
from cases.validators import (
    doi_url,
    plausible_start_date,
    split_lines,
    trial_registry_url,
    validate_functions,
    validate_indications,
)
from cases.vocabulary import (
    EDITABLE_STATUSES,
    Approach,
    BCIType,
    CaseLabels,
    CaseStatus,
    EnrolmentType,
    SubmissionStatus,
    TrialPhase,
)
from portal.fields import optional_link, who
from portal.i18n import TranslatedField
from portal.idempotency import token_field, unique_token
from portal.review.state import ReviewState
from portal.storages import private_storage
from portal.uploads.attachments import Attachment

#: What members edit, step by step (the forms of ``cases.forms``); status, ownership and
#: review fields are set by ``cases.services`` only.
STEP_FIELDS = {
    "basics": (
        "title",
        "title_en",
        "summary",
        "summary_en",
        "narrative",
        "narrative_en",
        "bci_type",
        "approach",
        "functions",
        "indications",
    ),
    "clinical": (
        "phase",
        "enrolment",
        "enrolment_type",
        "start_date",
        "case_status",
        "follow_up_months",
        "adverse_events",
        "adverse_events_en",
        "trial_ids",
    ),
    "outcomes": (),
    "links": ("team", "team_en", "dois", "video_url"),
    "submit": (),
}
EDITABLE_FIELDS = frozenset(name for fields in STEP_FIELDS.values() for name in fields)
#: The texts written in both languages: ``<name>`` in Chinese, ``<name>_en`` in English (optional).
BILINGUAL_FIELDS = ("title", "summary", "narrative", "adverse_events", "team")
_ENGLISH_HELP = _("Optional: for the English page of the case; the alliance completes what is missing.")
#: The longest texts a member may write (characters): a long case report, a summary of events, a list.
NARRATIVE_MAX, NOTE_MAX, LIST_MAX = 20000, 5000, 2000


class CaseSubmission(CaseLabels, models.Model):
    """A case written by a member organisation, reviewed by staff (``cases.services``).

    Everything may be blank while it is a draft; ``services.submit`` checks completeness.
    The texts a case page shows are written in Chinese (``title``, ``summary``… : required to
    submit) and, optionally, in English (``*_en``): accepting makes the Chinese page and its
    English translation from them, and staff complete the English page where it is missing.
    ``version`` increases on every save: a form carries the version it was rendered with,
    so a second tab's older edit is refused instead of silently overwriting a newer one.
    """

    organisation = models.ForeignKey(
        "portal.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="case_submissions"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT, db_index=True
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    title = models.CharField(_("title"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    narrative = models.TextField(_("narrative"), max_length=NARRATIVE_MAX, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True, help_text=_ENGLISH_HELP)
    summary_en = models.TextField(_("summary in English"), max_length=600, blank=True, help_text=_ENGLISH_HELP)
    narrative_en = models.TextField(
        _("narrative in English"), max_length=NARRATIVE_MAX, blank=True, help_text=_ENGLISH_HELP
    )
    bci_type = models.CharField(_("BCI type"), max_length=32, choices=BCIType.choices, blank=True)
    approach = models.CharField(_("approach"), max_length=32, choices=Approach.choices, blank=True)
    functions = models.JSONField(_("functions"), default=list, blank=True, validators=[validate_functions])
    indications = models.JSONField(_("indications"), default=list, blank=True, validators=[validate_indications])
    phase = models.CharField(_("phase"), max_length=32, choices=TrialPhase.choices, blank=True)
    enrolment = models.PositiveIntegerField(
        _("enrolment"), null=True, blank=True, validators=[MaxValueValidator(100_000)]
    )
    enrolment_type = models.CharField(
        _("enrolment is"), max_length=16, choices=EnrolmentType.choices, default=EnrolmentType.ACTUAL
    )
    start_date = models.DateField(_("start date"), null=True, blank=True, validators=[plausible_start_date])
    case_status = models.CharField(_("status of the study"), max_length=16, choices=CaseStatus.choices, blank=True)
    follow_up_months = models.PositiveSmallIntegerField(
        _("follow-up (months)"), null=True, blank=True, validators=[MaxValueValidator(600)]
    )
    adverse_events = models.TextField(_("adverse events summary"), max_length=NOTE_MAX, blank=True)
    adverse_events_en = models.TextField(
        _("adverse events summary in English"), max_length=NOTE_MAX, blank=True, help_text=_ENGLISH_HELP
    )
    team = models.TextField(_("team"), max_length=LIST_MAX, blank=True)
    team_en = models.TextField(_("team in English"), max_length=LIST_MAX, blank=True, help_text=_ENGLISH_HELP)
    institutions = models.ManyToManyField(
        "portal.Organisation", verbose_name=_("institutions"), related_name="+", blank=True
    )
    products = models.ManyToManyField(
        "catalog.Product", verbose_name=_("linked catalogue products"), related_name="+", blank=True
    )
    trial_ids = models.TextField(_("trial registration numbers"), max_length=LIST_MAX, blank=True)
    dois = models.TextField(_("publication DOIs"), max_length=LIST_MAX, blank=True)
    video_url = models.URLField(_("video link"), blank=True)

    consent_confirmed = models.BooleanField(_("consent and de-identification confirmed"), default=False)
    attested_by = who(_("attested by"))
    attested_at = models.DateTimeField(_("attested at"), null=True, blank=True)

    staff_comment = models.TextField(_("comment from the alliance"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = who(_("reviewed by"))
    case_page = optional_link("cases.CasePage", _("case page"), related_name="submission", one_to_one=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    #: The "new case" form's one-time token (``portal.idempotency``): sent twice, it creates one draft.
    creation_token = token_field()

    #: The title in the active language (English when written, else Chinese): e-mails to each member.
    display_title = TranslatedField("title", "title_en")

    #: The alliance's review (``cases.services.REVIEW``).
    review = ReviewState(status="status", note="staff_comment", decided_at="reviewed_at", decided_by="reviewed_by")

    class Meta:
        verbose_name = _("case submission")
        verbose_name_plural = _("case submissions")
        ordering = ["-updated_at", "-pk"]
        constraints = [unique_token("organisation", name="cases_submission_unique_creation_token")]

    def __str__(self):
        return self.title or _("Untitled case #%(pk)s") % {"pk": self.pk}

    def get_absolute_url(self):
        return reverse("cases:submission_detail", kwargs={"pk": self.pk})

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def has_english(self) -> bool:
        return any(getattr(self, f"{name}_en") for name in BILINGUAL_FIELDS) or bool(self.english_outcomes)

    @cached_property
    def english_outcomes(self) -> list:
        """The outcome rows as the English page will show them, when any was written in English."""
        rows = list(self.outcomes.all())
        if not any(row.has_english for row in rows):
            return []
        return [row.in_english() for row in rows]

    def all_institutions(self) -> list:
        """The submitting organisation first (it is always one of the case's institutions), then the others."""
        others = [institution for institution in self.institutions.all() if institution.pk != self.organisation_id]
        return [self.organisation, *others]

    @property
    def trial_links(self) -> list[tuple[str, str]]:
        """(registration number, registry URL) of each trial registration."""
        return [(trial, trial_registry_url(trial)) for trial in split_lines(self.trial_ids)]

    @property
    def publication_links(self) -> list[tuple[str, str]]:
        """(DOI, doi.org URL) of each publication."""
        return [(doi, doi_url(doi)) for doi in split_lines(self.dois)]


#: An outcome's texts, each written in Chinese (``<name>``) and, optionally, in English (``<name>_en``).
OUTCOME_TEXTS = ("measure", "time_frame", "result", "unit")


class CaseSubmissionOutcome(OutcomeMeasure):
    submission = models.ForeignKey(CaseSubmission, on_delete=models.CASCADE, related_name="outcomes")
    sort_order = models.PositiveSmallIntegerField(default=0)
    measure_en = models.CharField(_("measure (English)"), max_length=200, blank=True)
    time_frame_en = models.CharField(_("time frame (English)"), max_length=100, blank=True)
    result_en = models.CharField(_("result (English)"), max_length=300, blank=True)
    unit_en = models.CharField(_("unit (English)"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("outcome measure")
        verbose_name_plural = _("outcome measures")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.measure

    @property
    def has_english(self) -> bool:
        return any(getattr(self, f"{name}_en") for name in OUTCOME_TEXTS)

    def values(self, language: str = "zh-hans") -> dict:
        """The row as a case page shows it in ``language``: the English texts where written, else the Chinese."""
        english = language == "en"
        texts = {name: (english and getattr(self, f"{name}_en")) or getattr(self, name) for name in OUTCOME_TEXTS}
        return {**texts, "value": self.value}

    def in_english(self) -> "CaseSubmissionOutcome":
        """An unsaved copy of the row as the English page shows it (``values("en")``)."""
        return type(self)(**self.values("en"))


def attachment_path(instance, filename: str) -> str:
    # A random folder: attachments are served only through the permission-checked view.
    return f"cases/submissions/{uuid.uuid4().hex}/{PurePath(filename).name}"


#: The private storage (outside MEDIA_ROOT, no URL): attachments may identify patients until reviewed.
#: The name stays for the migrations that import it.
attachment_storage = private_storage


class CaseSubmissionAttachment(Attachment):
    submission = models.ForeignKey(CaseSubmission, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, storage=attachment_storage, max_length=300)
