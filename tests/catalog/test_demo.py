import pytest
from django.utils import translation

from catalog.demo import PRODUCTS
from catalog.models import Product
from catalog.queries import public_enterprises
from catalog.vocabulary import (
    ApplicationField,
    BCIType,
    ElectrodeType,
    ModerationStatus,
    ProductFunction,
    RegulatoryClass,
    RegulatoryMilestone,
    SignalModality,
)
from tests.portal.test_load_demo import demo, run_load_demo  # noqa: F401


def test_demo_products_are_bilingual_and_published_for_verified_enterprises(demo, db):  # noqa: F811
    products = list(Product.objects.select_related("organisation"))
    assert len(products) == len(PRODUCTS) >= 50
    assert all(product.name_zh and product.name_en and product.summary_en for product in products)
    public = Product.objects.public()
    assert public.count() >= 15
    assert {product.signal_modality for product in public} >= {"eeg", "fnirs", "emg_hybrid", "ultrasound"}
    waiting = Product.objects.exclude(organisation__verification_status="verified")
    assert waiting.exists() and all(p.moderation_status == ModerationStatus.SUBMITTED for p in waiting)
    for product in public:
        product.full_clean()
        assert product.live_revision_id


@pytest.mark.django_db
def test_demo_catalogue_renders_in_both_languages(demo, client):  # noqa: F811
    product = Product.objects.public().first()
    for language, name in (("zh-hans", product.name_zh), ("en", product.name_en)):
        with translation.override(language):
            assert name in client.get(product.get_absolute_url()).text


def test_demo_catalogue_spans_the_vocabulary_with_15_enterprises(demo, db):  # noqa: F811
    public = list(Product.objects.public())
    assert len(public) >= 50
    enterprises = public_enterprises().filter(products__in=public).distinct()
    assert enterprises.count() >= 15
    assert {p.bci_type for p in public} == set(BCIType.values)
    assert {p.signal_modality for p in public} == set(SignalModality.values)
    assert {p.electrode_type for p in public} == set(ElectrodeType.values)
    assert {p.regulatory_class for p in public} == set(RegulatoryClass.values)
    for field, choices in (
        ("functions", ProductFunction),
        ("application_fields", ApplicationField),
        ("milestones", RegulatoryMilestone),
    ):
        assert {value for p in public for value in getattr(p, field)} == set(choices.values), field
    # Medical devices carry a well-formed certificate number of their class (full_clean above checks the format).
    assert all(p.registration_number for p in public if p.regulatory_class != "non_medical")
    assert all("demo" in p.summary_en for p in public)


def test_demo_products_keep_their_stable_keys(demo, db):  # noqa: F811
    keys = {(p.organisation.slug, p.model_number) for p in Product.objects.select_related("organisation")}
    assert {("qiheng-robotics", "QH-LX1"), ("lansi-neuro", "LS-Stim1"), ("huxin-micro", "HX-Dry32")} <= keys
    assert len(keys) == len(PRODUCTS)
