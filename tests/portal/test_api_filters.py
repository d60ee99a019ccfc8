"""Every list endpoint of the JSON API refuses what it does not know, and says why (issue #16).

An unknown filter value (``?indication=nonsense``), sort or type was dropped: now it is a 422
in the API's validation format, its reason in the request's language, and the OpenAPI document
lists each facet's values (an ``enum``) or their pattern. A page beyond the last was the last
page under another number: now it is a 404 saying which page is the last (a 404, not a 422:
the number is a valid parameter, the page does not exist; schemathesis holds the API to that).
"""

import pytest

from tests.cases.factories import build_case_site, make_case

pytestmark = pytest.mark.django_db

#: list endpoint -> (a request with an unknown value, the parameter it names)
UNKNOWN = {
    "/api/v1/products/": ("?indication=nonsense", "indication"),
    "/api/v1/cases/": ("?indication=nonsense", "indication"),
    "/api/v1/startups/": ("?stage=xyz", "stage"),
    "/api/v1/platforms/": ("?service=xyz", "service"),
    "/api/v1/search/": ("?q=x&type=xyz", "type"),
}
SORTS = {
    "/api/v1/products/": "?sort=zzz",
    "/api/v1/cases/": "?sort=zzz",
    "/api/v1/startups/": "?sort=zzz",
    "/api/v1/search/": "?sort=zzz",
}


@pytest.mark.parametrize(("endpoint", "request_"), [(e, r) for e, (r, _p) in UNKNOWN.items()])
def test_an_unknown_value_is_a_422_naming_the_parameter_and_the_allowed_values(client, endpoint, request_):
    response = client.get(endpoint + request_, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    (issue,) = response.json()["detail"]
    assert issue["loc"] == ["query", UNKNOWN[endpoint][1]] and issue["type"] == "literal_error"
    assert issue["msg"].startswith("Not one of the allowed values: '")
    zh = client.get(endpoint + request_, HTTP_ACCEPT_LANGUAGE="zh-hans").json()["detail"][0]["msg"]
    assert zh.startswith("不是允许的取值之一：'")


@pytest.mark.parametrize("endpoint", SORTS)
def test_an_unknown_sort_is_a_422(client, endpoint):
    assert client.get(endpoint + SORTS[endpoint]).status_code == 422


@pytest.mark.parametrize("endpoint", UNKNOWN)
def test_a_page_beyond_the_last_is_a_404_that_says_which_is_the_last(client, endpoint):
    site = build_case_site()
    make_case(site.index, title="运动康复", indications=["paralysis"])
    assert client.get(endpoint + "?page=1&q=x").status_code == 200  # an empty list has its one page
    response = client.get(endpoint + "?page=999&q=x", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response.json() == {"detail": "There is no page 999: the last page is 1", "pages": 1}
    zh = client.get(endpoint + "?page=999&q=x", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert zh["detail"] == "没有第 999 页：最后一页是第 1 页"


def test_a_case_filter_of_the_vocabulary_still_filters(client):
    site = build_case_site()
    make_case(site.index, title="运动康复", indications=["paralysis"])
    make_case(site.index, title="言语解码", indications=["als"])
    data = client.get("/api/v1/cases/?indication=als&language=zh-hans").json()
    assert [row["title"] for row in data["results"]] == ["言语解码"]
    assert client.get("/api/v1/cases/?institution=no-such-hospital").json()["count"] == 0


def test_the_document_lists_each_facets_values_or_their_pattern(client):
    document = client.get("/api/v1/openapi.json").json()
    for endpoint in UNKNOWN:
        for parameter in document["paths"][endpoint]["get"]["parameters"]:
            if parameter["name"] in ("q", "page"):
                continue
            schema = parameter["schema"]
            value = schema.get("items") or next(
                (option for option in schema.get("anyOf", []) if option.get("type") == "string"), schema
            )
            assert "enum" in value or "pattern" in value, (endpoint, parameter["name"])
        (page,) = [p for p in document["paths"][endpoint]["get"]["parameters"] if p["name"] == "page"]
        assert page["schema"]["minimum"] == 1
        answer = document["paths"][endpoint]["get"]["responses"]["404"]["content"]["application/json"]["schema"]
        assert answer == {"$ref": "#/components/schemas/PageNotFoundOut"}


def test_search_facet_filters_are_parameters_with_their_values(client):
    """``f_<facet>`` filters are in the document with their values, refused when unknown, and filter."""
    document = client.get("/api/v1/openapi.json").json()
    parameters = {p["name"]: p["schema"] for p in document["paths"]["/api/v1/search/"]["get"]["parameters"]}
    assert "als" in parameters["f_indication"]["items"]["enum"]
    assert "invasive" in parameters["f_bci_type"]["items"]["enum"]
    response = client.get("/api/v1/search/?q=x&f_indication=nonsense", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "f_indication"]

    site = build_case_site()
    make_case(site.index, title="运动康复案例", indications=["paralysis"])
    make_case(site.index, title="言语康复案例", indications=["als"])
    data = client.get("/api/v1/search/?q=康复&type=case&f_indication=als&lang=zh-hans").json()
    assert [hit["title"] for hit in data["hits"]] == ["言语<mark>康复</mark>案例"]
    both = client.get("/api/v1/search/?q=康复&type=case&f_indication=als&f_indication=paralysis&lang=zh-hans")
    assert both.json()["total"] == 2
