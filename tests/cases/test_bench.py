"""The cases' benchmark seed and resolvers."""

import pytest

from cases import bench
from cases.models import CasePage
from tests.cases.factories import HospitalFactory, build_case_site

pytestmark = pytest.mark.django_db


def test_seed_fills_the_chinese_case_library_up_to_the_total_once(client):
    site = build_case_site()
    HospitalFactory()
    assert bench.seed_cases(total=30) == {"cases": 30, "created": 30}
    assert bench.seed_cases(total=30) == {"cases": 30, "created": 0}
    cases = CasePage.objects.live().child_of(site.index)
    assert cases.count() == 30 and all(case.outcomes.count() == 2 for case in cases[:3])
    assert cases.filter(institutions__isnull=False).distinct().count() == 30
    path = bench.case_index_with_facets()()
    assert client.get(path).status_code == 200
    assert client.get(bench.first_case()()).status_code == 200
    assert client.get(bench.cases_api()()).status_code == 200
