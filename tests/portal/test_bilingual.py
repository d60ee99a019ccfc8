"""``portal.i18n.Bilingual``: one declaration gives a model both columns and the reader."""

import pytest
from django.db import models
from django.utils import translation

from catalog.models import Product
from incubator.models import PlatformProfile
from portal.i18n import Bilingual, TranslatedField


def test_declares_chinese_required_english_optional_with_the_same_options():
    name_zh, name_en = Product._meta.get_field("name_zh"), Product._meta.get_field("name_en")
    assert (name_zh.blank, name_en.blank) == (False, True)
    assert name_zh.max_length == name_en.max_length == 200
    with translation.override("en"):
        assert (str(name_zh.verbose_name), str(name_en.verbose_name)) == ("name (Chinese)", "name (English)")
    assert isinstance(Product.__dict__["name"], TranslatedField)


def test_optional_chinese_when_not_required():
    terms_zh = PlatformProfile._meta.get_field("terms_zh")
    assert terms_zh.blank is True
    assert isinstance(terms_zh, models.TextField)


def test_the_two_columns_keep_their_place_among_the_fields():
    names = [field.name for field in Product._meta.concrete_fields]
    assert names.index("name_zh") + 1 == names.index("name_en")
    assert names.index("name_en") < names.index("model_number") < names.index("summary_zh")


@pytest.mark.parametrize(
    ("language", "english", "expected"),
    [("zh-hans", "Headset", "头环"), ("en", "Headset", "Headset"), ("en", "", "头环")],
)
def test_the_reader_follows_the_language_and_falls_back_to_chinese(language, english, expected):
    product = Product(name_zh="头环", name_en=english)
    with translation.override(language):
        assert product.name == expected


def test_is_not_a_field_itself():
    declared = Bilingual(models.CharField, "x (Chinese)", "x (English)", max_length=10)
    assert not isinstance(declared, models.Field)
