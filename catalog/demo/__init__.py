"""Demo products for ``manage.py load_demo``: non-invasive products of the demo enterprises (``products.toml``).

The loaders of the catalogue: its products (this module, reading ``products.toml``), their
pictures (``media``: drawn, not shipped) and the editions (``catalog.editions.demo``).
Every product is invented (the enterprises are fictional too) and described as such in
its English summary's last words; Chinese and English are both written out. Products of
verified enterprises are published as if staff had approved them; the unverified
enterprise's product stays a draft awaiting review, so staff have something to review.
Idempotent: a product is found by its organisation and model number (the stable key other
demo loaders, e.g. ``catalog.editions.demo``, use), an enterprise by its slug.

The products span the whole vocabulary: every BCI type, modality, electrode type,
function, application field, regulatory class and milestone has products (enterprises
come from ``portal.demo.organisations``).
"""

from decimal import Decimal
from pathlib import Path

from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from catalog.demo import media as demo_media
from catalog.editions import demo as editions_demo
from catalog.models import Product
from catalog.vocabulary import ApplicationField, ModerationStatus, ProductFunction
from portal.demo import clock, data
from portal.demo.registry import DemoContext, Loader
from portal.i18n import join_labels

PRODUCTS = data.read(Path(__file__).with_name("products.toml"))["products"]

#: What a row of products.toml may leave out.
DEFAULTS = {"bci_type": "non_invasive", "registration_number": "", "milestones": []}
DEMO_NOTICE_ZH = "本条目为演示数据，产品与企业均为虚构。"
DEMO_NOTICE_EN = "This entry is demo content: the product and the company are fictional."


def _description(language, summary, functions, fields, notice) -> str:
    """A short rich-text description: the summary, what the product does and where, and the demo notice."""
    with translation.override(language):
        items = [
            (_("Functions"), join_labels(ProductFunction, functions)),
            (_("Application fields"), join_labels(ApplicationField, fields)),
        ]
        colon = ": " if language == "en" else "："
        rows = format_html_join("", "<li><strong>{}</strong>{}{}</li>", ((str(k), colon, v) for k, v in items if v))
        return format_html("<p>{}</p><ul>{}</ul><p><em>{}</em></p>", summary, rows, notice)


#: What a medical demo product is indicated for, from what it does (the plan's indications).
INDICATIONS_BY_FUNCTION = {
    "motor_control": ["stroke", "spinal_cord_injury", "paralysis"],
    "speech": ["aphasia", "als"],
    "vision": ["blindness"],
    "neuromodulation": ["depression", "epilepsy"],
}


def _indications(functions, fields, regulatory_class) -> list[str]:
    if regulatory_class == "non_medical" and "medical" not in fields:
        return []
    found = []
    for function in functions:
        found += [value for value in INDICATIONS_BY_FUNCTION.get(function, []) if value not in found]
    return found


def _contact(slug: str, model_number: str) -> dict:
    """A fictional contact: the enterprise's product desk, an example.com address, a Shanghai number."""
    seed = sum(map(ord, model_number))
    return {
        "contact_name": "产品咨询部",
        "contact_name_en": "Product enquiries",
        "contact_email": f"products@{slug}.example.com",
        "contact_phone": f"021-{5000 + seed % 5000:04d} {seed * 37 % 10000:04d}",
    }


def load(context: DemoContext) -> None:
    for row in PRODUCTS:
        _load_product(context, row)


def _load_product(context: DemoContext, row: dict) -> None:
    organisation = context.organisation(row["organisation"])
    if Product.objects.filter(organisation=organisation, model_number=row["model_number"]).exists():
        context.record("product", False)
        return
    functions, fields = row["functions"], row["application_fields"]
    values = DEFAULTS | {name: value for name, value in row.items() if name != "organisation"}
    values |= {
        "organisation": organisation,
        "description_zh": _description("zh-hans", row["summary_zh"], functions, fields, DEMO_NOTICE_ZH),
        "description_en": _description("en", row["summary_en"], functions, fields, DEMO_NOTICE_EN),
        "indications": row.get("indications", _indications(functions, fields, row["regulatory_class"])),
        "battery_hours": Decimal(row["battery_hours"]) if "battery_hours" in row else None,
        **_contact(row["organisation"], row["model_number"]),
        "live": False,
    }
    product = Product(**values)
    product.full_clean()
    product.save()
    revision = product.save_revision()
    if organisation.is_verified:
        revision.publish(skip_permission_checks=True, log_action=False)
        Product.objects.filter(pk=product.pk).update(
            moderation_status=ModerationStatus.APPROVED,
            reviewed_at=clock.some_day_before(timezone.now(), within=90, key=f"{row['model_number']}:reviewed"),
        )
    else:
        Product.objects.filter(pk=product.pk).update(
            moderation_status=ModerationStatus.SUBMITTED,
            submitted_at=clock.some_day_before(timezone.now(), within=3, key=f"{row['model_number']}:submitted"),
        )
    context.record("product", True)


LOADERS = [
    Loader("catalog.products", load, after=("portal.users",)),
    Loader("catalog.media", demo_media.load, after=("catalog.products",)),
    Loader("catalog.editions", editions_demo.load, after=("catalog.media",)),
]
