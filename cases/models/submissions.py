"""Case submissions: what a member organisation writes from the dashboard, step by step, for staff to review."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases.models.outcomes import OutcomeMeasure
from cases.validators import validate_functions, validate_indications
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
from portal.review.state import ReviewState

#: What members edit, step by step (the forms of ``cases.forms``); status, ownership and
#: review fields are set by ``cases.services`` only.
STEP_FIELDS = {
    "basics": ("title", "summary", "narrative", "bci_type", "approach", "functions", "indications"),
    "clinical": (
        "phase",
        "enrolment",
        "enrolment_type",
        "start_date",
        "case_status",
        "follow_up_months",
        "adverse_events",
        "trial_ids",
    ),
    "outcomes": (),
    "links": ("team", "dois", "video_url"),
    "submit": (),
}
EDITABLE_FIELDS = frozenset(name for fields in STEP_FIELDS.values() for name in fields)


class CaseSubmission(CaseLabels, models.Model):
    """A case written by a member organisation, reviewed by staff (``cases.services``).

    Everything may be blank while it is a draft; ``services.submit`` checks completeness.
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
    narrative = models.TextField(_("narrative"), blank=True)
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
    start_date = models.DateField(_("start date"), null=True, blank=True)
    case_status = models.CharField(_("status of the study"), max_length=16, choices=CaseStatus.choices, blank=True)
    follow_up_months = models.PositiveSmallIntegerField(
        _("follow-up (months)"), null=True, blank=True, validators=[MaxValueValidator(600)]
    )
    adverse_events = models.TextField(_("adverse events summary"), blank=True)
    team = models.TextField(_("team"), blank=True)
    institutions = models.ManyToManyField(
        "portal.Organisation", verbose_name=_("institutions"), related_name="+", blank=True
    )
    products = models.ManyToManyField(
        "catalog.Product", verbose_name=_("linked catalogue products"), related_name="+", blank=True
    )
    trial_ids = models.TextField(_("trial registration numbers"), blank=True)
    dois = models.TextField(_("publication DOIs"), blank=True)
    video_url = models.URLField(_("video link"), blank=True)

    consent_confirmed = models.BooleanField(_("consent and de-identification confirmed"), default=False)
    attested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    attested_at = models.DateTimeField(_("attested at"), null=True, blank=True)

    staff_comment = models.TextField(_("comment from the alliance"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    case_page = models.OneToOneField(
        "cases.CasePage",
        verbose_name=_("case page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submission",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    #: The "new case" form's one-time token (``portal.idempotency``): sent twice, it creates one draft.
    creation_token = models.UUIDField(null=True, blank=True, editable=False)

    #: The alliance's review (``cases.services.REVIEW``).
    review = ReviewState(status="status", note="staff_comment", decided_at="reviewed_at", decided_by="reviewed_by")

    class Meta:
        verbose_name = _("case submission")
        verbose_name_plural = _("case submissions")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "creation_token"], name="cases_submission_unique_creation_token"
            )
        ]

    def __str__(self):
        return self.title or _("Untitled case #%(pk)s") % {"pk": self.pk}

    def get_absolute_url(self):
        return reverse("cases:submission_detail", kwargs={"pk": self.pk})

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class CaseSubmissionOutcome(OutcomeMeasure):
    submission = models.ForeignKey(CaseSubmission, on_delete=models.CASCADE, related_name="outcomes")
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("outcome measure")
        verbose_name_plural = _("outcome measures")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.measure


def attachment_path(instance, filename: str) -> str:
    # A random folder: attachments are served only through the permission-checked view.
    return f"cases/submissions/{uuid.uuid4().hex}/{PurePath(filename).name}"


def attachment_storage():
    """The private storage (outside MEDIA_ROOT, no URL): attachments may identify patients until reviewed."""
    return storages["private"]


class CaseSubmissionAttachment(models.Model):
    submission = models.ForeignKey(CaseSubmission, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, storage=attachment_storage, max_length=300)
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(max_length=100, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.name
