"""The case index's facet counts: one scan, remembered per selection, cleared on change; masks; query budgets."""

import copy
import datetime

import pytest
from django.core.cache import caches

from cases import listing
from cases.models import CasePage
from portal import public_cache
from portal.listing import counting
from portal.listing.facets import YearFacet
from tests.cases.factories import HospitalFactory, SelectionFactory, build_case_site, make_case
from tests.catalog.factories import PublishedProductFactory
from tests.conftest import module_world

pytestmark = pytest.mark.django_db


site_built = module_world(lambda: build_case_site(), name="site_built")


@pytest.fixture
def site(site_built):
    """This test's copy of the module's case site (built once for the module)."""
    return copy.deepcopy(site_built)


def _clear():
    for cache in caches.all():
        cache.clear()


def _counts(response, param):
    row = next(row for row in response.context["listing"]["facets"] if row["facet"].param == param)
    return {option["value"]: option["count"] for option in row["options"]}


def test_masks_follow_the_lists(site):
    case = make_case(site.index, functions=["speech", "motor_control"], indications=["als"])
    case = CasePage.objects.get(pk=case.pk)
    assert case.functions_mask and case.indications_mask
    case.indications = []
    case.save(update_fields=["indications"])
    assert CasePage.objects.get(pk=case.pk).indications_mask == 0


def test_counts_match_a_plain_count_under_every_combination(client, site):
    hospital = HospitalFactory(slug="ruihua")
    selection = SelectionFactory()
    make_case(site.index, indications=["als", "stroke"], functions=["speech"], institutions=[hospital])
    make_case(site.index, indications=["als"], bci_type="interventional", start_date=datetime.date(2023, 5, 1))
    make_case(site.index, indications=["stroke"], phase="pivotal", selections=[selection], institutions=[hospital])
    base = site.index.live_cases()
    facets = listing.CASE_LIBRARY.facets

    def filtered(selected, skip=None):
        return base.filter(counting.others(counting.selections(facets, selected, CasePage), skip))

    for selected in (
        {},
        {"indication": ["als"]},
        {"indication": ["als"], "year": ["2025"]},
        {"institution": ["ruihua"], "function": ["speech"]},
        {"selection": [selection.slug], "phase": ["pivotal"]},
        {"type": ["interventional"], "year": ["2023"]},
    ):
        counted = counting.count_facets(facets, selected, base.order_by())
        assert counted["total"] == filtered(selected).count(), selected
        for facet in facets:
            others = filtered(selected, skip=facet.param)
            options = facet.options(counted[facet.param])
            for option in options:
                expected = others.filter(facet.q([option["value"]], CasePage)).distinct().count()
                assert option["count"] == expected, (selected, facet.param, option)
            if isinstance(facet, YearFacet):
                years = {str(d.year) for d in others.values_list("start_date", flat=True)}
                assert {option["value"] for option in options} == years


def test_remembered_counts_are_cleared_when_a_case_is_published(client, site):
    make_case(site.index, indications=["als"])
    client.cookies["sessionid"] = "x"  # a signed-in-like request: the page itself is not cached
    assert _counts(client.get(site.index.url), "indication")["als"] == 1
    make_case(site.index, indications=["als"])
    assert _counts(client.get(site.index.url), "indication")["als"] == 2


def test_remembered_counts_are_cleared_when_a_case_is_deleted(client, site):
    make_case(site.index, indications=["als"])
    gone = make_case(site.index, indications=["als"])
    client.cookies["sessionid"] = "x"
    assert _counts(client.get(site.index.url), "indication")["als"] == 2
    gone.delete()
    response = client.get(site.index.url)
    assert _counts(response, "indication")["als"] == 1
    assert response.context["listing"]["page_obj"].paginator.count == 1


def test_index_queries_once_counts_are_remembered(client, site, django_assert_max_num_queries):
    hospitals = [HospitalFactory() for _ in range(3)]
    for i in range(30):
        make_case(site.index, institutions=hospitals[: 1 + i % 3])
    client.cookies["sessionid"] = "x"
    url = site.index.url + "?type=invasive&indication=paralysis&sort=newest"
    client.get(url)
    # none: the route (portal.routing), the counts and the page of cases are remembered
    with django_assert_max_num_queries(0):
        assert client.get(url).status_code == 200


def test_case_detail_queries_once_remembered_and_fresh_after_publish(client, site, django_assert_max_num_queries):
    selection = SelectionFactory()
    product = PublishedProductFactory(name_zh="植入式采集芯片")
    case = make_case(site.index, institutions=[HospitalFactory()], products=[product], selections=[selection])
    make_case(site.index, title="相关案例一")
    client.cookies["sessionid"] = "x"
    client.get(case.url)
    with django_assert_max_num_queries(0):
        response = client.get(case.url)
    assert "植入式采集芯片" in response.text and "相关案例一" in response.text
    assert f'{site.index.url}selections/{selection.slug}/"' in response.text
    make_case(site.index, title="相关案例二", start_date=datetime.date(2026, 1, 1))
    assert "相关案例二" in client.get(case.url).text


def test_api_queries_once_counts_are_remembered(client, site, django_assert_max_num_queries):
    for _ in range(20):
        make_case(site.index, institutions=[HospitalFactory()])
    url = "/api/v1/cases/?language=zh-hans&indication=paralysis"
    client.get(url)
    with django_assert_max_num_queries(3):
        data = client.get(url).json()
    assert data["count"] == 20 and len(data["results"]) == 12
    _clear()
    with django_assert_max_num_queries(8):
        assert client.get(url).json()["count"] == 20


def test_remembered_page_of_results_follows_publish_unpublish_and_institutions(client, site):
    """The page of cases is remembered with the counts: a publish, an unpublish, an institution change refresh it."""
    make_case(site.index, title="较早案例", start_date=datetime.date(2024, 1, 1))
    client.cookies["sessionid"] = "x"
    titles = lambda: [case.title for case in client.get(site.index.url).context["listing"]["cases"]]  # noqa: E731
    assert titles() == ["较早案例"]
    assert titles() == ["较早案例"]  # from the remembered ids
    newer = make_case(site.index, title="较新案例", start_date=datetime.date(2025, 1, 1))
    assert titles() == ["较新案例", "较早案例"]
    newer.unpublish()
    assert titles() == ["较早案例"]
    hospital = HospitalFactory(name_zh="旧名医院")
    make_case(site.index, title="机构案例", institutions=[hospital], start_date=datetime.date(2026, 1, 1))
    assert "旧名医院" in client.get(site.index.url).text
    hospital.name_zh = "新名医院"
    hospital.save()
    public_cache.invalidate("organisations")  # as the organisations admin does on save (portal/wagtail_hooks.py)
    html = client.get(site.index.url).text
    assert "新名医院" in html and "旧名医院" not in html
