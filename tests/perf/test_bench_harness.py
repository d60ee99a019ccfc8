"""The benchmark harness (bench/): its arithmetic and its page list. No timing is asserted here."""

import math
import statistics

import pytest
from allauth.mfa.models import Authenticator

from bench import stats
from bench.pages import JOBS, PAGES, BenchJob, BenchPage
from bench.report import judge
from bench.run import count_queries, selected_pages
from bench.urls import COLD_PATH
from bench.variants import Variant, variants_for
from competition import bench as competition_bench
from competition.algorithm import bench as algorithm_bench
from portal.models import User


def test_percentile_interpolates_between_closest_ranks():
    assert stats.percentile([1, 2, 3, 4], 50) == 2.5
    assert stats.percentile([4, 1, 3, 2], 50) == 2.5  # order does not matter
    assert stats.percentile([5], 95) == 5
    assert stats.percentile([10, 20], 0) == 10
    assert stats.percentile([10, 20], 100) == 20
    assert stats.percentile(range(1, 101), 95) == pytest.approx(95.05)
    assert stats.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 100], 95) == pytest.approx(59.05)


def test_percentile_matches_the_standard_library_inclusive_quantiles():
    samples = [0.8, 1.1, 0.9, 3.2, 1.0, 0.95, 12.5, 1.05, 0.85, 1.2, 0.99]
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    assert stats.percentile(samples, 50) == pytest.approx(cuts[49])
    assert stats.percentile(samples, 95) == pytest.approx(cuts[94])


def test_percentile_rejects_no_samples_and_bad_percentiles():
    with pytest.raises(ValueError):
        stats.percentile([], 50)
    with pytest.raises(ValueError):
        stats.percentile([1], 101)


def test_summary_and_ratios():
    summary = stats.summarise([2.0, 4.0, 6.0, 8.0])
    assert summary == {"n": 4, "p50": 5.0, "p95": pytest.approx(7.7), "mean": 5.0, "min": 2.0, "max": 8.0}
    page = {"p50": 30.0, "p95": 66.0}
    bare = {"p50": 1.5, "p95": 3.0}
    assert stats.ratios(page, bare) == {"p50": 20.0, "p95": 22.0}
    assert stats.ratio(1.0, 0.0) == math.inf


def test_pages_are_declared_once_with_budgets():
    names = [page.name for page in PAGES]
    assert len(names) == len(set(names))
    assert {"home zh-hans", "home en", "standard page", "news index", "news page", "login", "healthz"} <= set(names)
    for page in PAGES:
        assert page.max_cached_ratio > 0 and page.max_ratio > 0 and page.max_queries >= 0
    defaults = BenchPage("x", "/x/")
    assert (defaults.max_cached_ratio, defaults.max_ratio, defaults.max_queries) == (3.0, 30.0, 12)
    assert all(isinstance(job, BenchJob) and ":" in job.target for job in JOBS)


def test_public_pages_are_measured_cached_and_uncached():
    variants = variants_for([BenchPage("a", "/a/"), BenchPage("b", "/b/", public=False)])
    assert [(v.page.name, v.kind) for v in variants] == [("a", "cached"), ("a", "uncached"), ("b", "plain")]
    assert variants[1].headers == {"Cookie": "sessionid=x"}
    assert variants[0].headers == variants[2].headers == {}
    assert [p.name for p in selected_pages("^home")] == ["home zh-hans", "home en"]


def test_pages_with_a_cold_budget_are_measured_cold_too():
    home = BenchPage("home", "/", max_cold_ratio=60)
    search = BenchPage("search", "/s/", public=False, max_cold_ratio=60, max_cold_queries=10)
    variants = variants_for([home, search, BenchPage("plain", "/p/")])
    assert [(v.page.name, v.kind) for v in variants] == [
        ("home", "cached"),
        ("home", "uncached"),
        ("home", "cold"),
        ("search", "plain"),
        ("search", "cold"),
        ("plain", "cached"),
        ("plain", "uncached"),
    ]
    cold_home, cold_search = variants[2], variants[4]
    # The first visitor after a publish: a plain anonymous request, no cookie to bypass the cache.
    assert cold_home.headers == cold_search.headers == {}
    assert cold_home.label == "home [cold]"
    assert (cold_home.budget_ratio, cold_home.budget_queries) == (60, 12)
    assert (cold_search.budget_ratio, cold_search.budget_queries) == (60, 10)
    assert (variants[1].budget_ratio, variants[1].budget_queries) == (30, 12)  # uncached keeps its own
    cold_pages = {page.name for page in PAGES if page.max_cold_ratio is not None}
    assert {"home zh-hans", "catalogue list", "product detail", "case index", "case detail"} <= cold_pages
    assert {page.max_cold_ratio for page in PAGES if page.name.startswith("search")} == {60}


