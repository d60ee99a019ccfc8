"""Profiles: what a startup, an investor and a service platform or incubator tell the alliance.

Each profile belongs to one organisation of the matching kind (``Organisation.kind``) and is
edited by its members (``incubator.services``). Lists of vocabulary values are JSON lists
mirrored into facet bit masks (``portal.listing.choices.MaskedChoices``).

A startup chooses, per group of fields, who sees it (``Visibility``): the basics (stage, TRL,
focus, needs, summary) are always public; ``team``, ``funding``, ``traction``, ``ip`` and the
pitch ``deck`` each have their own setting, enforced by ``incubator.permissions.visible_groups``.
Amounts are in yuan (CNY).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from catalog.vocabulary import ApplicationField, BCIType, ProductFunction
from incubator import money, validators
from incubator.vocabulary import ApplicationStatus, Need, PlatformService, Region, StartupStage, Visibility
from portal.fields import who
from portal.i18n import Bilingual
from portal.idempotency import token_field, unique_token
from portal.listing.choices import MaskedChoices, labels_mixin
from portal.review.state import ReviewState
from portal.storages import private_storage
from portal.vocabulary import Indication

#: A startup's multi-valued fields and their vocabularies (the facets' masks follow them).
STARTUP_MULTI_VALUED = {
    "bci_types": BCIType,
    "functions": ProductFunction,
    "indications": Indication,
    "application_fields": ApplicationField,
    "needs": Need,
}
INVESTOR_MULTI_VALUED = {
    "bci_types": BCIType,
    "functions": ProductFunction,
    "application_fields": ApplicationField,
    "stages": StartupStage,
    "regions": Region,
}
PLATFORM_MULTI_VALUED = {"services": PlatformService}

#: The groups of a startup's fields whose visibility the startup chooses, and their fields.
FIELD_GROUPS = {
    "team": ("team_size", "key_people_zh", "key_people_en"),
    "funding": ("funding_raised_cny", "ask_min_cny", "ask_max_cny", "use_of_funds_zh", "use_of_funds_en"),
    "traction": ("traction_zh", "traction_en"),
    "ip": ("patents", "ip_notes_zh", "ip_notes_en"),
    "deck": ("pitch_deck",),
}


def _visibility(label):
    return models.CharField(label, max_length=16, choices=Visibility.choices, default=Visibility.INVESTORS)


def deck_path(instance, filename: str) -> str:
    # A random folder: decks are served only through the permission-checked view.
    return f"incubator/decks/{uuid.uuid4().hex}/{filename.rsplit('/', 1)[-1]}"


class AmountDisplay(property):
    """``<field>_display``: an amount of yuan as every page writes it (``incubator.money``); the admin's
    inspect pages read it (``portal.review.admin.readable``), instead of ``20000000``, under ``label``:
    the field's name without its unit (``已融资金额``, not ``已融资金额（元）`` beside ``700万元``)."""

    def __init__(self, field_name: str, label):
        super().__init__(lambda profile: money.cny(getattr(profile, field_name)))
        self.label = label


