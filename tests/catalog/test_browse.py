"""Public browsing: facets (multi-select, counts), sort, shareable URLs, compare, enterprise pages."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from catalog import queries
from catalog.compare import format_weight
from catalog.models import Product
from portal import public_cache
from portal.organisations.models import OrganisationKind, VerificationStatus
from tests.catalog.factories import ProductFactory, PublishedProductFactory
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _url(name, language="zh-hans", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def _facet(response, param):
    return next(row for row in response.context["facets"] if row["facet"].param == param)


def _counts(response, param):
    return {option["value"]: option["count"] for option in _facet(response, param)["options"]}


def _names(response):
    return [product.name_zh for product in response.context["products"]]


# --- facets ----------------------------------------------------------------------------


def test_multi_select_is_or_within_a_facet_and_and_across_facets(client):
    PublishedProductFactory(name_zh="甲", functions=["motor_control"], application_fields=["rehabilitation"])
    PublishedProductFactory(name_zh="乙", functions=["speech"], application_fields=["education"])
    PublishedProductFactory(name_zh="丙", functions=["speech", "vision"], application_fields=["rehabilitation"])
    PublishedProductFactory(name_zh="丁", functions=["state_monitoring"], application_fields=["rehabilitation"])
    url = _url("catalog:product_list")
    either = client.get(url + "?function=motor_control&function=speech")
    assert sorted(_names(either)) == sorted(["甲", "乙", "丙"])
    both = client.get(url + "?function=motor_control&function=speech&field=rehabilitation")
    assert sorted(_names(both)) == sorted(["甲", "丙"])
    # A facet's counts apply the other facets' selections, not its own.
    functions = _counts(both, "function")
    assert functions["motor_control"] == 1 and functions["speech"] == 1 and functions["state_monitoring"] == 1
    assert functions["vision"] == 1 and functions["sensation"] == 0
    fields = _counts(both, "field")
    assert fields == {**dict.fromkeys(fields, 0), "rehabilitation": 2, "education": 1}
    assert both.context["page_obj"].paginator.count == 2


def test_the_folded_filters_name_what_is_chosen(client):
    # On a phone the facets fold under "Filters" after each choice: the summary says which are on.
    PublishedProductFactory(name_zh="甲", functions=["motor_control"], application_fields=["rehabilitation"])
    url = _url("catalog:product_list")

    def summary(html):
        return " ".join(re.search(r"<summary>(.*?)</summary>", html, re.S).group(1).split())

    assert summary(client.get(url).text) == "筛选"
    chosen = summary(client.get(url + "?function=motor_control&field=rehabilitation").text)
    assert chosen == '筛选 · <span class="filter-chosen">运动控制</span> · <span class="filter-chosen">康复训练</span>'


def test_a_filtered_list_with_no_product_offers_to_clear_the_filters(client):
    # On a phone the facets are folded away under "Filters": the empty list itself leads back.
    PublishedProductFactory(name_zh="甲", bci_type="non_invasive", functions=["motor_control"])
    url = _url("catalog:product_list")
    empty = client.get(url + "?type=invasive&function=motor_control&sort=newest").text
    assert "没有符合筛选条件的产品。" in empty
    assert '<a href="?sort=newest">清除全部筛选条件</a>' in empty
    searched = client.get(url + "?q=%E7%94%B2&type=invasive").text
    assert "没有符合此搜索和筛选条件的产品。" in searched and '<a href="?q=%E7%94%B2">清除全部筛选条件</a>' in searched
    # A search without filters: neither filters in the message nor a link to clear them.
    text_only = client.get(_url("catalog:product_list", "en") + "?q=zzzqqq").text
    assert "No product matches this search." in text_only and "Clear all filters" not in text_only


def test_every_declared_facet_filters_and_counts(client):
    org = OrganisationFactory(slug="gamma-bci")
    PublishedProductFactory(
        organisation=org,
        bci_type="semi_invasive",
        signal_modality="fnirs",
        electrode_type="wet",
        functions=["neuromodulation"],
        application_fields=["medical"],
        regulatory_class="class_iii",
        registration_number="国械注准20253090077",
        milestones=["clinical_trial", "ce_marked"],
    )
    PublishedProductFactory()
    expectations = {
        "type": "semi_invasive",
        "modality": "fnirs",
        "electrode": "wet",
        "function": "neuromodulation",
        "field": "medical",
        "regulatory": "class_iii",
        "milestone": "ce_marked",
        "enterprise": "gamma-bci",
    }
    assert {facet.param for facet in queries.CATALOGUE.facets} >= set(expectations)
    for param, value in expectations.items():
        response = client.get(_url("catalog:product_list") + f"?{param}={value}")
        assert response.context["page_obj"].paginator.count == 1, param
        assert _counts(response, param)[value] == 1, param
        assert _facet(response, param)["selected"] == [value]


def test_unknown_values_and_parameters_are_ignored_never_an_error(client):
    PublishedProductFactory()
    for junk in (
        "?function=telepathy",
        "?sort=evil",
        "?page=abc",
        "?enterprise=<b>",
        "?field=" + "x" * 500,
        "?p=a",
        "?edition=abc",
        "?edition=-1",
        "?edition=99999999999999999999",
        "?p=abc&sort=zzz&page=-1&type=<script>",
        "?page=99999999999999999999999",
        "?edition=²⁰²⁵",  # "²".isdigit() is true, int("²") fails
        "?p=²",
    ):
        response = client.get(_url("catalog:product_list") + junk)
        assert response.status_code == 200 and response.context["page_obj"].paginator.count == 1, junk


def test_facet_links_are_shareable_and_toggle(client):
    PublishedProductFactory(functions=["speech"])
    PublishedProductFactory(functions=["motor_control"])
    response = client.get(_url("catalog:product_list") + "?function=speech&sort=newest")
    speech = next(o for o in _facet(response, "function")["options"] if o["value"] == "speech")
    motor = next(o for o in _facet(response, "function")["options"] if o["value"] == "motor_control")
    assert speech["selected"] and speech["url"] == "?sort=newest"  # selecting again removes it
    assert motor["url"] == "?function=speech&function=motor_control&sort=newest"
    assert 'aria-current="true"' in response.text
    vision = next(o for o in _facet(response, "function")["options"] if o["value"] == "vision")
    assert vision["count"] == 0 and "url" not in vision and "function=vision" not in response.text


def test_sort_orders(client):
    PublishedProductFactory(name_zh="乙", name_en="Beta", release_date=datetime.date(2024, 1, 1), channels=8)
    PublishedProductFactory(name_zh="甲", name_en="Alpha", release_date=datetime.date(2025, 1, 1), channels=64)
    PublishedProductFactory(name_zh="丙", name_en="", release_date=None, channels=None)
    url = _url("catalog:product_list")
    assert _names(client.get(url + "?sort=released")) == ["甲", "乙", "丙"]
    assert _names(client.get(url + "?sort=channels")) == ["甲", "乙", "丙"]
    assert _names(client.get(url + "?sort=newest")) == ["丙", "甲", "乙"]
    english = client.get(_url("catalog:product_list", "en") + "?sort=name")
    assert [p.name for p in english.context["products"]] == ["Alpha", "Beta", "丙"]


def test_list_declares_its_parameters_to_the_public_cache(client):
    PublishedProductFactory(functions=["speech"])
    url = _url("catalog:product_list") + "?function=speech&sort=newest&page=1"
    assert "X-Public-Cache" not in client.get(url).headers  # a query string: stored from its second asking
    assert client.get(url).headers["X-Public-Cache"] == "miss"
    assert client.get(url).headers["X-Public-Cache"] == "hit"
    # An undeclared parameter is rendered but never stored.
    junk = _url("catalog:product_list") + "?utm=1"
    assert "X-Public-Cache" not in client.get(junk).headers
    assert not client.cookies


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_list_query_count_is_constant_from_5_to_60_products(client, django_assert_max_num_queries, language):
    def add(n):
        for i in range(n):
            PublishedProductFactory(
                organisation=OrganisationFactory(),
                functions=["speech", "vision"][: 1 + i % 2],
                application_fields=["medical"],
                milestones=["ce_marked"],
            )

    url = _url("catalog:product_list", language) + "?type=non_invasive&function=speech&function=vision&field=medical"
    client.cookies["sessionid"] = "x"  # an anonymous visitor who bypasses the public page cache
    add(5)
    client.get(url + "&warm=1")  # the page chrome (menu, site settings) is remembered after one request
    # Publishing invalidates the remembered facet counts (catalog.services); the factories do not.
    public_cache.invalidate(*queries.FACET_COUNT_TAGS)
    # the site, the choice and mask facets in one scan, the enterprise and edition facets, the page of
    # results, its first images (catalog.media.attach_thumbnails; their renditions too when there are some)
    with django_assert_max_num_queries(6) as few:
        assert client.get(url).context["page_obj"].paginator.count == 5
    add(55)
    public_cache.invalidate(*queries.FACET_COUNT_TAGS)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.context["page_obj"].paginator.count == 60 and len(response.context["products"]) == 20
    # The same selection again: the counts are remembered, one query fewer.
    with django_assert_max_num_queries(len(few.captured_queries) - 1):
        client.get(url)


def test_remembered_facet_counts_follow_approval(client, staff, organisation):
    from catalog import services

    client.cookies["sessionid"] = "x"  # rendered, not served from the page cache
    url = _url("catalog:product_list") + "?function=vision"
    PublishedProductFactory(functions=["vision"])
    assert client.get(url).context["page_obj"].paginator.count == 1
    product = ProductFactory(organisation=organisation, functions=["vision"], moderation_status="submitted")
    services.approve(staff=staff, product=product)
    response = client.get(url)
    assert response.context["page_obj"].paginator.count == 2 and len(response.context["products"]) == 2
    assert _counts(response, "function")["vision"] == 2


def test_masks_follow_the_lists_through_publishing(client):
    product = PublishedProductFactory(functions=["vision"], application_fields=["sports"])
    stored = Product.objects.get(pk=product.pk)
    assert stored.functions_mask == 1 << 2 and stored.application_fields_mask == 1 << 3


# --- compare ---------------------------------------------------------------------------


def test_compare_aligns_rows_with_units_and_marks_differences(client):
    a = PublishedProductFactory(name_zh="甲头环", channels=8, sampling_rate_hz=250, weight_g=60, wireless=True)
    b = PublishedProductFactory(name_zh="乙头环", channels=32, sampling_rate_hz=250, weight_g=320, wireless=True)
    response = client.get(_url("catalog:compare", "en") + f"?p={a.pk}&p={b.pk}")
    assert response.status_code == 200
    assert [p.pk for p in response.context["products"]] == [a.pk, b.pk]
    rows = {str(row["label"]): row for row in response.context["rows"]}
    assert rows["Channels"]["cells"] == ["8", "32"] and rows["Channels"]["differs"]
    assert rows["Sampling rate"]["cells"] == ["250 Hz", "250 Hz"] and not rows["Sampling rate"]["differs"]
    assert rows["Weight"]["cells"] == ["60 g", "320 g"]
    assert all(len(row["cells"]) == 2 for row in response.context["rows"])
    # Differences are said in words (screen readers), not by colour only.
    differs_rows = [
        label.strip() for label in re.findall(r'<tr class="compare-differs">\s*<th scope="row">([^<]+)', response.text)
    ]
    assert "Channels" in differs_rows and "Sampling rate" not in differs_rows
    assert response.text.count(">differs</span>") == sum(row["differs"] for row in response.context["rows"])
    zh = client.get(_url("catalog:compare") + f"?p={a.pk}&p={b.pk}")
    assert "320 克" in zh.text and "不同" in zh.text


def test_compare_reports_more_than_four_and_unknown_or_unpublished_ids(client):
    live = [PublishedProductFactory() for _ in range(5)]
    draft = ProductFactory()
    hidden = PublishedProductFactory(organisation=OrganisationFactory(verification_status=VerificationStatus.PENDING))
    ids = [str(p.pk) for p in live]
    response = client.get(_url("catalog:compare", "en") + "?" + "&".join(f"p={pk}" for pk in ids))
    assert response.status_code == 200 and response.context["comparison"].too_many
    assert [p.pk for p in response.context["products"]] == [p.pk for p in live[:4]]
    assert "up to 4 products" in response.text

    response = client.get(
        _url("catalog:compare", "en") + f"?p={live[0].pk}&p={draft.pk}&p={hidden.pk}&p=abc&p=999999&p={live[0].pk}"
    )
    assert response.status_code == 200
    assert [p.pk for p in response.context["products"]] == [live[0].pk]
    assert response.context["comparison"].missing == ["abc", str(draft.pk), str(hidden.pk), "999999"]
    assert "could not be found" in response.text and draft.name_en not in response.text

    assert client.get(_url("catalog:compare", "en")).status_code == 200  # nothing chosen yet: an explanation
    assert client.get(_url("catalog:compare", "en") + "?p=" + "9" * 40).status_code == 200
    response = client.get(_url("catalog:compare", "en") + "?p=²")  # a Unicode digit: "²".isdigit() is true
    assert response.status_code == 200 and response.context["comparison"].missing == ["²"]


def test_compare_is_cached_per_selection_and_queries_stay_constant(client, django_assert_max_num_queries):
    products = [PublishedProductFactory(organisation=OrganisationFactory()) for _ in range(4)]
    url = _url("catalog:compare") + "?" + "&".join(f"p={p.pk}" for p in products)
    client.get(_url("catalog:compare") + f"?p={products[0].pk}")  # warm the page chrome
    client.get(url)  # a first asking is not stored (a query string: public_cache.first_asking)
    with django_assert_max_num_queries(2):  # the site, the products with their enterprises
        first = client.get(url)
    assert first.headers["X-Public-Cache"] == "miss" and client.get(url).headers["X-Public-Cache"] == "hit"
    assert not first.cookies


def test_compare_toggle_without_javascript(client):
    a = PublishedProductFactory()
    b = PublishedProductFactory()
    listing = client.get(_url("catalog:product_list") + f"?p={a.pk}")
    compare_url = _url("catalog:compare")
    # One GET form to the compare page; a product already picked elsewhere stays ticked.
    assert f'action="{compare_url}"' in listing.text
    assert f'name="p" value="{a.pk}" id="compare-{a.pk}" checked' in listing.text
    assert f'name="p" value="{b.pk}" id="compare-{b.pk}">' in listing.text
    detail = client.get(_url("catalog:product_detail", pk=b.pk))
    assert f"{compare_url}?p={b.pk}" in detail.text
    compare = client.get(compare_url + f"?p={a.pk}&p={b.pk}")
    assert f"{compare_url}?p={b.pk}" in compare.text  # remove a
    assert _url("catalog:product_list") + f"?p={a.pk}&amp;p={b.pk}" in compare.text  # add more


# --- enterprise pages ------------------------------------------------------------------


def test_enterprise_page_shows_profile_and_only_published_products(client):
    org = OrganisationFactory(
        slug="delta-neuro", name_zh="德尔塔神经", name_en="Delta Neuro", city_zh="上海", website="https://delta.example"
    )
    PublishedProductFactory(organisation=org, name_zh="已发布产品", name_en="Published one")
    ProductFactory(organisation=org, name_zh="草稿产品")
    PublishedProductFactory(name_zh="别家产品")
    response = client.get(_url("catalog:enterprise_detail", slug="delta-neuro"))
    assert response.status_code == 200
    assert "德尔塔神经" in response.text and "https://delta.example" in response.text and "上海" in response.text
    assert "已发布产品" in response.text and "草稿产品" not in response.text and "别家产品" not in response.text
    assert "Delta Neuro" in client.get(_url("catalog:enterprise_detail", "en", slug="delta-neuro")).text


def test_enterprise_page_404s_for_unverified_and_other_kinds(client):
    OrganisationFactory(slug="pending-neuro", verification_status=VerificationStatus.PENDING)
    OrganisationFactory(slug="some-hospital", kind=OrganisationKind.HOSPITAL)
    for slug in ("pending-neuro", "some-hospital", "nobody"):
        assert client.get(_url("catalog:enterprise_detail", slug=slug)).status_code == 404


def test_product_page_links_to_its_enterprise_page(client):
    product = PublishedProductFactory()
    response = client.get(_url("catalog:product_detail", pk=product.pk))
    assert _url("catalog:enterprise_detail", slug=product.organisation.slug) in response.text


def test_enterprise_page_query_count_is_constant(client, django_assert_max_num_queries):
    org = OrganisationFactory(slug="epsilon")
    PublishedProductFactory(organisation=org)
    url = _url("catalog:enterprise_detail", slug="epsilon")
    client.cookies["sessionid"] = "x"  # bypass the public page cache
    client.get(url + "?page=1")
    with django_assert_max_num_queries(4) as few:
        client.get(url)
    for _ in range(25):
        PublishedProductFactory(organisation=org)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["products"]) == 20


@pytest.mark.parametrize(
    ("grams", "english", "chinese"),
    [(None, "—", "—"), (180, "180 g", "180 克"), (1000, "1 kg", "1 千克"), (18500, "18.5 kg", "18.5 千克")],
)
def test_weights_show_kilograms_from_a_thousand_grams(grams, english, chinese):
    with translation.override("en"):
        assert format_weight(grams) == english
    with translation.override("zh-hans"):
        assert format_weight(grams) == chinese