def _measured(kind, ratio, queries, hits=100, page=None, misses=None):
    variant = Variant(page=page or BenchPage("p", "/p/", max_cold_ratio=50), kind=kind, path="/p/")
    variant.page_ms, variant.bare_ms = {"n": 100, "p50": ratio, "p95": ratio}, {"n": 100, "p50": 1.0, "p95": 1.0}
    variant.ratio = stats.ratios(variant.page_ms, variant.bare_ms)
    variant.queries, variant.query_status, variant.statuses = queries, 200, {200: 100}
    variant.cache_headers = {"hit": hits, "none": 100 - hits} if kind == "cached" else {"none": 100}
    if misses is not None:
        variant.cache_headers = {"miss": misses, "none": 100 - misses}
    judge(variant)
    return variant.failures


def test_budgets_judge_the_p50_ratio_queries_and_cache_hits():
    assert _measured("cached", 2.9, 0) == []
    assert _measured("cached", 3.1, 0) == ["p50 3.1x > 3x"]
    assert _measured("cached", 1.0, 0, hits=90) == ["served from the cache 90/100 times"]
    assert _measured("uncached", 29.0, 12) == []
    assert _measured("uncached", 31.0, 13) == ["p50 31.0x > 30x", "13 queries > 12"]
    assert _measured("plain", 45.0, 20, page=BenchPage("s", "/s/", public=False, max_ratio=50, max_queries=25)) == []
    assert _measured("cold", 49.0, 12, misses=100) == []
    assert _measured("cold", 51.0, 13, misses=100) == ["p50 51.0x > 50x", "13 queries > 12"]
    # A public page rendered after every cache was emptied is stored again: each response a miss.
    assert _measured("cold", 10.0, 5, misses=40) == [
        "stored in the public cache 40/100 times: the caches were not empty"
    ]


@pytest.fixture
def page_tree(db, settings, monkeypatch):
    from bench.fallback_data import build_page_tree
    from tests.catalog.edition_factories import published_edition
    from tests.catalog.factories import PublishedProductFactory

    settings.ROOT_URLCONF = "bench.urls"
    product = PublishedProductFactory()  # the catalogue's bench pages need a public product
    published_edition(year=2025, products=[product])  # the edition pages and facet need the 2025 edition
    tree = build_page_tree(news_count=2)
    _case_library(tree["home"])
    _competition(monkeypatch)
    _incubator()
    return tree


def _incubator():
    """The incubator's bench pages need the demo's startup ``yanqi-ai`` and its investor login."""
    from incubator.models import InvestorProfile
    from tests.factories import MembershipFactory, OrganisationFactory
    from tests.incubator.profiles.world import startup_profile

    startup_profile(OrganisationFactory(kind="startup", slug="yanqi-ai"), tag="bench", with_deck=False)
    investor = OrganisationFactory(kind="investor")
    InvestorProfile.objects.create(
        organisation=investor, stages=["prototype"], bci_types=["non_invasive"], ticket_max_cny=50_000_000
    )
    MembershipFactory(organisation=investor, role="owner", user__email="investor@demo.bci-alliance.example")


def _case_library(home):
    """The cases' bench pages need a case index in both languages with a live case naming an institution."""
    from wagtail.models import Locale

    from cases.models import CaseIndexPage
    from tests.cases.factories import make_case
    from tests.factories import OrganisationFactory
    from tests.portal.page_factories import add_child, translate

    index = add_child(home, CaseIndexPage(title="案例库", slug="case-library"))
    translate(index, Locale.objects.get(language_code="en"), title="Case library")
    make_case(index, institutions=[OrganisationFactory(kind="hospital")])


