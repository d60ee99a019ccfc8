"""Recommended-catalogue editions (非侵入式脑机接口创新产品推荐目录, one per year).

An ``Edition`` goes draft → open call → under review → published. While the call is
open, enterprises apply their published products (``EditionApplication``); staff
accept (with the category and the reviewers' rationale) or reject (with a reason).
Publishing freezes every accepted application into an ``EditionEntry``: a copy of the
product *as recommended* (names, enterprise, classification, specs, regulatory data),
so later edits to the product do not change what the edition said. The entry keeps a
link to the live product (``SET_NULL``) so pages can point to it while it stays public.

These models live in their own module (imported by ``catalog.models``) so the product
models and the edition models can change independently.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.vocabulary import (
    BCIType,
    ElectrodeType,
    MultiValuedLabels,
    RegulatoryClass,
    SignalModality,
)
from portal.fields import RichTextField, optional_link, who
from portal.i18n import Bilingual, TranslatedField
from portal.review.state import ReviewState

#: What staff may use in an edition's intro; Wagtail's rich-text whitelist drops everything else.
INTRO_FEATURES = ["h3", "bold", "italic", "link", "ol", "ul"]


class EditionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Call open")
    REVIEW = "review", _("Under review")
    PUBLISHED = "published", _("Published")


class RecommendationCategory(models.TextChoices):
    """The categories an edition recommends products under: the plan's non-invasive application fields."""

    MEDICAL_REHABILITATION = "medical_rehabilitation", _("Medical rehabilitation")
    ELDERLY_CARE = "elderly_care", _("Elderly care")
    EDUCATION = "education", _("Education")
    SPORTS = "sports", _("Sports")
    ENTERTAINMENT = "entertainment", _("Entertainment and consumer")
    SMART_LIVING = "smart_living", _("Smart living")
    INDUSTRY = "industry", _("Manufacturing and industrial safety")
    COMPONENTS = "components", _("Core components and research tools")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Not accepted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Edition(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = Bilingual(models.CharField, _("title (Chinese)"), _("title (English)"), max_length=200)
    intro_zh = RichTextField(_("introduction (Chinese)"), features=INTRO_FEATURES, blank=True)
    intro_en = RichTextField(_("introduction (English)"), features=INTRO_FEATURES, blank=True)
    call_opens_at = models.DateTimeField(_("call opens at"))
    call_closes_at = models.DateTimeField(_("call closes at"))
    status = models.CharField(
        _("status"), max_length=16, choices=EditionStatus.choices, default=EditionStatus.DRAFT, editable=False
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    published_by = who(_("published by"), editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    #: Staff's steps (``catalog.editions.services.EDITION_REVIEW``): open and close the call, publish.
    review = ReviewState(status="status")

    intro = TranslatedField("intro_zh", "intro_en")

    class Meta:
        verbose_name = _("catalogue edition")
        verbose_name_plural = _("catalogue editions")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(call_closes_at__gt=models.F("call_opens_at")), name="edition_call_period_valid"
            ),
        ]

    def __str__(self):
        return str(self.title)

    def get_absolute_url(self):
        return reverse("catalog:edition_detail", kwargs={"year": self.year})

    @property
    def is_published(self) -> bool:
        return self.status == EditionStatus.PUBLISHED

    def is_call_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == EditionStatus.OPEN and self.call_opens_at <= now < self.call_closes_at


class EditionApplication(models.Model):
    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="applications"
    )
    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("product"), on_delete=models.CASCADE, related_name="edition_applications"
    )
    organisation = models.ForeignKey(
        "portal.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("applicant"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    statement = models.TextField(_("statement"))
    proposed_category = models.CharField(_("proposed category"), max_length=32, choices=RecommendationCategory.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    category = models.CharField(
        _("recommended under"), max_length=32, choices=RecommendationCategory.choices, blank=True
    )
    rationale = Bilingual(
        models.CharField, _("rationale (Chinese)"), _("rationale (English)"), max_length=500, required=False
    )
    staff_reason = models.TextField(_("reason given by the alliance"), blank=True)
    reviewed_by = who(_("reviewed by"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    #: Staff's decision (``catalog.editions.services.APPLICATION_REVIEW``).
    review = ReviewState(status="status", note="staff_reason", decided_at="reviewed_at", decided_by="reviewed_by")

    class Meta:
        verbose_name = _("edition application")
        verbose_name_plural = _("edition applications")
        ordering = ["-submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "product"], name="edition_application_once_per_product"),
        ]

    def __str__(self):
        return f"{self.edition} · {self.product}"


class EditionEntry(MultiValuedLabels, models.Model):
    """One recommended product, frozen as it was when the edition was published."""

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="entries")
    application = optional_link(EditionApplication, related_name="entry", one_to_one=True)
    product = optional_link("catalog.Product", _("live product"), related_name="edition_entries")
    category = models.CharField(_("category"), max_length=32, choices=RecommendationCategory.choices)
    rationale = Bilingual(models.CharField, _("rationale (Chinese)"), _("rationale (English)"), max_length=500)
    order = models.PositiveIntegerField(_("order"), default=0)

    # The snapshot: the product as recommended.
    name = Bilingual(models.CharField, _("name (Chinese)"), _("name (English)"), max_length=200)
    model_number = models.CharField(_("model / version"), max_length=100, blank=True)
    summary = Bilingual(
        models.CharField, _("summary (Chinese)"), _("summary (English)"), max_length=300, required=False
    )
    enterprise = Bilingual(models.CharField, _("enterprise (Chinese)"), _("enterprise (English)"), max_length=200)
    bci_type = models.CharField(_("BCI type"), max_length=32, choices=BCIType.choices)
    signal_modality = models.CharField(_("signal modality"), max_length=32, choices=SignalModality.choices)
    electrode_type = models.CharField(_("electrode type"), max_length=32, choices=ElectrodeType.choices)
    functions = models.JSONField(_("functions"), default=list, blank=True)
    application_fields = models.JSONField(_("application fields"), default=list, blank=True)
    regulatory_class = models.CharField(_("regulatory class"), max_length=32, choices=RegulatoryClass.choices)
    registration_number = models.CharField(_("registration certificate number"), max_length=32, blank=True)
    milestones = models.JSONField(_("regulatory milestones"), default=list, blank=True)
    indications = models.JSONField(_("indications"), default=list, blank=True)
    channels = models.PositiveSmallIntegerField(_("channels"), null=True, blank=True)
    sampling_rate_hz = models.PositiveIntegerField(_("sampling rate (Hz)"), null=True, blank=True)
    wireless = models.BooleanField(_("wireless"), default=False)
    battery_hours = models.DecimalField(
        _("battery life (hours)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    weight_g = models.PositiveIntegerField(_("weight (g)"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact person or department"), max_length=100, blank=True)
    contact_name_en = models.CharField(_("contact person or department (English)"), max_length=100, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=40, blank=True)
    #: A reference to the product's main image at publication (e.g. a Wagtail image ID), if it had one.
    image_ref = models.CharField(_("image reference"), max_length=200, blank=True)
    frozen_at = models.DateTimeField(_("frozen at"), default=timezone.now)

    contact = TranslatedField("contact_name", "contact_name_en")

    class Meta:
        verbose_name = _("edition entry")
        verbose_name_plural = _("edition entries")
        ordering = ["edition", "category", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "product"],
                condition=models.Q(product__isnull=False),
                name="edition_entry_once_per_product",
            ),
        ]

    def __str__(self):
        return f"{self.name} {self.model_number}".strip()
