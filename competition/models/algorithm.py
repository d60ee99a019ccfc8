"""The algorithm track (``competition.algorithm``): a task with hidden labels, and teams' submissions.

* ``AlgorithmTask``: one per algorithm track. Staff upload the hidden labels (CSV ``trial_id,label``)
  in the admin, into the private storage; they are parsed once when saved (``answer_key``: the
  trial IDs and labels as lists), and never served to anyone but staff. ``split_seed`` and
  ``public_fraction`` split them, reproducibly, into the public and the private subset.
* ``AlgorithmTaskFile``: a public file of the task (data to download), in the private storage and
  served by a view that checks who asks.
* ``Submission``: a team's prediction file, scored in the background; ``public_metrics`` and
  ``private_metrics`` hold every metric on each subset.
"""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from competition.algorithm import parsing
from competition.algorithm.vocabulary import Metric, SubmissionStatus
from portal.i18n import Bilingual
from portal.idempotency import token_field, unique_token
from portal.storages import private_storage


def labels_path(instance, filename: str) -> str:
    return f"competition/algorithm/labels/{uuid.uuid4().hex}.csv"


def task_file_path(instance, filename: str) -> str:
    return f"competition/algorithm/files/{uuid.uuid4().hex}/{filename.rsplit('/', 1)[-1][-100:]}"


def submission_path(instance, filename: str) -> str:
    return f"competition/algorithm/submissions/{uuid.uuid4().hex}.csv"


def labels_max_bytes() -> int:
    return getattr(settings, "PORTAL_ALGORITHM_LABELS_MAX_BYTES", 50 * 1024 * 1024)


def predictions_max_bytes() -> int:
    return getattr(settings, "PORTAL_ALGORITHM_PREDICTIONS_MAX_BYTES", 10 * 1024 * 1024)


def task_file_max_bytes() -> int:
    return getattr(settings, "PORTAL_ALGORITHM_FILE_MAX_BYTES", 200 * 1024 * 1024)


#: What a submission's score is computed from (with the hidden labels): fixed once a team has submitted.
SCORING_FIELDS = ("split_seed", "public_fraction", "n_classes", "trial_seconds")


