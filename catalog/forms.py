"""Forms of the catalogue's member pages. They parse input; rules live in ``catalog.services``."""

from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from catalog.media import renditions, storage
from catalog.models import PRODUCT_FIELDS, Product
from catalog.vocabulary import ApplicationField, Indication, ProductFunction, RegulatoryMilestone
from portal.form_fields import checkboxes
from portal.idempotency import CreationTokenFormMixin
from portal.review.errors import ServiceErrorFormMixin
from portal.richtext import RichTextFormField
from portal.uploads import SafeImageField, SafePDFField

#: Chinese and English versions of a text field, shown side by side.
BILINGUAL_PAIRS = [
    ("name_zh", "name_en"),
    ("summary_zh", "summary_en"),
    ("description_zh", "description_en"),
]
SPEC_FIELDS = ("channels", "sampling_rate_hz", "wireless", "battery_hours", "weight_g")


#: The longest description, in visible characters (the markup is not counted).
DESCRIPTION_MAX_LENGTH = 10_000


class ProductForm(ServiceErrorFormMixin, CreationTokenFormMixin, forms.ModelForm):
    #: The "add a product" form carries a required one-time token: sent twice, it creates one product.
    creation_scope = "catalog.product"

    #: The revision the member started from: saving over a newer one is refused (``ProductConflict``).
    base_revision = forms.IntegerField(required=False, widget=forms.HiddenInput)

    # Capitalised as a model form labels the fields it makes ("description (Chinese)" stood lowercase
    # between "Summary (Chinese)" and "Model / version").
    description_zh = RichTextFormField(
        label=capfirst(Product._meta.get_field("description_zh").verbose_name),
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
    )
    description_en = RichTextFormField(
        label=capfirst(Product._meta.get_field("description_en").verbose_name),
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
    )

    functions = checkboxes(_("Functions"), ProductFunction.choices)
    application_fields = checkboxes(_("Application fields"), ApplicationField.choices)
    indications = checkboxes(_("Indications"), Indication.choices, help_text=_("For medical products only."))
    milestones = checkboxes(_("Regulatory milestones"), RegulatoryMilestone.choices)

    class Meta:
        model = Product
        fields = PRODUCT_FIELDS
        widgets = {
            "summary_zh": forms.Textarea(attrs={"rows": 3}),
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            "release_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean_contact_phone(self):
        return " ".join((self.cleaned_data.get("contact_phone") or "").split())

    def clean_registration_number(self):
        return (self.cleaned_data.get("registration_number") or "").strip().replace(" ", "")

    def bilingual_rows(self):
        return [(self[zh], self[en]) for zh, en in BILINGUAL_PAIRS]

    def classification_fields(self):
        return [self[name] for name in ("model_number", "bci_type", "signal_modality", "electrode_type")]

    def use_fields(self):
        return [self["functions"], self["application_fields"], self["indications"]]

    def regulatory_fields(self):
        return [self["regulatory_class"], self["registration_number"], self["milestones"]]

    def spec_fields(self):
        return [self[name] for name in SPEC_FIELDS]

    def other_fields(self):
        return [
            self[name]
            for name in ("website", "release_date", "contact_name", "contact_name_en", "contact_email", "contact_phone")
        ]

    def product_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in PRODUCT_FIELDS}

    def base_revision_id(self) -> int | None:
        """The revision the page was loaded from, as sent (also when other fields are refused)."""
        if not self.is_bound or "base_revision" in self.errors:
            return None
        return self.cleaned_data.get("base_revision")

    def rebase(self, revision_id) -> None:
        """After a conflict: the next save (with the input kept) replaces the newer version."""
        self.data = self.data.copy()
        self.data[self.add_prefix("base_revision")] = revision_id


# --- images and brochures -----------------------------------------------------------------

MAX_IMAGES = 12
MAX_BROCHURES = 5


class _MediaRowForm(forms.Form):
    """One row of an image or brochure list: an item the product has (``<kind>_id``) or a new file."""

    id_field = ""
    text_field = ""
    missing_file = ""
    missing_text = ""

    replace_label = ""

    def __init__(self, *args, known=None, **kwargs):
        self.known = known or {}
        super().__init__(*args, **kwargs)
        if self.existing is not None:
            self.fields["file"].label = self.replace_label

    @property
    def existing(self):
        """What the row shows of an item the product already has (``None`` for a new row)."""
        return self.known.get(self.initial.get(self.id_field))

    def clean(self):
        data = super().clean()
        existing_id = data.get(self.id_field)
        if existing_id is not None and existing_id not in self.known:
            raise forms.ValidationError(
                _("This item is no longer part of the product. Reload the page to see the current version.")
            )
        if existing_id is None and not data.get("file") and not self.errors.get("file"):
            self.add_error("file", self.missing_file)
        if (existing_id is not None or data.get("file")) and not data.get(self.text_field):
            self.add_error(self.text_field, self.missing_text)
        return data


