"""The member's product form: rich-text descriptions and one product per "add a product" form."""

import re
import uuid

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from catalog import services
from catalog.models import Product
from portal import idempotency
from portal.idempotency import INVALID_TOKEN, read_token
from tests import factories
from tests.catalog.factories import ProductFactory, PublishedProductFactory
from tests.catalog.test_views import _form_data
from tests.portal.test_membership_races import _race

pytestmark = pytest.mark.django_db


def _url(name, language="zh-hans", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def _create_page_token(client, organisation) -> str:
    page = client.get(_url("catalog:product_create", organisation_pk=organisation.pk))
    match = re.search(r'name="creation_token" value="([^"]+)"', page.text)
    assert match, "the create form carries a one-time token"
    return match.group(1)


# --- rich-text description ---------------------------------------------------------------


HOSTILE_DESCRIPTION = (
    "<p>用于<strong>脑卒中</strong>后的<em>康复</em>训练。</p>"
    '<ul><li>16 通道</li><li><a href="https://example.org/spec" onclick="steal()">参数</a></li></ul>'
    '<script>alert("x")</script><img src=x onerror=alert(1)><p><a href="javascript:alert(1)">点我</a></p>'
)


def test_description_is_stored_sanitised_and_shown_as_formatted_text(client, editor, organisation, staff):
    client.force_login(editor)
    template = ProductFactory.build(organisation=organisation)
    response = client.post(
        _url("catalog:product_create", organisation_pk=organisation.pk),
        _form_data(template, description_zh=HOSTILE_DESCRIPTION, description_en="Plain text\n\nSecond paragraph"),
    )
    assert response.status_code == 302
    product = Product.objects.get(organisation=organisation)
    stored = product.description_zh
    assert "<strong>脑卒中</strong>" in stored and "<li>16 通道</li>" in stored
    assert 'href="https://example.org/spec"' in stored and 'rel="noopener noreferrer nofollow"' in stored
    for hostile in ("script", "onclick", "onerror", "<img", "javascript:"):
        assert hostile not in stored
    assert product.description_en == "<p>Plain text</p><p>Second paragraph</p>"

    services.submit_for_review(actor=editor, product=product)
    services.approve(staff=staff, product=product)
    client.logout()
    page = client.get(_url("catalog:product_detail", pk=product.pk))
    assert "<strong>脑卒中</strong>" in page.text and "<li>16 通道</li>" in page.text
    assert "alert" not in page.text
    english = client.get(_url("catalog:product_detail", "en", pk=product.pk))
    assert "<p>Plain text</p><p>Second paragraph</p>" in english.text


def test_legacy_plain_text_description_is_shown_as_paragraphs_and_escaped(client):
    product = PublishedProductFactory(description_zh="第一段 1 < 2 <x>\n第二行\n\n第二段")
    page = client.get(_url("catalog:product_detail", pk=product.pk))
    assert '<div class="prose"><p>第一段 1 &lt; 2 &lt;x&gt;<br>第二行</p><p>第二段</p></div>' in page.text


def test_edit_form_loads_the_description_as_html_for_the_editor(client, editor, organisation):
    product = ProductFactory(organisation=organisation, description_zh="旧的纯文本\n\n第二段")
    client.force_login(editor)
    page = client.get(_url("catalog:product_edit", pk=product.pk))
    assert "&lt;p&gt;旧的纯文本&lt;/p&gt;&lt;p&gt;第二段&lt;/p&gt;" in page.text
    assert "data-rich-text" in page.text and "js/richtext.js" in page.text


def test_too_long_description_gets_a_translated_error_and_keeps_the_input(client, editor, organisation):
    client.force_login(editor)
    template = ProductFactory.build(organisation=organisation)
    response = client.post(
        _url("catalog:product_create", organisation_pk=organisation.pk),
        _form_data(template, description_zh="<p>" + "康" * 10_001 + "</p>", name_en="Kept"),
    )
    assert response.status_code == 400 and not Product.objects.exists()
    assert "10000" in response.text.replace(",", "") and "文字请控制在" in response.text
    assert 'value="Kept"' in response.text


def test_search_indexes_the_description_text_not_its_markup():
    from catalog.search import build

    product = PublishedProductFactory(description_zh="<p>失语<strong>康复</strong></p><ul><li>脑控</li></ul>")
    (entry,) = build(product)
    text = " ".join(entry.text.values()) + " ".join(
        part for display in entry.display.values() for part in display.values()
    )
    assert "失语康复" in text and "脑控" in text and "<strong>" not in text


def test_api_returns_sanitised_html(client):
    product = PublishedProductFactory(description_zh="<p>ok<script>x</script></p>", description_en="plain")
    data = client.get(f"/api/v1/products/{product.pk}/").json()
    assert data["description_zh"] == "<p>ok</p>" and data["description_en"] == "<p>plain</p>"


# --- one product per form ----------------------------------------------------------------


def test_the_same_create_form_sent_twice_makes_one_product(client, editor, organisation):
    client.force_login(editor)
    token = _create_page_token(client, organisation)
    data = _form_data(ProductFactory.build(organisation=organisation), creation_token=token)
    url = _url("catalog:product_create", organisation_pk=organisation.pk)
    first, second = client.post(url, data), client.post(url, data)
    product = Product.objects.get(organisation=organisation)
    assert first["Location"] == second["Location"] == _url("catalog:product_edit", pk=product.pk)
    assert product.creation_token == read_token("catalog.product", token)


@pytest.mark.parametrize("token", [None, "", "tampered", "forged"])
def test_a_missing_or_tampered_token_is_a_form_error_and_creates_nothing(client, editor, organisation, token):
    client.force_login(editor)
    issued = _create_page_token(client, organisation)
    data = _form_data(ProductFactory.build(organisation=organisation))
    if token is None:
        del data["creation_token"]
    elif token == "tampered":
        data["creation_token"] = "f" + issued[1:] if issued[0] != "f" else "e" + issued[1:]
    elif token == "forged":
        data["creation_token"] = str(uuid.uuid4())  # a token the server did not sign
    else:
        data["creation_token"] = token
    url = _url("catalog:product_create", "en", organisation_pk=organisation.pk)
    response = client.post(url, data)
    assert response.status_code == 400
    assert escape(str(INVALID_TOKEN)) in response.text
    assert not Product.objects.filter(organisation=organisation).exists()
    # The page comes back with a fresh token: sending it again (twice) creates one product.
    renewed = re.search(r'name="creation_token" value="([^"]+)"', response.text).group(1)
    assert read_token("catalog.product", renewed) is not None
    for _ in range(2):
        assert client.post(url, {**data, "creation_token": renewed}).status_code == 302
    assert Product.objects.filter(organisation=organisation).count() == 1


def test_the_token_error_is_translated(client, editor, organisation):
    client.force_login(editor)
    data = _form_data(ProductFactory.build(organisation=organisation), creation_token="")
    response = client.post(_url("catalog:product_create", "zh-hans", organisation_pk=organisation.pk), data)
    with translation.override("zh-hans"):
        message = str(INVALID_TOKEN)  # Chinese once locale/ has it (see test_translations)
    assert escape(message) in response.text


def test_the_edit_form_carries_no_token(client, editor, organisation):
    product = ProductFactory(organisation=organisation)
    client.force_login(editor)
    page = client.get(_url("catalog:product_edit", pk=product.pk))
    assert 'name="creation_token"' not in page.text


def test_each_new_form_creates_a_new_product(client, editor, organisation):
    client.force_login(editor)
    url = _url("catalog:product_create", organisation_pk=organisation.pk)
    for _ in range(2):
        token = _create_page_token(client, organisation)
        client.post(url, _form_data(ProductFactory.build(organisation=organisation), creation_token=token))
    assert Product.objects.filter(organisation=organisation).count() == 2


def test_a_token_of_another_organisation_does_not_return_its_product(editor, organisation):
    other_org = factories.OrganisationFactory()
    other = ProductFactory(organisation=other_org, creation_token=uuid.uuid4())
    template = ProductFactory.build(organisation=organisation)
    fields = {name: getattr(template, name) for name in services.PRODUCT_FIELDS}
    created = services.create_product(
        actor=editor, organisation=organisation, creation_token=other.creation_token, **fields
    )
    assert created.pk != other.pk and created.organisation == organisation


def test_a_refused_form_keeps_its_token_so_the_corrected_one_still_creates_once(client, editor, organisation):
    client.force_login(editor)
    token = _create_page_token(client, organisation)
    template = ProductFactory.build(organisation=organisation)
    url = _url("catalog:product_create", organisation_pk=organisation.pk)
    refused = client.post(url, _form_data(template, name_zh="", creation_token=token))
    assert refused.status_code == 400 and f'value="{token}"' in refused.text
    client.post(url, _form_data(template, creation_token=token))
    client.post(url, _form_data(template, creation_token=token))
    assert Product.objects.filter(organisation=organisation).count() == 1


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(2))
def test_two_copies_of_the_form_at_once_make_one_product(postgres_service, attempt):
    organisation = factories.OrganisationFactory()
    owner = factories.MembershipFactory(organisation=organisation, role="owner").user
    template = ProductFactory.build(organisation=organisation)
    fields = {name: getattr(template, name) for name in services.PRODUCT_FIELDS}
    token = uuid.uuid4()

    def create():
        services.create_product(actor=owner, organisation=organisation, creation_token=token, **fields)

    assert _race(create, create) == [None, None]
    assert Product.objects.filter(organisation=organisation).count() == 1


