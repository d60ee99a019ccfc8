"""The edition PDF reads as a printed catalogue (issue #16): a cover with the alliance's logo, the
contents, then two entries a page, each with its product's picture, spec table, certificate and
contact. Read back with pypdf (its text, its pages' images, the cover's drawing)."""

import io
import os
import re

import pytest
from django.core.files.storage import default_storage
from django.utils import translation
from pypdf import PdfReader

from catalog.demo.media import add_picture
from catalog.editions import exports
from tests.catalog.factories import PublishedProductFactory
from tests.catalog.test_editions_views import publish_edition

pytestmark = pytest.mark.django_db

#: (name_en, registration number or "", contact (English), e-mail, with a picture)
PRODUCTS = [
    ("Focus headband", "", "Sales", "focus@example.com", True),
    ("Stroke rehab glove", "国械注准20242090456", "Clinical team", "glove@example.com", True),
    ("Sleep monitor", "", "Customer care", "sleep@example.com", False),
    ("Speech decoder", "国械注准20233120123", "Research office", "speech@example.com", True),
    ("Classroom EEG", "", "Schools desk", "class@example.com", False),
]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def edition(staff):
    products = []
    for index, (name_en, number, contact_en, email, pictured) in enumerate(PRODUCTS):
        medical = {"regulatory_class": "class_iii" if number[8] == "3" else "class_ii"} if number else {}
        product = PublishedProductFactory(
            name_en=name_en,
            registration_number=number,
            contact_name="联络人",
            contact_name_en=contact_en,
            contact_email=email,
            channels=8 * (index + 1),  # a demo picture per channel count: five different pictures
            **medical,
        )
        if pictured:
            add_picture(product)
        products.append(product)
    return publish_edition(staff, products, year=2025, categories=["education"] * 3 + ["medical_rehabilitation"] * 2)


def read(edition, language):
    name = exports.get_or_build(edition, language=language, fmt="pdf")
    with default_storage.open(name) as stored:
        data = stored.read()
    if os.environ.get("EDITION_PDF_OUT"):  # to look at it: EDITION_PDF_OUT=/tmp/edition
        with open(f"{os.environ['EDITION_PDF_OUT']}-{language}.pdf", "wb") as out:
            out.write(data)
    return PdfReader(io.BytesIO(data))


def text_of(page) -> str:
    """The page's text, its line breaks as spaces (a title wraps)."""
    return " ".join(page.extract_text().replace("\x00", "").split())


def test_cover_contents_then_two_entries_a_page(edition):
    reader = read(edition, "en")
    entries = len(PRODUCTS)
    assert len(reader.pages) == 2 + -(-entries // 2)  # cover, contents, half a page each (was one page each)
    cover, contents = text_of(reader.pages[0]), text_of(reader.pages[1])
    assert str(edition.title_en) in cover and f"{entries} recommended products" in cover
    assert "Contents" in contents
    for name_en, *_rest in PRODUCTS:
        assert re.search(rf"\d+\. {name_en} [3-5]\b", contents), name_en  # listed with its page
    # Both halves are used: the entry pages hold two names each but the last.
    on_pages = [sum(name in text_of(page) for name, *_r in PRODUCTS) for page in reader.pages[2:]]
    assert on_pages == [2, 2, 1]


def test_the_cover_of_a_one_product_edition_says_product(staff):
    """The 2026 edition, with one product, said "1 recommended products" on its English cover."""
    edition = publish_edition(staff, [PublishedProductFactory(name_en="Focus headband")], year=2027)
    cover = text_of(read(edition, "en").pages[0])
    assert "1 recommended product" in cover and "recommended products" not in cover
    assert "共推荐 1 款产品" in text_of(read(edition, "zh-hans").pages[0])


def test_the_cover_draws_the_alliances_logo(edition):
    reader = read(edition, "en")
    cover = reader.pages[0].get_contents().get_data()
    # The logo's teal signal line, drawn as vectors from static/img/logo.svg.
    assert b"0.3098 0.8196 0.7725 RG" in cover  # the teal line is the only teal stroke


def test_each_pictured_product_embeds_its_picture(edition):
    reader = read(edition, "en")
    images = [image for page in reader.pages[2:] for image in page.images]
    assert len(images) == sum(pictured for *_r, pictured in PRODUCTS)
    assert all(image.image.size[0] >= 400 for image in images)  # the rendition, not a thumbnail


def test_each_entry_shows_its_name_certificate_and_contact(edition):
    reader = read(edition, "en")
    text = "\n".join(text_of(page) for page in reader.pages[2:])
    for name_en, number, contact_en, email, _pictured in PRODUCTS:
        assert name_en in text
        assert contact_en in text and email in text
        if number:
            assert number[4:] in text  # the digits (the Chinese prefix is in the CJK font)


def test_the_chinese_catalogue_has_the_same_pages(edition):
    reader = read(edition, "zh-hans")
    assert len(reader.pages) == 2 + -(-len(PRODUCTS) // 2)
    with translation.override("zh-hans"):
        assert str(edition.title) in text_of(reader.pages[0])


def test_the_pictures_cost_a_fixed_number_of_queries(edition, django_assert_max_num_queries):
    exports.build(edition, language="zh-hans", fmt="pdf")  # makes the missing renditions (once)
    # the entries, their public products, the images, their renditions: not one query per entry
    with django_assert_max_num_queries(4):
        exports.build(edition, language="en", fmt="pdf")
