import pytest
from django.utils import translation

from catalog.demo import PRODUCTS
from catalog.models import Product
from catalog.vocabulary import ModerationStatus
from tests.portal.test_load_demo import demo, run_load_demo  # noqa: F401


def test_demo_products_are_bilingual_and_published_for_verified_enterprises(demo, db):  # noqa: F811
    products = list(Product.objects.select_related("organisation"))
    assert len(products) == len(PRODUCTS) >= 15
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