# --- the product page's spec table (the same rows as compare and the exports) --------------


def test_product_page_spec_table_has_units_and_matches_the_compare_rows(client):
    from decimal import Decimal

    from catalog.compare import KEY_SPECS, compare_rows

    product = PublishedProductFactory(sampling_rate_hz=500, battery_hours=Decimal("6.5"), weight_g=None)
    page = client.get(_url("catalog:product_detail", "en", pk=product.pk))
    table = page.text[page.text.index('id="specs-heading"') :]
    for label, value in (("Sampling rate", "500 Hz"), ("Battery life", "6.5 h"), ("Weight", "—"), ("Wireless", "Yes")):
        assert f'<th scope="row">{label}</th><td>{value}</td>' in table
    with translation.override("en"):
        compared = {row["label"]: row["cells"][0] for row in compare_rows([product])}
    for spec in KEY_SPECS:
        with translation.override("en"):
            assert f'<th scope="row">{spec.label}</th><td>{compared[spec.label]}</td>' in table


# --- contact ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phone", ["021-6488 1234", "+86 138 0000 0000", "(021) 64881234", "021-6488 1234 转 802", "400-820-1234 ext. 5"]
)
def test_contact_phones_people_write_are_accepted(phone):
    from catalog.validators import validate_phone

    validate_phone(phone)


