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


# --- A Chinese fallback on an English page is marked as Chinese --------------------------------


def _render(source, **context):
    from django.template import Context, Template

    return Template("{% load portal_tags %}" + source).render(Context(context))


def test_an_english_page_marks_the_chinese_fallback_as_chinese_and_escapes_it():
    product = Product(name_zh="<b>头环</b>", name_en="")
    with translation.override("en"):
        html = _render("<h1>{{ product.name }}</h1>", product=product)
    assert html == '<h1><span lang="zh-Hans">&lt;b&gt;头环&lt;/b&gt;</span></h1>'


@pytest.mark.parametrize(("language", "english"), [("en", "Headset"), ("zh-hans", ""), ("zh-hans", "Headset")])
def test_text_in_the_page_language_is_not_wrapped(language, english):
    product = Product(name_zh="头环", name_en=english)
    with translation.override(language):
        assert "lang=" not in _render("{{ product.name }}", product=product)


def test_the_fallback_stays_plain_text_outside_html():
    product = Product(name_zh="头环", name_en="")
    with translation.override("en"):
        assert str(product.name) == "头环" and type(str(product.name)) is str
        assert _render("{% autoescape off %}{{ product.name }}{% endautoescape %}", product=product) == "头环"
        assert _render('<img alt="{{ product.name|stringformat:"s" }}">', product=product) == '<img alt="头环">'


def test_filtered_and_rich_text_fallbacks_carry_the_language_on_their_element():
    product = Product(name_zh="头环", name_en="", description_zh="<p>脑电<script>x</script></p>", description_en="")
    with translation.override("en"):
        assert _render("<p{{ product.name|lang_attr }}>{{ product.name|linebreaksbr }}</p>", product=product) == (
            '<p lang="zh-Hans">头环</p>'
        )
        rich = _render("{{ product.description|rich_text }}", product=product)
    assert rich.startswith('<div lang="zh-Hans"><p>脑电') and "<script>" not in rich
    with translation.override("zh-hans"):
        assert _render("<p{{ product.name|lang_attr }}>", product=product) == "<p>"


# --- The mirror: a Chinese field written in Latin letters is marked as English on a Chinese page ---


@pytest.mark.parametrize(
    ("name", "marked"),
    [("NeuroLink", True), ("NeuroLink 头环", False), ("2025", False), ("A", False), ("&lt;b&gt;", False)],
)
def test_a_chinese_page_marks_a_chinese_field_written_in_latin_letters(name, marked):
    product = Product(name_zh=name, name_en="")
    with translation.override("zh-hans"):
        html = _render("<h1>{{ product.name }}</h1>", product=product)
        assert str(product.name) == name and type(str(product.name)) is str  # plain text elsewhere
    expected = f'<h1><span lang="en">{name}</span></h1>' if marked else f"<h1>{name}</h1>"
    assert html == expected.replace("&lt;b&gt;", "&amp;lt;b&amp;gt;")


def test_the_english_text_is_escaped_and_its_rich_text_carries_the_mark_on_its_element():
    product = Product(name_zh="<b>Neuro</b>", description_zh="<p>EEG headset<script>x</script></p>")
    with translation.override("zh-hans"):
        assert _render("{{ product.name }}", product=product) == '<span lang="en">&lt;b&gt;Neuro&lt;/b&gt;</span>'
        rich = _render("{{ product.description|rich_text }}", product=product)
        assert rich.startswith('<div lang="en"><p>EEG headset') and "<script>" not in rich
        assert _render("<p{{ product.name|lang_attr }}>", product=product) == '<p lang="en">'


def test_markup_alone_is_not_english():
    product = Product(name_zh="头环", description_zh='<p><img src="/x.png" alt=""></p>')
    with translation.override("zh-hans"):
        assert type(product.description) is str