class StartupProfile(MaskedChoices, labels_mixin(STARTUP_MULTI_VALUED), models.Model):
    multi_valued = STARTUP_MULTI_VALUED

    organisation = models.OneToOneField(
        "portal.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="startup_profile"
    )
    summary = Bilingual(
        models.TextField, _("summary (Chinese)"), _("summary (English)"), max_length=1000, required=False
    )
    stage = models.CharField(_("stage"), max_length=32, choices=StartupStage.choices, default=StartupStage.IDEA)
    trl = models.PositiveSmallIntegerField(
        _("technology readiness level (TRL)"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text=_("1 (basic principles observed) to 9 (proven in operation)."),
    )
    bci_types = models.JSONField(_("BCI types"), default=list, blank=True, validators=[validators.validate_bci_types])
    functions = models.JSONField(_("functions"), default=list, blank=True, validators=[validators.validate_functions])
    indications = models.JSONField(
        _("indications"), default=list, blank=True, validators=[validators.validate_indications]
    )
    application_fields = models.JSONField(
        _("application fields"), default=list, blank=True, validators=[validators.validate_application_fields]
    )
    needs = models.JSONField(_("needs"), default=list, blank=True, validators=[validators.validate_needs])
    founded = models.PositiveSmallIntegerField(
        _("year founded"), null=True, blank=True, validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )

    team_size = models.PositiveSmallIntegerField(_("team size"), null=True, blank=True)
    key_people = Bilingual(
        models.TextField, _("key people (Chinese)"), _("key people (English)"), max_length=2000, required=False
    )
    funding_raised_cny = models.PositiveBigIntegerField(_("funding raised (CNY)"), null=True, blank=True)
    ask_min_cny = models.PositiveBigIntegerField(_("funding ask from (CNY)"), null=True, blank=True)
    ask_max_cny = models.PositiveBigIntegerField(_("funding ask up to (CNY)"), null=True, blank=True)
    use_of_funds = Bilingual(
        models.TextField, _("use of funds (Chinese)"), _("use of funds (English)"), max_length=2000, required=False
    )
    traction = Bilingual(
        models.TextField, _("traction (Chinese)"), _("traction (English)"), max_length=2000, required=False
    )
    patents = models.PositiveSmallIntegerField(_("patents granted or filed"), default=0)
    ip_notes = Bilingual(
        models.TextField,
        _("intellectual property (Chinese)"),
        _("intellectual property (English)"),
        max_length=2000,
        required=False,
    )
    pitch_deck = models.FileField(
        _("pitch deck (PDF)"), upload_to=deck_path, storage=private_storage, max_length=300, blank=True
    )

    team_visibility = _visibility(_("who sees the team"))
    funding_visibility = _visibility(_("who sees the funding"))
    traction_visibility = _visibility(_("who sees the traction"))
    ip_visibility = _visibility(_("who sees the intellectual property"))
    deck_visibility = _visibility(_("who sees the pitch deck"))

    bci_types_mask = models.PositiveIntegerField(default=0, editable=False)
    functions_mask = models.PositiveIntegerField(default=0, editable=False)
    indications_mask = models.PositiveIntegerField(default=0, editable=False)
    application_fields_mask = models.PositiveIntegerField(default=0, editable=False)
    needs_mask = models.PositiveIntegerField(default=0, editable=False)

    #: Listed in the startup directory (a startup may keep its profile to itself while drafting).
    listed = models.BooleanField(_("listed in the startup directory"), default=True)
    #: When ``listed`` last turned on, a profile created listed included (``services.save_profile``);
    #: empty for a profile made outside the services (the demo, imports), whose creation stands for
    #: it. With the organisation's verification it says since when the profile is public: what the
    #: saved searches' digest calls new (``queries.new_matches``).
    listed_at = models.DateTimeField(_("listed since"), null=True, blank=True, editable=False)
    #: Edits carry the version they were made on (a stale save is refused, not merged).
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("startup profile")
        verbose_name_plural = _("startup profiles")
        ordering = ["organisation__name_zh"]
        indexes = [models.Index(fields=["listed", "stage", "trl"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ask_min_cny__isnull=True)
                | models.Q(ask_max_cny__isnull=True)
                | models.Q(ask_min_cny__lte=models.F("ask_max_cny")),
                name="incubator_startup_ask_range",
            ),
            models.CheckConstraint(condition=models.Q(trl__gte=1, trl__lte=9), name="incubator_startup_trl_range"),
        ]

    def __str__(self):
        return str(self.organisation)

    def get_absolute_url(self):
        return reverse("incubator:startup_detail", kwargs={"slug": self.organisation.slug})

    def visibility_of(self, group: str) -> str:
        return getattr(self, f"{group}_visibility")

    funding_raised_cny_display = AmountDisplay("funding_raised_cny", _("funding raised"))
    ask_min_cny_display = AmountDisplay("ask_min_cny", _("funding ask from"))
    ask_max_cny_display = AmountDisplay("ask_max_cny", _("funding ask up to"))


class InvestorProfile(MaskedChoices, labels_mixin(INVESTOR_MULTI_VALUED), models.Model):
    multi_valued = INVESTOR_MULTI_VALUED

    organisation = models.OneToOneField(
        "portal.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="investor_profile"
    )
    thesis = Bilingual(
        models.TextField,
        _("investment thesis (Chinese)"),
        _("investment thesis (English)"),
        max_length=2000,
        required=False,
    )
    bci_types = models.JSONField(_("BCI types"), default=list, blank=True, validators=[validators.validate_bci_types])
    functions = models.JSONField(_("functions"), default=list, blank=True, validators=[validators.validate_functions])
    application_fields = models.JSONField(
        _("application fields"), default=list, blank=True, validators=[validators.validate_application_fields]
    )
    stages = models.JSONField(
        _("stages invested in"), default=list, blank=True, validators=[validators.validate_stages]
    )
    regions = models.JSONField(_("regions"), default=list, blank=True, validators=[validators.validate_regions])
    ticket_min_cny = models.PositiveBigIntegerField(_("ticket size from (CNY)"), null=True, blank=True)
    ticket_max_cny = models.PositiveBigIntegerField(_("ticket size up to (CNY)"), null=True, blank=True)
    portfolio = Bilingual(
        models.TextField, _("portfolio (Chinese)"), _("portfolio (English)"), max_length=2000, required=False
    )

    bci_types_mask = models.PositiveIntegerField(default=0, editable=False)
    functions_mask = models.PositiveIntegerField(default=0, editable=False)
    application_fields_mask = models.PositiveIntegerField(default=0, editable=False)
    stages_mask = models.PositiveIntegerField(default=0, editable=False)
    regions_mask = models.PositiveIntegerField(default=0, editable=False)

    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("investor profile")
        verbose_name_plural = _("investor profiles")
        ordering = ["organisation__name_zh"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ticket_min_cny__isnull=True)
                | models.Q(ticket_max_cny__isnull=True)
                | models.Q(ticket_min_cny__lte=models.F("ticket_max_cny")),
                name="incubator_investor_ticket_range",
            )
        ]

    def __str__(self):
        return str(self.organisation)

    def get_absolute_url(self):
        return reverse("incubator:investor_detail", kwargs={"slug": self.organisation.slug})

    ticket_min_cny_display = AmountDisplay("ticket_min_cny", _("ticket size from"))
    ticket_max_cny_display = AmountDisplay("ticket_max_cny", _("ticket size up to"))