@pytest.mark.parametrize("phone", ["call us", "12", "021-6488 1234; DROP TABLE", "+86 138 0000 0000 转", "=1+2"])
def test_malformed_contact_phones_are_refused(phone):
    from django.core.exceptions import ValidationError

    from catalog.validators import validate_phone

    with pytest.raises(ValidationError):
        validate_phone(phone)


def test_contact_is_saved_from_the_form_and_shown_with_links(client, editor, organisation, staff):
    client.force_login(editor)
    template = ProductFactory.build(organisation=organisation)
    url = _url("catalog:product_create", "en", organisation_pk=organisation.pk)
    refused = client.post(url, _form_data(template, contact_phone="ring us", contact_email="not-an-address"))
    assert refused.status_code == 400 and not Product.objects.exists()
    assert "Enter a telephone number" in refused.text and "Enter a valid e-mail address" in refused.text
    client.post(
        url,
        _form_data(
            template, contact_name="市场部", contact_email="sales@example.com", contact_phone="021-6488  1234 转 802"
        ),
    )
    product = Product.objects.get(organisation=organisation)
    assert product.contact_phone == "021-6488 1234 转 802"  # spaces normalised
    services.submit_for_review(actor=editor, product=product)
    services.approve(staff=staff, product=product)
    page = client.get(_url("catalog:product_detail", pk=product.pk)).text
    assert '<a href="mailto:sales@example.com">sales@example.com</a>' in page
    assert '<a href="tel:02164881234">021-6488 1234 转 802</a>' in page and "市场部" in page
    data = client.get(f"/api/v1/products/{product.pk}/").json()
    assert (data["contact_name"], data["contact_email"]) == ("市场部", "sales@example.com")