def _competition(monkeypatch):
    """The competition's and the algorithm track's bench data, small: the same seeds with fewer rows."""
    monkeypatch.setattr(competition_bench, "ENTRIES", 12)
    monkeypatch.setattr(competition_bench, "JUDGES", 6)
    monkeypatch.setattr(competition_bench, "SMALL", 6)
    monkeypatch.setattr(algorithm_bench, "TEAMS", 3)
    competition_bench.seed()
    algorithm_bench.seed()


def _sign_in(client, email: str) -> None:
    """As the harness does for a page with ``login`` (staff also hold an authenticator in the bench)."""
    user = User.objects.get(email=email)
    Authenticator.objects.get_or_create(user=user, type=Authenticator.Type.TOTP, defaults={"data": {}})
    client.force_login(user)


@pytest.mark.django_db
def test_every_declared_page_resolves_and_renders(page_tree, client):
    assert client.get("/bench/bare/").status_code == 200
    for variant in variants_for(PAGES):
        path = variant.page.resolve()
        assert path, f"{variant.label} resolved to nothing"
        client.logout()
        if variant.page.login:
            _sign_in(client, variant.page.login_email())
        cookie = {"HTTP_COOKIE": "sessionid=x"} if variant.kind == "uncached" else {}
        if variant.cold:
            assert client.get(COLD_PATH).status_code == 204
        response = client.get(path, **cookie)
        assert response.status_code < 500, f"{variant.label} {path}: {response.status_code}"
        assert response.status_code == variant.page.status, f"{variant.label} {path}: {response.status_code}"


@pytest.mark.django_db
def test_the_cold_path_empties_every_cache_and_cold_queries_are_counted_after_it(page_tree, client, settings):
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal import public_cache

    home = BenchPage("home", "/zh-hans/", max_cold_ratio=60)
    assert client.get("/zh-hans/").headers["X-Public-Cache"] == "miss"
    assert client.get("/zh-hans/").headers["X-Public-Cache"] == "hit"
    public_cache.remember("fragment", ("pages",), lambda: "kept")
    assert client.get(COLD_PATH).status_code == 204
    for alias in settings.CACHES:
        assert not caches[alias].has_key(public_cache.EPOCH_KEY)
    assert public_cache.recall("fragment", ("pages",))[1] is public_cache.MISSING
    # Served, and stored, again: the first visitor after a publish.
    assert client.get("/zh-hans/").headers["X-Public-Cache"] == "miss"

    # In-process, the cold variant counts the one request after the caches were emptied: more
    # queries than the steady state (route, site, settings and chrome are looked up again).
    cached, cold = (Variant(page=home, kind=kind, path="/zh-hans/") for kind in ("uncached", "cold"))
    count_queries([cached, cold])
    assert cached.query_status == cold.query_status == 200
    with CaptureQueriesContext(connection) as warm:
        client.get("/zh-hans/", HTTP_COOKIE="sessionid=x")
    assert cached.queries == len(warm)
    assert cold.queries > cached.queries


def sample_job():
    """A job for the test below: one query, one extra figure."""
    from django.contrib.auth import get_user_model

    return {"users": get_user_model().objects.count()}


@pytest.mark.django_db
def test_jobs_report_time_queries_and_their_own_figures():
    from bench.run import run_job

    result = run_job(BenchJob("count users", "tests.perf.test_bench_harness:sample_job", repeat=2, max_queries=1))
    assert result["failures"] == []
    assert result["queries"] == 1
    assert result["extra"] == {"users": 0}
    assert result["seconds"]["n"] == 2
    over = run_job(BenchJob("count users", "tests.perf.test_bench_harness:sample_job", max_queries=0))
    assert over["failures"] == ["1 queries > 0"]
    broken = run_job(BenchJob("missing", "tests.perf.test_bench_harness:no_such_job"))
    assert broken["failures"] and "AttributeError" in broken["failures"][0]
