"""The competition's structure: an edition, its tracks (with the entry form's fields) and its stages.

The alliance's records, edited by staff in the admin; bilingual as ``*_zh`` / ``*_en``
(``portal.i18n.TranslatedField``), shared by both language trees of the call page.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel

from competition import deadlines
from competition.vocabulary import CompetitionStatus, FieldKind, StageKind, TrackKind
from portal.i18n import Bilingual, one_side
from portal.models.orderable import Orderable


class Competition(ClusterableModel):
    """One edition of the BCI innovation application competition, e.g. 2026."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = Bilingual(models.CharField, _("name (Chinese)"), _("name (English)"), max_length=160)
    status = models.CharField(
        _("status"), max_length=16, choices=CompetitionStatus.choices, default=CompetitionStatus.DRAFT
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    panels = [
        FieldRowPanel([FieldPanel("name_zh"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("year"), FieldPanel("slug"), FieldPanel("status")]),
        InlinePanel("stages", heading=_("Stages"), label=_("stage")),
    ]

    class Meta:
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")
        ordering = ["-year"]

    def __str__(self):
        return self.name

    def stage(self, kind: str):
        """The first stage of ``kind`` (the stages are few and usually prefetched)."""
        return next((stage for stage in self.stages.all() if stage.kind == kind), None)

    @property
    def results_are_published(self) -> bool:
        """Its awards are public (``ResultsPublication``); read with ``select_related("results_publication")``
        it costs no query."""
        return hasattr(self, "results_publication")

    @property
    def submission_deadline(self):
        stage = self.stage(StageKind.SUBMISSION)
        return stage.closes_at if stage else None

    def takes_teams(self, now=None) -> bool:
        """Teams register while the competition is open, until its submission deadline (a team
        registered later could enter nothing); the deadline's own second is still on time."""
        return self.status == CompetitionStatus.OPEN and not deadlines.has_passed(self.submission_deadline, now)


class Stage(Orderable):
    """A stage of a competition: submission → preliminary review → final (roadshow) → results.

    Times are typed in Asia/Shanghai and stored in UTC (``competition.deadlines``). ``blind``:
    judges of this stage do not see who entered.
    """

    competition = ParentalKey(Competition, on_delete=models.CASCADE, related_name="stages")
    kind = models.CharField(_("kind"), max_length=16, choices=StageKind.choices)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    blind = models.BooleanField(_("blind judging"), default=False)

    panels = [
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldPanel("blind"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("stage")
        verbose_name_plural = _("stages")

    def __str__(self):
        return f"{self.competition} · {self.get_kind_display()}"

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("A stage closes after it opens.")})

    def is_running(self, now) -> bool:
        return self.opens_at <= now <= self.closes_at


class Track(ClusterableModel):
    """A track of a competition, with the questions its entry form asks (``TrackField``)."""

    competition = models.ForeignKey(
        Competition, verbose_name=_("competition"), on_delete=models.CASCADE, related_name="tracks"
    )
    slug = models.SlugField(_("slug"), max_length=60)
    kind = models.CharField(_("kind"), max_length=16, choices=TrackKind.choices)
    name = Bilingual(models.CharField, _("name (Chinese)"), _("name (English)"), max_length=120)
    description = Bilingual(models.TextField, _("description (Chinese)"), _("description (English)"), required=False)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("competition"),
        FieldRowPanel([FieldPanel("name_zh"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("slug"), FieldPanel("kind"), FieldPanel("sort_order")]),
        FieldPanel("description_zh"),
        FieldPanel("description_en"),
        InlinePanel("fields", heading=_("Entry form questions"), label=_("question")),
    ]

    class Meta:
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        ordering = ["competition", "sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["competition", "slug"], name="competition_track_unique_slug")]

    def __str__(self):
        return f"{self.competition.year} · {self.name}"


class TrackField(Orderable):
    """One question of a track's entry form; an entry's answer is stored under ``key``."""

    track = ParentalKey(Track, on_delete=models.CASCADE, related_name="fields")
    key = models.SlugField(
        _("key"), max_length=40, help_text=_("Where the answer is stored; do not change it once entries exist.")
    )
    label = Bilingual(models.CharField, _("label (Chinese)"), _("label (English)"), max_length=200)
    help = Bilingual(models.CharField, _("help (Chinese)"), _("help (English)"), max_length=300, required=False)
    kind = models.CharField(_("kind"), max_length=16, choices=FieldKind.choices, default=FieldKind.SHORT_TEXT)
    choices = models.JSONField(
        _("choices"),
        default=list,
        blank=True,
        help_text=_('For a choice: a list such as ["选项一 / Option one", "…"].'),
    )
    required = models.BooleanField(_("required to submit"), default=False)

    panels = [
        FieldRowPanel([FieldPanel("key"), FieldPanel("kind"), FieldPanel("required")]),
        FieldRowPanel([FieldPanel("label_zh"), FieldPanel("label_en")]),
        FieldRowPanel([FieldPanel("help_zh"), FieldPanel("help_en")]),
        FieldPanel("choices"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("entry form question")
        verbose_name_plural = _("entry form questions")
        constraints = [models.UniqueConstraint(fields=["track", "key"], name="competition_trackfield_unique_key")]

    def __str__(self):
        return self.label

    def shown(self, answer):
        """An answer as the page shows it: a choice in the page's language ("侵入式 / Invasive")."""
        return one_side(answer) if self.kind == FieldKind.CHOICE and isinstance(answer, str) else answer

    def clean(self):
        if self.kind == FieldKind.CHOICE and not (
            isinstance(self.choices, list) and self.choices and all(isinstance(c, str) and c for c in self.choices)
        ):
            raise ValidationError({"choices": _("A choice question needs a list of choices.")})