def test_the_contact_has_an_english_name_for_the_english_page_and_api(client):
    product = PublishedProductFactory(contact_name="市场部", contact_name_en="Sales department")
    english = client.get(_url("catalog:product_detail", "en", pk=product.pk)).text
    chinese = client.get(_url("catalog:product_detail", pk=product.pk)).text
    assert "Sales department" in english and "市场部" not in english
    assert "市场部" in chinese and "Sales department" not in chinese
    data = client.get(f"/api/v1/products/{product.pk}/?lang=en", HTTP_ACCEPT_LANGUAGE="en").json()
    assert (data["contact_name_zh"], data["contact_name_en"]) == ("市场部", "Sales department")
    untranslated = PublishedProductFactory(contact_name="市场部")
    assert "市场部" in client.get(_url("catalog:product_detail", "en", pk=untranslated.pk)).text


def test_a_product_without_contact_shows_no_contact_row(client):
    product = PublishedProductFactory()
    page = client.get(_url("catalog:product_detail", "en", pk=product.pk)).text
    assert "<dt>Contact</dt>" not in page


# --- indications (medical products) ----------------------------------------------------------


def test_indications_are_refused_for_a_non_medical_product(client, editor, organisation):
    client.force_login(editor)
    template = ProductFactory.build(organisation=organisation)  # non-medical, education
    response = client.post(
        _url("catalog:product_create", organisation_pk=organisation.pk),
        _form_data(template, indications=["stroke"]),
    )
    assert response.status_code == 400 and not Product.objects.exists()
    assert "适应症仅适用于医疗产品" in response.text


def test_a_medical_product_lists_its_indications_everywhere(client, staff):
    from catalog.search import build

    product = PublishedProductFactory(
        name_zh="言语解码头环", application_fields=["medical"], indications=["aphasia", "als"]
    )
    PublishedProductFactory(name_zh="专注力头环")
    page = client.get(_url("catalog:product_detail", "en", pk=product.pk)).text
    assert "<dt>Indications</dt>" in page and "Aphasia, ALS" in page
    listing = client.get(_url("catalog:product_list") + "?indication=aphasia")
    assert [p.pk for p in listing.context["products"]] == [product.pk]
    facet = next(row for row in listing.context["facets"] if row["facet"].param == "indication")
    assert {option["value"]: option["count"] for option in facet["options"]}["aphasia"] == 1
    api = client.get("/api/v1/products/?indication=als").json()
    assert [row["id"] for row in api["results"]] == [product.pk]
    assert api["results"][0]["indications"][0]["value"] == "aphasia"
    (entry,) = build(product)
    assert "失语" in entry.text["body"] and "Aphasia" in entry.text["body"]


def test_an_edition_freezes_the_indications_and_exports_them(staff):
    from catalog.editions import exports
    from tests.catalog.test_editions_views import publish_edition

    product = PublishedProductFactory(regulatory_class="non_medical", application_fields=["medical"])
    product.indications = ["stroke"]
    product.save()
    edition = publish_edition(staff, [product], year=2098)
    entry = edition.entries.get()
    assert entry.indications == ["stroke"]
    with translation.override("zh-hans"):
        assert ("适应症", "脑卒中") in exports.spec_rows(entry)


def test_a_twin_that_commits_between_the_token_check_and_the_insert_is_returned(monkeypatch, editor, organisation):
    """The second copy of the form checked the token just before the first committed: it still gets the first's
    product (the model's validation does not meet the token's unique constraint first, a 500)."""
    token = uuid.uuid4()
    template = ProductFactory.build(organisation=organisation)
    fields = {name: getattr(template, name) for name in services.PRODUCT_FIELDS}
    twin = services.create_product(actor=editor, organisation=organisation, creation_token=token, **fields)
    real, calls = idempotency.created_with, []

    def checked_before_the_twin_committed(queryset, value):
        calls.append(value)
        return None if len(calls) == 1 else real(queryset, value)

    monkeypatch.setattr(idempotency, "created_with", checked_before_the_twin_committed)
    again = services.create_product(actor=editor, organisation=organisation, creation_token=token, **fields)
    assert again.pk == twin.pk and Product.objects.filter(organisation=organisation).count() == 1


def test_the_description_labels_are_capitalised_like_the_other_fields(client, editor, organisation):
    client.force_login(editor)
    with translation.override("en"):
        html = client.get(reverse("catalog:product_create", kwargs={"organisation_pk": organisation.pk})).text
    assert '<label for="id_description_zh">Description (Chinese)</label>' in html
    assert '<label for="id_description_en">Description (English)</label>' in html
