"""The judging engine's records.

A ``Panel`` is one judged round, owned by anything (a competition stage × track, a typical-case
selection, a catalogue edition) through a generic relation. Its subjects are ``Item``s (again a
generic relation, to whatever is judged), scored with the panel's ``Rubric`` by the panel's
judges (``PanelJudge``) through ``Assignment``s, one ``Scorecard`` each.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from portal.i18n import Bilingual
from portal.idempotency import token_field, unique_token
from portal.judging.validators import validate_tags
from portal.judging.vocabulary import (
    AssignmentSource,
    AssignmentStatus,
    PanelStatus,
    Recommendation,
    ScorecardStatus,
)


class Rubric(ClusterableModel):
    """Weighted criteria with score ranges, shared by any number of panels."""

    name = Bilingual(models.CharField, _("name (Chinese)"), _("name (English)"), max_length=200)

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.name)


class Criterion(models.Model):
    rubric = ParentalKey(Rubric, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("rubric"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = Bilingual(models.CharField, _("name (Chinese)"), _("name (English)"), max_length=200)
    descriptor = Bilingual(models.TextField, _("descriptor (Chinese)"), _("descriptor (English)"), required=False)
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=3,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.001"))],
    )
    min_score = models.IntegerField(_("lowest score"), default=0)
    max_score = models.IntegerField(_("highest score"), default=10)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["rubric", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="judging_criterion_weight_positive"),
            models.CheckConstraint(condition=Q(max_score__gt=models.F("min_score")), name="judging_criterion_range"),
        ]

    def __str__(self) -> str:
        return str(self.name)

    def clean(self):
        if self.min_score is not None and self.max_score is not None and self.max_score <= self.min_score:
            raise ValidationError({"max_score": _("The highest score must be above the lowest.")})


class Panel(models.Model):
    """One judged round: who judges what, with which rubric, until when."""

    owner_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    owner_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("owner_type", "owner_id")
    title = Bilingual(models.CharField, _("title (Chinese)"), _("title (English)"), max_length=200)
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="panels", verbose_name=_("rubric"))
    judges_per_item = models.PositiveSmallIntegerField(
        _("judges per item"), default=3, validators=[MinValueValidator(1)]
    )
    blind = models.BooleanField(_("blind"), default=False, help_text=_("Judges do not see who made what they judge."))
    scoring_opens_at = models.DateTimeField(_("scoring opens at"))
    scoring_closes_at = models.DateTimeField(_("scoring closes at"))
    status = models.CharField(_("status"), max_length=16, choices=PanelStatus.choices, default=PanelStatus.OPEN)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    #: The opening form's one-time token: the same form sent twice (a double click) opens one panel.
    creation_token = token_field()

    class Meta:
        verbose_name = _("panel")
        verbose_name_plural = _("panels")
        ordering = ["pk"]
        indexes = [models.Index(fields=["owner_type", "owner_id"])]
        constraints = [unique_token("owner_type", "owner_id", name="judging_panel_unique_creation_token")]

    def __str__(self) -> str:
        return str(self.title)

    def clean(self):
        if self.scoring_opens_at and self.scoring_closes_at and self.scoring_closes_at <= self.scoring_opens_at:
            raise ValidationError({"scoring_closes_at": _("Scoring must close after it opens.")})

    def scoring_is_open(self, at=None) -> bool:
        """Open from ``scoring_opens_at`` to ``scoring_closes_at``, both included (as the competition's
        deadlines: the whole closing second is on time, the next one is refused)."""
        at = (at or timezone.now()).replace(microsecond=0)
        return self.status == PanelStatus.OPEN and self.scoring_opens_at <= at <= self.scoring_closes_at

    def is_closed(self, at=None) -> bool:
        """Closed by staff, or past its closing second: judges may then see each other's scores."""
        at = (at or timezone.now()).replace(microsecond=0)
        return self.status == PanelStatus.CLOSED or at > self.scoring_closes_at