class ImageRowForm(_MediaRowForm):
    id_field = "image_id"
    text_field = "alt_zh"
    replace_label = _("Replace with another image")
    missing_file = _("Choose an image file.")
    missing_text = _("Describe the image in Chinese for visitors who cannot see it.")

    image_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    file = SafeImageField(
        label=_("Image file"),
        required=False,
        help_text=_("JPEG, PNG or WebP, up to 10 MB and 40 megapixels. Location data in the photo is removed."),
    )
    alt_zh = forms.CharField(label=_("Image description (Chinese)"), max_length=200, required=False)
    alt_en = forms.CharField(label=_("Image description (English)"), max_length=200, required=False)

    def preview(self) -> dict | None:
        return {"image_url": renditions.preview_url(self.existing)} if self.existing is not None else None

    def entry(self) -> storage.ImageEntry:
        data = self.cleaned_data
        return storage.ImageEntry(
            alt_zh=data["alt_zh"], alt_en=data["alt_en"], image_id=data["image_id"], upload=data["file"]
        )


class BrochureRowForm(_MediaRowForm):
    id_field = "document_id"
    text_field = "title_zh"
    replace_label = _("Replace with another PDF")
    missing_file = _("Choose a PDF file.")
    missing_text = _("Give the brochure a Chinese title.")

    document_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    file = SafePDFField(label=_("PDF file"), required=False, help_text=_("PDF up to 20 MB, without scripts."))
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)

    def preview(self) -> dict | None:
        if self.existing is None:
            return None
        document = self.existing.document
        return {"label": document.filename, "size": document.file_size}

    def entry(self) -> storage.BrochureEntry:
        data = self.cleaned_data
        return storage.BrochureEntry(
            title_zh=data["title_zh"], title_en=data["title_en"], document_id=data["document_id"], upload=data["file"]
        )


class MediaFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields[forms.formsets.ORDERING_FIELD_NAME].label = _("Position")
        form.fields[forms.formsets.DELETION_FIELD_NAME].label = _("Remove")


def _formset(form, maximum, extra):
    return forms.formset_factory(
        form,
        formset=MediaFormSet,
        extra=extra,
        can_order=True,
        can_delete=True,
        max_num=maximum,
        absolute_max=maximum,
        validate_max=True,
    )


ImageFormSet = _formset(ImageRowForm, MAX_IMAGES, extra=2)
BrochureFormSet = _formset(BrochureRowForm, MAX_BROCHURES, extra=1)


class ProductMediaForms:
    """The image and brochure lists of the product form, in the member's order.

    ``version`` is the product version being edited (the latest revision): its items are
    the only existing ones a row may name, so another product's image cannot be attached
    by editing the hidden ID. A page loaded before someone saved a newer version may also
    name the items of the version it showed (``loaded``, the same product's): the service
    then reports the conflict, where an item removed meanwhile would have left the member an
    error that no second save could clear.
    """

    def __init__(self, data=None, files=None, *, version: Product | None = None, loaded: Product | None = None):
        images = list(version.images.all()) if version is not None else []
        brochures = list(version.brochures.all()) if version is not None else []
        self._latest = ({i.image_id for i in images}, {b.document_id for b in brochures})
        known_images = {i.image_id: i for i in loaded.images.all()} if loaded is not None else {}
        known_brochures = {b.document_id: b for b in loaded.brochures.all()} if loaded is not None else {}
        known_images.update({i.image_id: i for i in images})
        known_brochures.update({b.document_id: b for b in brochures})
        self.images = ImageFormSet(
            data,
            files,
            prefix="images",
            initial=[{"image_id": i.image_id, "alt_zh": i.alt_zh, "alt_en": i.alt_en} for i in images],
            form_kwargs={"known": known_images},
        )
        self.brochures = BrochureFormSet(
            data,
            files,
            prefix="brochures",
            initial=[{"document_id": b.document_id, "title_zh": b.title_zh, "title_en": b.title_en} for b in brochures],
            form_kwargs={"known": known_brochures},
        )

    @property
    def formsets(self) -> list:
        """Both lists, for the form's error box."""
        return [self.images, self.brochures]

    def _sent(self, formset) -> bool:
        # A request without a list's management form (another client, an old form) leaves that list as it is.
        return formset.is_bound and formset.add_prefix("TOTAL_FORMS") in formset.data

    def is_valid(self) -> bool:
        # Validate both lists (no short-circuit) so every refused file shows its error.
        results = [formset.is_valid() for formset in (self.images, self.brochures) if self._sent(formset)]
        return all(results)

    def names_items_gone(self) -> bool:
        """Whether a kept row names an image or brochure the latest version no longer has."""
        entries = self.entries()
        latest_images, latest_brochures = self._latest
        return any(e.image_id not in latest_images for e in entries["images"] or [] if e.image_id is not None) or any(
            e.document_id not in latest_brochures for e in entries["brochures"] or [] if e.document_id is not None
        )

    def entries(self) -> dict:
        """``images`` and ``brochures`` for ``catalog.services``: kept and new items, deleted ones left out."""
        return {
            "images": [form.entry() for form in self.images.ordered_forms] if self._sent(self.images) else None,
            "brochures": [form.entry() for form in self.brochures.ordered_forms]
            if self._sent(self.brochures)
            else None,
        }