class AlgorithmTask(models.Model):
    track = models.OneToOneField(
        "competition.Track",
        verbose_name=_("track"),
        on_delete=models.CASCADE,
        related_name="algorithm_task",
        limit_choices_to={"kind": "algorithm"},
    )
    title = Bilingual(models.CharField, _("title (Chinese)"), _("title (English)"), max_length=160)
    description = Bilingual(models.TextField, _("description (Chinese)"), _("description (English)"), required=False)
    n_classes = models.PositiveSmallIntegerField(
        _("number of classes"), default=4, validators=[MinValueValidator(2), MaxValueValidator(100)]
    )
    trial_seconds = models.DecimalField(
        _("trial duration (seconds)"),
        max_digits=6,
        decimal_places=2,
        default=4,
        validators=[MinValueValidator(0.01)],
        help_text=_("For the information transfer rate in bits per minute."),
    )
    hidden_labels = models.FileField(
        _("hidden labels (CSV trial_id,label)"),
        upload_to=labels_path,
        storage=private_storage,
        max_length=300,
        help_text=_("Never shown to teams. Labels are whole numbers from 1 to the number of classes."),
    )
    #: The hidden labels parsed when staff saved them: {"ids": [...], "labels": [...]}, in file order.
    answer_key = models.JSONField(default=dict, editable=False)
    split_seed = models.PositiveIntegerField(
        _("split seed"), default=2026, help_text=_("The same seed gives the same public and private subsets.")
    )
    public_fraction = models.DecimalField(
        _("public fraction"),
        max_digits=3,
        decimal_places=2,
        default=0.5,
        validators=[MinValueValidator(0.05), MaxValueValidator(0.95)],
        help_text=_("The share of trials on the public leaderboard; the rest decide the private one."),
    )
    metric = models.CharField(_("leaderboard metric"), max_length=24, choices=Metric.choices, default=Metric.KAPPA)
    daily_limit = models.PositiveSmallIntegerField(
        _("submissions per team per day"),
        default=5,
        validators=[MinValueValidator(1)],
        help_text=_("The day in Asia/Shanghai. Invalid files and failed scoring runs do not count."),
    )
    max_finals = models.PositiveSmallIntegerField(
        _("final submissions per team"), default=2, validators=[MinValueValidator(1)]
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    panels = [
        FieldPanel("track"),
        FieldRowPanel([FieldPanel("title_zh"), FieldPanel("title_en")]),
        FieldPanel("description_zh"),
        FieldPanel("description_en"),
        FieldRowPanel([FieldPanel("n_classes"), FieldPanel("trial_seconds")]),
        MultiFieldPanel(
            [
                FieldPanel("hidden_labels", widget=forms.FileInput),
                FieldRowPanel([FieldPanel("split_seed"), FieldPanel("public_fraction")]),
            ],
            heading=_("Hidden labels"),
        ),
        FieldRowPanel([FieldPanel("metric"), FieldPanel("daily_limit"), FieldPanel("max_finals")]),
    ]

    class Meta:
        verbose_name = _("algorithm task")
        verbose_name_plural = _("algorithm tasks")
        ordering = ["track"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("competition:algorithm_task", kwargs={"task_pk": self.pk})

    def clean(self):
        """Parse newly uploaded hidden labels (a refusal is shown beside the field); keep the parsed form.
        Once a team has submitted, what the scores are computed from stays as it is (``SCORING_FIELDS``)."""
        upload = self.hidden_labels
        fresh = upload and not getattr(upload, "_committed", True)
        self._keep_what_scores_depend_on(fresh_labels=bool(fresh))
        if fresh or (upload and not self.answer_key):
            self.load_answer_key(upload)
        elif self.answer_key and max(self.answer_key["labels"]) > self.n_classes:
            raise ValidationError({"n_classes": _("The hidden labels use more classes than this.")})

    def _keep_what_scores_depend_on(self, *, fresh_labels: bool) -> None:
        """A change of the split, the classes, the trial duration or the labels after submissions would
        rank scores computed on different subsets or labels side by side (and show a team its file
        scored on two public subsets, which tells of the private one): refused, beside each field."""
        if self.pk is None or not self.submissions.exists():
            return
        stored = type(self).objects.filter(pk=self.pk).values(*SCORING_FIELDS).first() or {}
        changed = [name for name in SCORING_FIELDS if name in stored and stored[name] != getattr(self, name)]
        changed += ["hidden_labels"] if fresh_labels else []
        if changed:
            message = _("Teams have submitted to this task: what their scores are computed from cannot change.")
            raise ValidationError(dict.fromkeys(changed, message))

    def load_answer_key(self, upload) -> None:
        try:
            ids, labels = parsing.read_answer_key(upload, n_classes=self.n_classes, max_bytes=labels_max_bytes())
        except ValidationError as exc:
            raise ValidationError({"hidden_labels": exc.messages}) from None
        self.answer_key = {"ids": ids, "labels": labels}

    @property
    def n_trials(self) -> int:
        return len(self.answer_key.get("ids", []))


class AlgorithmTaskFile(models.Model):
    """Data teams download for a task (training data, the test trials without labels, a template)."""

    task = models.ForeignKey(AlgorithmTask, verbose_name=_("task"), on_delete=models.CASCADE, related_name="files")
    title = Bilingual(models.CharField, _("title (Chinese)"), _("title (English)"), max_length=160)
    file = models.FileField(_("file"), upload_to=task_file_path, storage=private_storage, max_length=300)
    size = models.PositiveBigIntegerField(_("size"), default=0, editable=False)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("task"),
        FieldRowPanel([FieldPanel("title_zh"), FieldPanel("title_en")]),
        # A plain file input: the private storage has no URL to show the current file by.
        FieldPanel("file", widget=forms.FileInput),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = _("algorithm task file")
        verbose_name_plural = _("algorithm task files")
        ordering = ["task", "sort_order", "pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.file:
            self.size = self.file.size
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("competition:algorithm_file", kwargs={"task_pk": self.task_id, "file_pk": self.pk})

    def clean(self):
        if self.file and self.file.size > task_file_max_bytes():
            raise ValidationError(
                {"file": _("The file is larger than %(limit)s.") % {"limit": filesizeformat(task_file_max_bytes())}}
            )


class Submission(models.Model):
    """A team's predictions for a task: pending until the scorer has run, then scored or failed."""

    team = models.ForeignKey(
        "competition.Team", verbose_name=_("team"), on_delete=models.CASCADE, related_name="algorithm_submissions"
    )
    task = models.ForeignKey(
        AlgorithmTask, verbose_name=_("task"), on_delete=models.CASCADE, related_name="submissions"
    )
    file = models.FileField(_("file"), upload_to=submission_path, storage=private_storage, max_length=300)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=SubmissionStatus.choices, default=SubmissionStatus.PENDING
    )
    #: Written by the scorer in both languages (it runs with no reader); ``failure_reason`` reads the page's.
    failure_reason = Bilingual(
        models.TextField, _("why scoring failed (Chinese)"), _("why scoring failed (English)"), required=False
    )
    public_metrics = models.JSONField(_("public scores"), default=dict, blank=True)
    private_metrics = models.JSONField(_("private scores"), default=dict, blank=True)
    is_final = models.BooleanField(_("final"), default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True, db_index=True)
    scored_at = models.DateTimeField(_("scored at"), null=True, blank=True)
    #: The upload form's one-time token: a double click or a re-sent upload is one submission.
    creation_token = token_field()

    class Meta:
        verbose_name = _("algorithm submission")
        verbose_name_plural = _("algorithm submissions")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["task", "team", "created_at"], name="competition_algsub_team_day")]
        constraints = [unique_token("team", name="competition_algsub_unique_creation_token")]

    def __str__(self):
        return f"{self.team} · #{self.pk}"

    def get_absolute_url(self):
        return reverse("competition:algorithm_submission", kwargs={"pk": self.pk})

    def public_score(self, metric: str) -> float | None:
        return self.public_metrics.get(metric) if self.status == SubmissionStatus.SCORED else None

    def private_score(self, metric: str) -> float | None:
        return self.private_metrics.get(metric) if self.status == SubmissionStatus.SCORED else None
