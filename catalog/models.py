"""Products that enterprises list in the alliance's catalogue.

Moderation uses Wagtail's ``DraftStateMixin`` + ``RevisionMixin`` (as bakerydemo's
``Person`` snippet does): the table row always holds the *published* version once a
product is live, and every member edit is stored as a ``Revision``. An edit to a live
product therefore waits for review while the approved version stays public; staff
approval publishes the latest revision (``catalog.services.approve``).

Where the latest version stands in review is ``moderation_status`` (draft → submitted
→ approved, or rejected with a note). It is our own field rather than Wagtail's
``WorkflowMixin``: the decision must also check that the organisation is verified,
and the front-end dashboard, not the admin, is where members submit.

Functions and application fields are JSON lists of ``TextChoices`` values (validated
by ``catalog.validators``) rather than M2M tables: the vocabulary is fixed by the plan,
a revision snapshot keeps them without extra tables, and PostgreSQL can filter on them
with ``__contains``.

For the catalogue's facets each list is also kept as a bit mask (``functions_mask``...,
derived in ``save()`` by ``portal.listing.choices.MaskedChoices``; a value's bit is its
position in the vocabulary). Filtering and counting then use ``mask & bits`` on an integer
column: one conditional aggregate counts every option of every facet in a single scan, on
PostgreSQL and SQLite alike, where a JSON ``__contains`` per option would be a query (or a
GIN probe) each and does not exist on SQLite. Anything writing the lists without ``save()``
(``bulk_create``, ``update``) sets the masks with ``choice_mask`` itself.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import DraftStateMixin, RevisionMixin

# The editions' models (catalog/editions/) are the app's models too: Django and the migrations
# find them here, where they are re-exported (they name "catalog.Product" by label, no import).
from catalog.editions.models import (
    ApplicationStatus,
    Edition,
    EditionApplication,
    EditionEntry,
    EditionStatus,
    RecommendationCategory,
)
from catalog.validators import (
    parse_registration_number,
    validate_application_fields,
    validate_functions,
    validate_indications,
    validate_milestones,
    validate_phone,
    validate_registration_number,
)
from catalog.vocabulary import (
    MULTI_VALUED,
    ApplicationField,
    BCIType,
    ElectrodeType,
    ModerationStatus,
    MultiValuedLabels,
    RegulatoryClass,
    SignalModality,
)
from portal.db import by_name
from portal.fields import who
from portal.i18n import Bilingual, TranslatedField
from portal.idempotency import token_field, unique_token
from portal.listing.choices import MaskedChoices
from portal.models.orderable import Orderable
from portal.organisations.models import VerificationStatus
from portal.review.state import ReviewState

__all__ = [
    "PRODUCT_FIELDS",
    "ApplicationStatus",
    "Edition",
    "EditionApplication",
    "EditionEntry",
    "EditionStatus",
    "Product",
    "ProductBrochure",
    "ProductImage",
    "ProductQuerySet",
    "RecommendationCategory",
]

#: What members edit (the form's fields); moderation and ownership are set here only.
PRODUCT_FIELDS = (
    "name_zh",
    "name_en",
    "model_number",
    "summary_zh",
    "summary_en",
    "description_zh",
    "description_en",
    "bci_type",
    "signal_modality",
    "electrode_type",
    "functions",
    "application_fields",
    "indications",
    "regulatory_class",
    "registration_number",
    "milestones",
    "channels",
    "sampling_rate_hz",
    "wireless",
    "battery_hours",
    "weight_g",
    "website",
    "contact_name",
    "contact_name_en",
    "contact_email",
    "contact_phone",
    "release_date",
)

#: The class digit in a registration certificate number, per regulatory class.
CLASS_DIGIT = {RegulatoryClass.CLASS_II: "2", RegulatoryClass.CLASS_III: "3"}


class ProductQuerySet(models.QuerySet):
    def public(self):
        """Published products of verified organisations: what anyone may see."""
        return self.filter(live=True, organisation__verification_status=VerificationStatus.VERIFIED)


#: The columns the catalogue's facets count (``catalog.queries.CATALOGUE``), covered by an index.
FACET_COLUMNS = (
    "bci_type",
    "signal_modality",
    "electrode_type",
    "regulatory_class",
    "functions_mask",
    "application_fields_mask",
    "indications_mask",
    "milestones_mask",
)


class Product(MaskedChoices, MultiValuedLabels, DraftStateMixin, RevisionMixin, ClusterableModel):
    multi_valued = MULTI_VALUED

    organisation = models.ForeignKey(
        "portal.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="products"
    )
    name = Bilingual(models.CharField, _("name (Chinese)"), _("name (English)"), max_length=200)
    model_number = models.CharField(_("model / version"), max_length=100, blank=True)
    summary = Bilingual(models.CharField, _("summary (Chinese)"), _("summary (English)"), max_length=300)
    #: Sanitised HTML (``portal.richtext``): written through ``RichTextFormField``, shown with ``|rich_text``.
    description = Bilingual(models.TextField, _("description (Chinese)"), _("description (English)"), required=False)

    bci_type = models.CharField(_("BCI type"), max_length=32, choices=BCIType.choices, default=BCIType.NON_INVASIVE)
    signal_modality = models.CharField(_("signal modality"), max_length=32, choices=SignalModality.choices)
    electrode_type = models.CharField(_("electrode type"), max_length=32, choices=ElectrodeType.choices)
    functions = models.JSONField(_("functions"), default=list, blank=True, validators=[validate_functions])
    application_fields = models.JSONField(
        _("application fields"), default=list, blank=True, validators=[validate_application_fields]
    )

    #: Where the product is medical: the plan's indications (``portal.vocabulary.Indication``).
    indications = models.JSONField(_("indications"), default=list, blank=True, validators=[validate_indications])

    regulatory_class = models.CharField(
        _("regulatory class"), max_length=32, choices=RegulatoryClass.choices, default=RegulatoryClass.NON_MEDICAL
    )
    registration_number = models.CharField(
        _("registration certificate number"),
        max_length=32,
        blank=True,
        validators=[validate_registration_number],
        help_text=_("As printed on the NMPA or provincial certificate, e.g. 国械注准20233120123."),
    )
    milestones = models.JSONField(
        _("regulatory milestones"), default=list, blank=True, validators=[validate_milestones]
    )
    functions_mask = models.PositiveIntegerField(default=0, editable=False)
    application_fields_mask = models.PositiveIntegerField(default=0, editable=False)
    milestones_mask = models.PositiveIntegerField(default=0, editable=False)
    indications_mask = models.PositiveIntegerField(default=0, editable=False)

    channels = models.PositiveSmallIntegerField(
        _("channels"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(10000)]
    )
    sampling_rate_hz = models.PositiveIntegerField(
        _("sampling rate (Hz)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(1_000_000)]
    )
    wireless = models.BooleanField(_("wireless"), default=False)
    battery_hours = models.DecimalField(
        _("battery life (hours)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    weight_g = models.PositiveIntegerField(
        _("weight (g)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(100_000)]
    )
    website = models.URLField(_("website"), blank=True)
    #: Whom visitors, hospitals and investors contact about this product (shown publicly).
    contact_name = models.CharField(_("contact person or department"), max_length=100, blank=True)
    contact_name_en = models.CharField(
        _("contact person or department (English)"),
        max_length=100,
        blank=True,
        help_text=_("Shown on the English page; the Chinese name is shown when this is empty."),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=40, blank=True, validators=[validate_phone])
    release_date = models.DateField(_("release date"), null=True, blank=True)

    moderation_status = models.CharField(
        _("review status"),
        max_length=16,
        choices=ModerationStatus.choices,
        default=ModerationStatus.DRAFT,
        db_index=True,
        editable=False,
    )
    moderation_note = models.TextField(_("reviewer's note"), blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True, editable=False)
    reviewed_by = who(_("reviewed by"), editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    #: The one-time token of the "add a product" form that created this product: the same
    #: form sent twice (a double click, a retried request) finds it instead of making a copy.
    creation_token = token_field()

    objects = ProductQuerySet.as_manager()

    #: The alliance's review (``catalog.services.REVIEW``): a decision names the latest revision it saw.
    review = ReviewState(
        status="moderation_status",
        note="moderation_note",
        decided_at="reviewed_at",
        decided_by="reviewed_by",
        revision="latest_revision_id",
    )

    contact = TranslatedField("contact_name", "contact_name_en")

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        # Field names, not ``portal.db.by_name``: modelcluster sorts a case preview's unsaved
        # relations in Python by these names. The lists shown ask for the pinyin order themselves.
        ordering = ["name_zh", "pk"]
        indexes = [
            # The catalogue's facet counts (catalog.queries.CATALOGUE, one scan of every public
            # product): an index-only scan of the published rows reads these columns, and the
            # organisation to join for its verification, without visiting the wide table rows.
            models.Index(
                fields=["organisation"],
                include=[*FACET_COLUMNS],
                condition=models.Q(live=True),
                name="catalog_product_facets",
            ),
            # The catalogue's sort orders (catalog.queries.SORTS): a page of a large catalogue
            # reads the first rows of the index instead of sorting every product. The names in
            # pinyin order (portal.db.by_name), as the Chinese list sorts them.
            models.Index(by_name("name_zh"), F("id"), name="catalog_product_by_name"),
            models.Index(fields=["-first_published_at", "-id"], name="catalog_product_newest"),
        ]
        constraints = [
            unique_token("organisation", name="catalog_product_unique_creation_token"),
        ]

    def __str__(self):
        return f"{self.name} {self.model_number}".strip()

    def get_absolute_url(self):
        return reverse("catalog:product_detail", kwargs={"pk": self.pk})

    @property
    def contact_phone_uri(self) -> str:
        """A ``tel:`` link for the contact telephone (the extension is left out: dialers cannot use 转)."""
        number = re.split(r"转|ext|x", self.contact_phone or "", maxsplit=1, flags=re.IGNORECASE)[0]
        digits = "".join(ch for ch in number if ch.isdigit())
        return f"tel:{'+' if number.strip().startswith('+') else ''}{digits}" if digits else ""

    def clean(self):
        super().clean()
        medical = self.regulatory_class in CLASS_DIGIT
        if not medical and self.registration_number:
            raise ValidationError(
                {"registration_number": _("Only a registered medical device has a registration certificate number.")}
            )
        if medical and not self.registration_number:
            raise ValidationError(
                {"registration_number": _("Enter the registration certificate number of this medical device.")}
            )
        if self.indications and not self.is_medical:
            raise ValidationError(
                {
                    "indications": _(
                        "Indications are for medical products: choose a medical device class or the "
                        "application field “medical diagnosis and therapy”, or leave the indications empty."
                    )
                }
            )
        match = parse_registration_number(self.registration_number)
        if medical and match and match["cls"] != CLASS_DIGIT[self.regulatory_class]:
            raise ValidationError(
                {
                    "registration_number": _(
                        "This certificate number is for a class %(number_class)s device; check the regulatory class."
                    )
                    % {"number_class": "II" if match["cls"] == "2" else "III"}
                }
            )

    @property
    def is_medical(self) -> bool:
        """A registered medical device, or a product for medical diagnosis and therapy."""
        return self.regulatory_class in CLASS_DIGIT or ApplicationField.MEDICAL in (self.application_fields or [])


class ProductImage(Orderable):
    """One picture of a product, in the order the member chose; alt text in both languages."""

    product = ParentalKey(Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="images")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image"), on_delete=models.CASCADE, related_name="+"
    )
    alt = Bilingual(models.CharField, _("alt text (Chinese)"), _("alt text (English)"), max_length=200)

    class Meta(Orderable.Meta):
        verbose_name = _("product image")
        verbose_name_plural = _("product images")


class ProductBrochure(Orderable):
    """A PDF brochure of a product (a Wagtail document), titled in both languages."""

    product = ParentalKey(Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="brochures")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE, related_name="+"
    )
    title = Bilingual(models.CharField, _("title (Chinese)"), _("title (English)"), max_length=200)

    class Meta(Orderable.Meta):
        verbose_name = _("product brochure")
        verbose_name_plural = _("product brochures")

    def get_absolute_url(self):
        return reverse("catalog:product_brochure", kwargs={"pk": self.product_id, "document_pk": self.document_id})


class UploadsCollection(models.Model):
    """The Wagtail collection product images and brochures go to (``catalog.media.storage``).

    Found by this row, not by the collection's name: the name is what staff read in the admin
    (written in both languages, as Wagtail shows a collection's name as it is) and theirs to change.
    """

    collection = models.OneToOneField(
        "wagtailcore.Collection", verbose_name=_("collection"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("product uploads collection")
        verbose_name_plural = _("product uploads collections")

    def __str__(self):
        return str(self.collection)
