"""The cases JSON API: the index's filters, both language trees, detail, drafts hidden."""

import pytest

from tests.cases.factories import HospitalFactory, build_case_site, make_case, translate_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return build_case_site()


def test_list_filters_like_the_index(client, site):
    hospital = HospitalFactory(slug="ruihua")
    make_case(site.index, title="言语案例", indications=["als"], institutions=[hospital])
    make_case(site.index, title="运动案例", indications=["paralysis"])
    make_case(site.index, title="草稿", live=False)
    data = client.get("/api/v1/cases/?language=zh-hans").json()
    assert data["count"] == 2
    data = client.get("/api/v1/cases/?language=zh-hans&indication=als").json()
    assert [case["title"] for case in data["results"]] == ["言语案例"]
    assert data["results"][0]["institutions"][0]["slug"] == "ruihua"
    indication = next(facet for facet in data["facets"] if facet["param"] == "indication")
    assert {o["value"]: o["count"] for o in indication["options"]}["paralysis"] == 1
    assert next(o for o in indication["options"] if o["value"] == "als")["selected"] is True


def test_list_follows_the_language(client, site):
    case = make_case(site.index, title="中文案例")
    translate_case(case, site.tree.en, title="English case")
    assert client.get("/api/v1/cases/", HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]["title"] == "English case"
    assert client.get("/api/v1/cases/?language=en").json()["results"][0]["bci_type"]["label"] == "Invasive"


def test_detail(client, site):
    case = make_case(site.index, title="详细案例")
    english = translate_case(case, site.tree.en)
    data = client.get(f"/api/v1/cases/{case.pk}/").json()
    assert data["title"] == "详细案例" and data["language"] == "zh-hans"
    assert [o["measure"] for o in data["outcomes"]] == ["打字速度", "光标控制成功率"]
    assert data["trial_registrations"] == [{"id": "NCT01234567", "url": "https://clinicaltrials.gov/study/NCT01234567"}]
    assert data["publications"][0]["url"] == "https://doi.org/10.1000/demo.2025.001"
    assert data["translations"] == {"en": english.pk}


def test_draft_is_404(client, site):
    draft = make_case(site.index, live=False)
    assert client.get(f"/api/v1/cases/{draft.pk}/").status_code == 404
    assert client.get("/api/v1/cases/999999/").status_code == 404


def test_openapi_lists_the_cases_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/cases/" in paths and "/api/v1/cases/{case_id}/" in paths


@pytest.mark.parametrize("count", [5, 40])
def test_list_query_count_is_constant(client, site, count, django_assert_max_num_queries):
    hospitals = [HospitalFactory() for _ in range(3)]
    for i in range(count):
        make_case(site.index, institutions=hospitals[: 1 + i % 3])
    with django_assert_max_num_queries(8):  # 3 once the facet counts are remembered
        assert client.get("/api/v1/cases/?language=zh-hans").status_code == 200
