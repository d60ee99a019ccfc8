"""The products JSON API: same filters as the catalogue page, public products only, both languages."""

import pytest
from django.urls import reverse
from django.utils import translation

from catalog import queries
from portal import public_cache
from portal.organisations.models import VerificationStatus
from tests.catalog.factories import ProductFactory, PublishedProductFactory
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/products/"


@pytest.fixture
def catalogue():
    alpha = OrganisationFactory(slug="alpha-api", name_zh="阿尔法", name_en="Alpha")
    products = [
        PublishedProductFactory(organisation=alpha, functions=["speech"], application_fields=["medical"]),
        PublishedProductFactory(organisation=alpha, functions=["motor_control"], signal_modality="fnirs"),
        PublishedProductFactory(functions=["speech", "vision"], application_fields=["education", "medical"]),
        PublishedProductFactory(functions=["state_monitoring"], milestones=["ce_marked"], electrode_type="wet"),
    ]
    ProductFactory(functions=["speech"])  # a draft
    PublishedProductFactory(
        organisation=OrganisationFactory(verification_status=VerificationStatus.PENDING), functions=["speech"]
    )
    return products


FILTERS = [
    "",
    "?function=speech",
    "?function=speech&function=motor_control",
    "?function=speech&field=medical",
    "?enterprise=alpha-api&modality=fnirs",
    "?milestone=ce_marked&electrode=wet",
    "?type=invasive",
    "?function=vision&sort=released",
    "?sort=newest",
]


@pytest.mark.parametrize("params", FILTERS)
def test_list_has_filter_parity_with_the_html_catalogue(client, catalogue, params):
    with translation.override("zh-hans"):
        html = client.get(reverse("catalog:product_list") + params)
    data = client.get(API + params).json()
    assert data["count"] == html.context["page_obj"].paginator.count
    assert [row["id"] for row in data["results"]] == [product.pk for product in html.context["products"]]
    html_counts = {
        (row["facet"].param, option["value"]): option["count"]
        for row in html.context["facets"]
        for option in row["options"]
    }
    api_counts = {
        (facet["param"], option["value"]): option["count"] for facet in data["facets"] for option in facet["options"]
    }
    assert api_counts == html_counts


def test_list_returns_only_public_products_with_both_languages(client, catalogue):
    data = client.get(API, HTTP_ACCEPT_LANGUAGE="en").json()
    assert data["count"] == 4 and {row["id"] for row in data["results"]} == {p.pk for p in catalogue}
    first = next(row for row in data["results"] if row["id"] == catalogue[0].pk)
    assert first["name_zh"] == catalogue[0].name_zh and first["name_en"] == catalogue[0].name_en
    assert first["name"] == catalogue[0].name_en  # Accept-Language: en
    assert first["enterprise"]["slug"] == "alpha-api" and first["enterprise"]["name"] == "Alpha"
    assert first["functions"] == [{"value": "speech", "label": "Speech synthesis"}]
    zh = client.get(API, HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    first_zh = next(row for row in zh["results"] if row["id"] == catalogue[0].pk)
    assert first_zh["name"] == catalogue[0].name_zh


def test_list_paginates(client):
    for _ in range(23):
        PublishedProductFactory()
    first = client.get(API).json()
    assert first["count"] == 23 and first["pages"] == 2 and len(first["results"]) == 20
    second = client.get(API + "?page=2").json()
    assert second["page"] == 2 and len(second["results"]) == 3
    assert client.get(API + "?page=0").status_code == 422  # a clear validation error, not a 500
    assert client.get(API + "?page=x").status_code == 422


@pytest.mark.parametrize(
    ("junk", "param", "kind"),
    [
        ("?indication=nonsense", "indication", "literal_error"),
        ("?type=<script>", "type", "literal_error"),
        ("?function=speech&function=telepathy", "function", "literal_error"),
        ("?sort=zzz", "sort", "literal_error"),
        ("?edition=abc", "edition", "string_pattern_mismatch"),
        ("?enterprise=Not%20A%20Slug", "enterprise", "string_pattern_mismatch"),
    ],
)
def test_list_refuses_what_it_does_not_know_and_says_why(client, junk, param, kind):
    """An unknown filter value was dropped: now a 422 with the reason."""
    PublishedProductFactory()
    response = client.get(API + junk, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422, junk
    (issue,) = response.json()["detail"]
    assert issue["loc"] == ["query", param] and issue["type"] == kind
    if kind == "literal_error":
        assert issue["msg"].startswith("Not one of the allowed values: ")
    zh = client.get(API + junk, HTTP_ACCEPT_LANGUAGE="zh-hans").json()["detail"][0]["msg"]
    assert zh != issue["msg"]  # the reason in the visitor's language


def test_list_accepts_every_value_of_the_vocabulary_and_unknown_slugs_find_nothing(client):
    PublishedProductFactory(
        indications=["stroke"],
        application_fields=["medical"],
        regulatory_class="class_ii",
        registration_number="国械注准20242090456",
    )
    assert client.get(API + "?indication=stroke").json()["count"] == 1
    assert client.get(API + "?indication=aphasia&indication=stroke&sort=channels").json()["count"] == 1
    assert client.get(API + "?enterprise=no-such-enterprise").json()["count"] == 0
    assert client.get(API + "?edition=1999").json()["count"] == 0
    assert client.get(API + "?page=1").json()["page"] == 1
    beyond = client.get(API + "?page=2", HTTP_ACCEPT_LANGUAGE="en")  # was page 1 under the number 2
    assert beyond.status_code == 404
    assert beyond.json() == {"detail": "There is no page 2: the last page is 1", "pages": 1}


def test_list_query_count_is_constant(client, django_assert_max_num_queries):
    PublishedProductFactory(functions=["speech"], application_fields=["medical"])
    # choice and mask facets in one scan, the enterprise and edition facets, the results
    with django_assert_max_num_queries(4) as few:
        client.get(API + "?function=speech&field=medical")
    for _ in range(30):
        PublishedProductFactory(
            organisation=OrganisationFactory(), functions=["speech"], application_fields=["medical"]
        )
    public_cache.invalidate(*queries.FACET_COUNT_TAGS)  # as publishing does
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(API + "?function=speech&field=medical").json()["count"] == 31


def test_detail_of_a_public_product_and_404_for_the_rest(client):
    product = PublishedProductFactory(description_zh="详细说明", description_en="Details", milestones=["registered"])
    draft = ProductFactory()
    hidden = PublishedProductFactory(organisation=OrganisationFactory(verification_status=VerificationStatus.PENDING))
    data = client.get(f"{API}{product.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert data["id"] == product.pk and data["description"] == "<p>Details</p>"
    assert data["description_zh"] == "<p>详细说明</p>"  # sanitised HTML (stored plain text becomes paragraphs)
    assert data["milestones"] == [{"value": "registered", "label": "Registered with the NMPA"}]
    for pk in (draft.pk, hidden.pk, 999999):
        assert client.get(f"{API}{pk}/").status_code == 404


def test_openapi_documents_the_products_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/products/", "/api/v1/products/{product_id}/"} <= set(schema["paths"])
    parameters = {p["name"] for p in schema["paths"]["/api/v1/products/"]["get"]["parameters"]}
    assert parameters >= {"type", "modality", "electrode", "function", "field", "regulatory", "milestone", "enterprise"}
    assert parameters >= {"sort", "page"}