class PanelJudge(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="judges", verbose_name=_("panel"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="judging_panels", verbose_name=_("judge")
    )

    class Meta:
        verbose_name = _("panel judge")
        verbose_name_plural = _("panel judges")
        constraints = [models.UniqueConstraint(fields=["panel", "user"], name="judging_panel_judge_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.panel}"


class JudgeProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="judge_profile", verbose_name=_("judge")
    )
    expertise = models.JSONField(_("expertise tags"), default=list, blank=True, validators=[validate_tags])
    public_bio = models.TextField(_("public biography"), blank=True)

    class Meta:
        verbose_name = _("judge profile")
        verbose_name_plural = _("judge profiles")

    def __str__(self) -> str:
        return str(self.user)


class ConflictDeclaration(models.Model):
    """A tie a judge declares: with an organisation, or with a person."""

    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="conflict_declarations",
        verbose_name=_("judge"),
    )
    organisation = models.ForeignKey(
        "portal.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("conflict declaration")
        verbose_name_plural = _("conflict declarations")
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | Q(person__isnull=False),
                name="judging_conflict_names_someone",
            )
        ]

    def __str__(self) -> str:
        return f"{self.judge} ↔ {self.organisation or self.person}"


class ItemQuerySet(models.QuerySet):
    def in_round(self):
        """Items still before their judges (not withdrawn)."""
        return self.filter(withdrawn_at__isnull=True)


class Item(models.Model):
    """A subject judged in a panel (an entry, a case, an application)."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="items", verbose_name=_("panel"))
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    tags = models.JSONField(_("tags"), default=list, blank=True, validators=[validate_tags])
    #: Set when the using app takes the subject out of the round (an entry found ineligible):
    #: its judges no longer see it, it is not assigned or ranked; its assignments and scorecards
    #: are kept, and come back if the subject is restored (``services.restore_subject``).
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("judged item")
        verbose_name_plural = _("judged items")
        ordering = ["panel", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "subject_type", "subject_id"], name="judging_item_unique")
        ]

    def __str__(self) -> str:
        return self.name_of(self.subject_type_id, self.subject_id)

    @staticmethod
    def name_of(subject_type_id: int, subject_id: int) -> str:
        """An item's ``str`` from its two columns (a list of items read as values names them the same way)."""
        # get_for_id is cached: naming many items costs no query each. The model's name in the reader's language.
        model = ContentType.objects.get_for_id(subject_type_id).model_class()
        return f"{model._meta.verbose_name if model else _('item')} #{subject_id}"


class AssignmentQuerySet(models.QuerySet):
    def live(self):
        """Assignments that count: active (not recused), on an item still in its round (not withdrawn)."""
        return self.filter(status=AssignmentStatus.ACTIVE, item__withdrawn_at__isnull=True)


class Assignment(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("item"))
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="judging_assignments", verbose_name=_("judge")
    )
    source = models.CharField(
        _("source"), max_length=8, choices=AssignmentSource.choices, default=AssignmentSource.AUTO
    )
    status = models.CharField(
        _("status"), max_length=8, choices=AssignmentStatus.choices, default=AssignmentStatus.ACTIVE, db_index=True
    )
    recusal_reason = models.TextField(_("reason for recusal"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["item", "pk"]
        constraints = [models.UniqueConstraint(fields=["item", "judge"], name="judging_assignment_unique")]

    def __str__(self) -> str:
        return f"{self.judge} → {self.item}"

    @property
    def is_active(self) -> bool:
        """Active and on an item still in its round (``AssignmentQuerySet.live`` for one row)."""
        return self.status == AssignmentStatus.ACTIVE and self.item.withdrawn_at is None


class Scorecard(models.Model):
    """A judge's scores for one assignment: a draft until submitted, then locked (staff may unlock)."""

    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="scorecard", verbose_name=_("assignment")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ScorecardStatus.choices, default=ScorecardStatus.DRAFT, db_index=True
    )
    recommendation = models.CharField(_("recommendation"), max_length=24, choices=Recommendation.choices, blank=True)
    comment = models.TextField(_("overall comment"), blank=True)
    #: Optimistic concurrency: each save names the version it started from and raises it by one.
    version = models.PositiveIntegerField(_("version"), default=0)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")

    def __str__(self) -> str:
        return str(self.assignment)

    @property
    def is_submitted(self) -> bool:
        return self.status == ScorecardStatus.SUBMITTED


class CriterionScore(models.Model):
    scorecard = models.ForeignKey(
        Scorecard, on_delete=models.CASCADE, related_name="scores", verbose_name=_("scorecard")
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("criterion"))
    value = models.DecimalField(_("score"), max_digits=7, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "criterion"], name="judging_criterion_score_unique")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"