class PlatformProfile(MaskedChoices, labels_mixin(PLATFORM_MULTI_VALUED), models.Model):
    """A shared service platform, incubator or proof-of-concept programme (kinds service_platform / incubator)."""

    multi_valued = PLATFORM_MULTI_VALUED

    organisation = models.OneToOneField(
        "portal.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="platform_profile"
    )
    services = models.JSONField(
        _("services offered"), default=list, blank=True, validators=[validators.validate_services]
    )
    services_mask = models.PositiveIntegerField(default=0, editable=False)
    capacity = Bilingual(
        models.TextField, _("capacity (Chinese)"), _("capacity (English)"), max_length=1000, required=False
    )
    eligibility = Bilingual(
        models.TextField, _("eligibility (Chinese)"), _("eligibility (English)"), max_length=2000, required=False
    )
    terms = Bilingual(models.TextField, _("terms (Chinese)"), _("terms (English)"), max_length=2000, required=False)
    accepts_applications = models.BooleanField(_("accepts applications"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("service platform profile")
        verbose_name_plural = _("service platform profiles")
        ordering = ["organisation__name_zh"]

    def __str__(self):
        return str(self.organisation)

    def get_absolute_url(self):
        return reverse("incubator:platform_detail", kwargs={"slug": self.organisation.slug})


class ProgrammeApplication(labels_mixin(PLATFORM_MULTI_VALUED), models.Model):
    """A startup's application to an incubator, proof-of-concept programme or platform's services.

    Reviewed by staff or the platform's members with the review kit (``portal.review``)."""

    startup = models.ForeignKey(
        "portal.Organisation",
        verbose_name=_("startup"),
        on_delete=models.CASCADE,
        related_name="programme_applications",
    )
    platform = models.ForeignKey(
        "portal.Organisation",
        verbose_name=_("platform"),
        on_delete=models.CASCADE,
        related_name="applications_received",
    )
    services = models.JSONField(
        _("services requested"), default=list, blank=True, validators=[validators.validate_services]
    )
    message = models.TextField(_("what the startup asks for"), max_length=3000)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
        db_index=True,
    )
    decision_note = models.TextField(_("decision note"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = who(_("decided by"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    creation_token = token_field()

    review = ReviewState(status="status", note="decision_note", decided_at="decided_at", decided_by="decided_by")

    class Meta:
        verbose_name = _("programme application")
        verbose_name_plural = _("programme applications")
        ordering = ["-created_at", "-pk"]
        constraints = [unique_token("startup", name="incubator_application_unique_creation_token")]

    def __str__(self):
        return f"{self.startup} → {self.platform}"
