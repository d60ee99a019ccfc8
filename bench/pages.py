"""What ``make bench`` measures: one line per page, one line per job.

Later issues add their pages here (catalogue, cases, search...) with one line each::

    BenchPage("catalogue index", page_of("catalog.CatalogueIndexPage")),
    BenchPage("product detail", url_of("catalog:product_detail", slug="demo-eeg-cap")),
    BenchPage("search 脑机接口", "/zh-hans/search/?q=脑机接口", public=False, max_ratio=40),

and their non-page jobs (bulk indexing, exports...) to ``JOBS``::

    BenchJob("reindex all products", "search.bench:reindex_products", max_seconds=20),

``path`` is either a fixed path or a resolver: a callable run inside Django, against
the benchmark database, that returns the path (or ``None`` when the data holds no such
page, which is reported as skipped — and as a failure under ``--check``).

Public pages (``public=True``) are measured twice:

* **cached** — a plain anonymous request, served from the public page cache
  (portal/public_cache.py); budget ``max_cached_ratio`` (default 3× the bare view);
* **uncached** — the same request with ``Cookie: sessionid=x``, which bypasses the cache
  (an invalid session renders as anonymous); budgets ``max_ratio`` (default 30×) and
  ``max_queries`` (default 12).

Other pages (``public=False``: forms that set a CSRF cookie, JSON endpoints) are
measured once, as a plain anonymous request, against ``max_ratio``/``max_queries``.

A page with a cold budget (``max_cold_ratio``, e.g. ``COLD_DETAIL``) is measured **cold**
too: a plain anonymous request after every cache was emptied (the Django caches: public
page cache, routes, site settings, chrome, fragments), as the first visitor after a publish
finds them; budgets ``max_cold_ratio`` and ``max_cold_queries`` (default 12).
Budgets apply to the p50 ratio; p95 is reported beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.urls import reverse
from django.utils import translation

from cases import bench as cases_bench
from catalog import bench as catalog_bench
from competition import bench as competition_bench
from competition.algorithm import bench as algorithm_bench
from search import bench as search_bench

Resolver = Callable[[], str | None]

DEFAULT_MAX_RATIO = 30.0
DEFAULT_MAX_CACHED_RATIO = 3.0
DEFAULT_MAX_QUERIES = 12
# Cold budgets (issue #16): a quarter of stock Wagtail (bakerydemo) measured the same way.
COLD_HOME = 60.0
COLD_LIST = 50.0
COLD_DETAIL = 30.0
COLD_SEARCH = 60.0


@dataclass(frozen=True)
class BenchPage:
    name: str
    path: str | Resolver
    public: bool = True
    max_ratio: float = DEFAULT_MAX_RATIO
    max_cached_ratio: float = DEFAULT_MAX_CACHED_RATIO
    max_queries: int = DEFAULT_MAX_QUERIES
    status: int = 200
    #: Sign in as this user (an e-mail address, or a resolver returning one) for every request:
    #: the harness makes one session as allauth would and sends its cookie (pages for members,
    #: judges, staff). Such a page is measured once, signed in; ``public`` must be False.
    login: str | Resolver | None = None
    #: Measured cold too (every cache emptied before each request) against this p50 ratio; None: not.
    max_cold_ratio: float | None = None
    max_cold_queries: int = DEFAULT_MAX_QUERIES

    def resolve(self) -> str | None:
        """The path to request; needs Django set up when ``path`` is a resolver."""
        return self.path if isinstance(self.path, str) else self.path()

    def login_email(self) -> str | None:
        return self.login if self.login is None or isinstance(self.login, str) else self.login()

    def describe(self) -> str:
        return self.path if isinstance(self.path, str) else getattr(self.path, "description", repr(self.path))


@dataclass(frozen=True)
class BenchJob:
    """A non-page job timed in-process (bench settings, bench database) after the pages.

    ``target`` is ``"module:function"``; the function takes no argument and may return
    a dict of extra figures (e.g. ``{"documents": 1200}``) reported beside the timing.
    """

    name: str
    target: str
    max_seconds: float | None = None
    max_queries: int | None = None
    repeat: int = 1


def page_of(model: str, language: str = "zh-hans", **filters) -> Resolver:
    """Resolver: the path of the first live, public ``app_label.Model`` page in ``language`` (tree order)."""

    def resolve() -> str | None:

        page_model = apps.get_model(model)
        page = (
            page_model.objects.live()
            .public()
            .filter(locale__language_code=language, **filters)
            .order_by("path")
            .first()
        )
        if page is None:
            return None
        parts = page.get_url_parts()
        return parts[2] if parts else None

    resolve.description = f"first live {model} ({language})"
    return resolve


def url_of(name: str, language: str = "zh-hans", **kwargs) -> Resolver:
    """Resolver: ``reverse(name, kwargs=kwargs)`` with ``language`` active (language-prefixed URLs)."""

    def resolve() -> str:

        with translation.override(language):
            return reverse(name, kwargs=kwargs or None)

    resolve.description = f"reverse({name!r}) ({language})"
    return resolve


PAGES: list[BenchPage] = [
    BenchPage("home zh-hans", "/zh-hans/", max_cold_ratio=COLD_HOME),
    BenchPage("home en", "/en/", max_cold_ratio=COLD_HOME),
    BenchPage("standard page", page_of("portal.StandardPage")),
    BenchPage("news index", page_of("portal.NewsIndexPage")),
    BenchPage("news page", page_of("portal.NewsPage")),
    BenchPage("catalogue list", url_of("catalog:product_list"), max_cold_ratio=COLD_LIST),
    BenchPage("catalogue list facets", catalog_bench.product_list_with_facets()),
    BenchPage("catalogue list multi-select", catalog_bench.product_list_multi_select()),
    BenchPage("catalogue list facets en", catalog_bench.product_list_with_facets("en")),
    BenchPage("product detail", catalog_bench.first_product(), max_cold_ratio=COLD_DETAIL),
    BenchPage("compare 4 products", catalog_bench.compare_four()),
    BenchPage("enterprise page", catalog_bench.busiest_enterprise()),
    # The organisation's own page: its panels (products counted over all of them, cases, profile).
    BenchPage("organisation page", catalog_bench.busiest_enterprise(url_name="portal:organisation_detail")),
    BenchPage("organisation page, hospital", cases_bench.busiest_institution()),
    BenchPage("products API", catalog_bench.products_api(), public=False),
    BenchPage("catalogue list, edition facet", "/zh-hans/products/?edition=2025"),
    BenchPage("edition page", url_of("catalog:edition_detail", year=2025)),
    BenchPage("edition page en", url_of("catalog:edition_detail", "en", year=2025)),
    BenchPage("editions list", url_of("catalog:edition_list")),
    BenchPage("editions API", "/api/v1/editions/2025/", public=False),
    # Facet counts and the page's ids are remembered per selection: routing, the page's cases
    # and their institutions (7-8 queries; the default budget of 12).
    BenchPage("case index", page_of("cases.CaseIndexPage"), max_cold_ratio=COLD_LIST),
    BenchPage("case index facets", cases_bench.case_index_with_facets()),
    BenchPage("case index facets en", cases_bench.case_index_with_facets("en")),
    BenchPage("case detail", cases_bench.first_case(), max_cold_ratio=COLD_DETAIL),
    BenchPage("cases API", cases_bench.cases_api(), public=False),
    BenchPage("login", url_of("account_login"), public=False),
    BenchPage("healthz", "/healthz", public=False),
    BenchPage(
        "search 脑机接口 (20k documents)",
        search_bench.search_page("脑机接口"),
        public=False,
        max_ratio=40,
        max_cold_ratio=COLD_SEARCH,
    ),
    BenchPage(
        "search 康复 外骨骼",
        search_bench.search_page("康复 外骨骼"),
        public=False,
        max_ratio=40,
        max_cold_ratio=COLD_SEARCH,
    ),
    BenchPage(
        "search rehabilitation en",
        search_bench.search_page("rehabilitation", "en"),
        public=False,
        max_ratio=40,
        max_cold_ratio=COLD_SEARCH,
    ),
    # Judging (issue #13): 2,000 entries, 100 judges, each judge 110 assignments, every scorecard submitted.
    BenchPage(
        "judge dashboard (110 assignments)",
        competition_bench.judge_dashboard(),
        public=False,
        login=competition_bench.busiest_judge,
    ),
    BenchPage(
        "round ranking, staff (2,000 entries)",
        competition_bench.round_ranking(),
        public=False,
        login=competition_bench.staff_email,
        max_ratio=400,
        max_queries=40,
    ),
    BenchPage("competition results (public)", competition_bench.public_results()),
    # Algorithm track (issue #14): the public leaderboard of a task with 500 teams x 20 scored submissions
    # (not page-cached: it names the visitor's own teams).
    BenchPage("algorithm leaderboard (500 teams x 20)", algorithm_bench.leaderboard(), public=False),
    # Incubator (issue #15) on the demo's 62 startups: the directory anonymous (page-cached) and as the
    # demo investor (investor-only facet and fields, not cached), a startup's profile, suggestions.
    BenchPage("startup directory", url_of("incubator:startup_list")),
    BenchPage(
        "startup directory, investor",
        url_of("incubator:startup_list"),
        public=False,
        login="investor@demo.bci-alliance.example",
    ),
    BenchPage("startup profile", url_of("incubator:startup_detail", slug="yanqi-ai")),
    BenchPage(
        "incubator suggestions (demo investor)",
        url_of("incubator:suggestions"),
        public=False,
        login="investor@demo.bci-alliance.example",
    ),
]

JOBS: list[BenchJob] = [
    BenchJob("search: bulk index 20,000 documents (vs raw helpers.bulk)", "search.bench:bulk_index_elasticsearch"),
    BenchJob("search: page p50/p95 over zh/en queries, each engine", "search.bench:query_latency"),
    BenchJob(
        "judging: results of 2,000 entries x 5 judges x 6 criteria (vs plain lists)", "portal.judging.bench:aggregation"
    ),
    BenchJob("judging: automatic assignment, 2,000 entries x 3 of 100 judges", "competition.bench:assignment"),
    BenchJob("algorithm: scoring 100,000 trials (vs bare numpy)", "competition.algorithm.bench:scoring_job"),
    BenchJob(
        "incubator: matchmaking 3,000 startups x 500 investors, top 10 both ways (vs bare numpy; 300 -> 3,000)",
        "incubator.bench:matchmaking_job",
    ),
]

#: Data added after ``load_demo``, before the pages are resolved: ``"module:function"``,
#: called without arguments; may return a dict of figures for the report.
SEEDS: list[str] = [
    "catalog.bench:seed_products",  # 10,000 products in the catalogue
    "cases.bench:seed_cases",  # 2,000 cases in the Chinese case library
    "competition.bench:seed",  # 2,000 entries, 100 judges, a scored round, published results
    "competition.algorithm.bench:seed",  # an algorithm task with 500 teams x 20 scored submissions
]
