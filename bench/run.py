"""``make bench``: each page's cost as a ratio to a bare Django view served by the same gunicorn.

Usage::

    .venv/bin/python bench/run.py [--requests 300] [--only PATTERN] [--reuse] [--check]

Steps: (re)create the PostgreSQL bench database, migrate, load the demo data, collect
static files; count SQL queries per page in-process (Django test client); start gunicorn
(settings ``portal.settings.bench``) on 127.0.0.1; for each page, interleave blocks of
requests to the bare view and to the page over one persistent connection (a cold variant
empties every cache, untimed, before each of its requests); report p50/p95 and their ratios
to the bare view; run the declared jobs; write bench/results/latest.json.

Exit status: 0, unless ``--check`` is given and a budget declared in bench/pages.py is
exceeded (1), or the harness itself fails (2). See bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import platform
import re
import signal
import sys
import time
import traceback
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from bench.server import SETTINGS  # noqa: E402  (no Django: read before Django is set up)

if __name__ == "__main__":
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS  # what is measured is always the bench settings

# The harness drives Django in-process (migrate, demo data, query counts, jobs) and the pages it
# lists come from the apps' bench modules, which import their models: Django is set up first
# (setting up opens no database connection; under pytest it is already set up).
import django  # noqa: E402
from django.apps import apps  # noqa: E402

if not apps.ready:
    django.setup()

import dj_database_url  # noqa: E402
import psycopg  # noqa: E402
import wagtail  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from psycopg import sql  # noqa: E402

from bench import stats  # noqa: E402
from bench.measure import MIN_SAMPLES, Requester, measure, warm_up  # noqa: E402
from bench.pages import JOBS, PAGES, SEEDS, BenchJob, BenchPage  # noqa: E402
from bench.report import git_commit, judge, print_table  # noqa: E402
from bench.server import Gunicorn, free_port  # noqa: E402
from bench.urls import BARE_PATH, COLD_PATH, empty_caches  # noqa: E402
from bench.variants import SESSION_COOKIE, Variant, variants_for  # noqa: E402
from portal.adapters import mark_allauth_login  # noqa: E402

RESULTS_DIR = ROOT / "bench" / "results"
REFERENCE = {
    "source": "stock Wagtail bakerydemo measured on this machine",
    "ratio_per_page": "44-120x the bare view",
    "queries_per_page": "19-48",
    "targets": {
        "cached": "<= 3x the bare view",
        "uncached": "<= ~11-30x the bare view (a quarter of stock)",
        "cold": "home <= 60x, lists <= 50x, details <= 30x, search <= 60x (a quarter of stock cold)",
        "queries": "<= 12 per page",
    },
}


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# --- Database and data -----------------------------------------------------------------


def recreate_database(reuse: bool) -> str:
    """Drop and create the bench database (or keep it with --reuse). Returns what was done."""
    config = dj_database_url.parse(settings.BENCH_DATABASE_URL)
    name = config["NAME"]
    assert "bench" in name, name  # the settings module refuses other names too
    conninfo = {
        "host": config.get("HOST") or "127.0.0.1",
        "port": config.get("PORT") or 5432,
        "user": config.get("USER") or "postgres",
        "password": config.get("PASSWORD") or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v is not None}) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reuse:
            return f"reused database {name}"
        quoted = sql.Identifier(name)
        if exists:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(quoted))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(quoted))
        # As the README recommends for production on an SSD (the default, 4, is a spinning disk's).
        conn.execute(sql.SQL("ALTER DATABASE {} SET random_page_cost = 1.1").format(quoted))
    return f"created database {name}" + (" (dropped the previous one)" if exists else "")


def analyze() -> None:
    """The planner's statistics and the visibility map of the seeded tables, as autovacuum keeps them on a
    live database: without the statistics it takes a panel of 2,000 items for 15 and the staff ranking runs
    three 0.4 s nested loops; without the visibility map an index-only scan reads the table too (the
    database search's token scan over 20,000 documents: 73 ms, and 30 ms after a vacuum)."""
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    log(f"vacuum analyze in {time.monotonic() - started:.1f}s")


def prepare_data(reused: bool) -> str:
    """Migrate, load the demo data and the seeds, collect static. Returns the data source.

    A reused database keeps the data of the run that made it: only migrated. (Loading the demo
    again would re-index the seeded rows in ``load_demo``'s one transaction, one lock each.)
    """
    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    log(f"migrated in {time.monotonic() - started:.1f}s")
    if reused:
        analyze()
        call_command("collectstatic", interactive=False, verbosity=0)
        return "the reused bench database (load_demo and the seeds of the run that created it)"

    started = time.monotonic()
    with open(os.devnull, "w") as devnull, contextlib.redirect_stdout(devnull):
        call_command("load_demo")
    source = "manage.py load_demo"
    log(f"data from {source} in {time.monotonic() - started:.1f}s")

    for target in SEEDS:
        started = time.monotonic()
        module_name, _, function_name = target.partition(":")
        figures = getattr(importlib.import_module(module_name), function_name)() or {}
        log(f"seeded {target} {figures} in {time.monotonic() - started:.1f}s")
        source += f" + {target} {figures}"

    analyze()
    started = time.monotonic()
    call_command("collectstatic", interactive=False, verbosity=0)
    log(f"collectstatic in {time.monotonic() - started:.1f}s")
    return source


def resolve_paths(variants: list[Variant]) -> None:
    for variant in variants:
        try:
            variant.path = variant.page.resolve()
        except Exception as exc:  # noqa: BLE001 - reported, not fatal
            variant.skipped = f"resolver failed: {exc.__class__.__name__}: {exc}"
            continue
        if not variant.path:
            variant.skipped = f"no page in the data ({variant.page.describe()})"
        elif variant.page.login:
            try:
                variant.session = signed_in_session(variant.page.login_email())
            except Exception as exc:  # noqa: BLE001 - reported, not fatal
                variant.skipped = f"could not sign in: {exc.__class__.__name__}: {exc}"


def signed_in_session(email: str) -> str:
    """A session of ``email``'s account as allauth leaves it after signing in; returns its key."""
    user = get_user_model().objects.get(email=email)
    client = Client()
    client.force_login(user)
    session = client.session
    mark_allauth_login(session, user)
    session.save()
    return session.session_key


# --- SQL query counts (in-process) ---------------------------------------------------


def count_queries(variants: list[Variant]) -> None:
    """Queries per request with the test client: steady state (the third of three requests: what a
    visitor types is kept from its second asking, ``public_cache.first_asking``), or, for a cold
    variant, the one request made after every cache was emptied."""
    for variant in variants:
        if variant.skipped:
            continue
        extra = {"HTTP_COOKIE": variant.cookie} if variant.cookie else {}
        response = None
        for _ in range(1 if variant.cold else 3):
            client = Client(raise_request_exception=False)
            if variant.cold:
                empty_caches()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(variant.path, **extra)
        variant.queries = len(captured.captured_queries)
        variant.query_status = response.status_code
        if getattr(response, "exc_info", None):
            exc = response.exc_info[1]
            variant.query_error = f"{exc.__class__.__name__}: {exc}"
        if response.status_code >= 500:
            # Timing an error page says nothing about the page: report the error instead.
            variant.skipped = f"HTTP {response.status_code} in the test client: {variant.query_error or 'no exception'}"


# --- Jobs ------------------------------------------------------------------------------


def run_job(job: BenchJob) -> dict:
    result = {"name": job.name, "target": job.target, "repeat": job.repeat, "failures": []}
    try:
        module_name, _, function_name = job.target.partition(":")
        function = getattr(importlib.import_module(module_name), function_name)
        timings, extra = [], None
        for _ in range(job.repeat):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                extra = function()
                timings.append(time.perf_counter() - started)
        result.update(seconds=stats.summarise(timings), queries=len(captured.captured_queries), extra=extra or {})
        if job.max_seconds is not None and result["seconds"]["p50"] > job.max_seconds:
            result["failures"].append(f"{result['seconds']['p50']:.2f}s > {job.max_seconds}s")
        if job.max_queries is not None and result["queries"] > job.max_queries:
            result["failures"].append(f"{result['queries']} queries > {job.max_queries}")
    except Exception as exc:  # noqa: BLE001 - reported as a failure of this job
        result["error"] = f"{exc.__class__.__name__}: {exc}"
        result["failures"].append(result["error"])
    return result


# --- Main ----------------------------------------------------------------------------------


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300, help="requests per page (and as many to the bare view)")
    parser.add_argument("--only", metavar="PATTERN", help="only pages whose name or path matches this regex")
    parser.add_argument("--reuse", action="store_true", help="keep the bench database if it exists (no drop)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a budget in bench/pages.py is exceeded")
    parser.add_argument("--block", type=int, default=10, help="interleaving block size (bare, page, bare...)")
    parser.add_argument(
        "--page-seconds",
        type=float,
        default=15,
        help=f"stop a page early after this many seconds (>= {MIN_SAMPLES} samples kept; 0: never)",
    )
    parser.add_argument("--warmup", type=int, default=50, help="warm-up requests to the bare view")
    parser.add_argument("--workers", type=int, default=1, help="gunicorn workers (default 1)")
    parser.add_argument(
        "--worker-class", default="gthread", help="gunicorn worker class (default gthread, 1 thread: keep-alive)"
    )
    parser.add_argument("--no-jobs", action="store_true", help="skip the non-page jobs")
    parser.add_argument("--json", type=Path, default=RESULTS_DIR / "latest.json", help="where to write the results")
    return parser.parse_args(argv)


def selected_pages(pattern: str | None) -> list[BenchPage]:
    if not pattern:
        return list(PAGES)
    regex = re.compile(pattern, re.IGNORECASE)
    return [p for p in PAGES if regex.search(p.name) or (isinstance(p.path, str) and regex.search(p.path))]


def main(argv=None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    load_before = os.getloadavg()[0]
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    pages = selected_pages(args.only)
    variants = variants_for(pages)
    if not variants:
        log(f"no page matches {args.only!r}")
        return 2

    database = recreate_database(args.reuse)
    log(database)
    data_source = prepare_data(reused=database.startswith("reused"))
    cache.clear()
    resolve_paths(variants)
    count_queries(variants)
    cache.clear()  # the server starts cold; warm-up fills the cache
    connections.close_all()

    port = free_port()
    server = Gunicorn(port, args.workers, args.worker_class, RESULTS_DIR / "gunicorn.log")
    log(f"gunicorn on 127.0.0.1:{port}: {args.workers} worker(s), {args.worker_class}; cache: {settings.BENCH_CACHE}")
    try:
        server.start()
        requester = Requester(port)
        try:
            warm_up(requester, variants, args.warmup)
            # Cold variants last: each empties the cache the cached variants are served from.
            for variant in sorted(variants, key=lambda v: v.cold):
                if variant.skipped:
                    continue
                measure(requester, variant, args.requests, args.block, args.page_seconds)
                log(f"{variant.label}: p50 {variant.page_ms['p50']:.2f}ms = {variant.ratio['p50']:.1f}x bare")
        finally:
            requester.close()
    finally:
        server.stop()

    jobs = [] if args.no_jobs else [run_job(job) for job in JOBS if not args.only or re.search(args.only, job.name)]
    for variant in variants:
        judge(variant)

    print_table(variants, jobs)
    failures = [f"{v.label}: {f}" for v in variants for f in v.failures] + [
        f"job {j['name']}: {f}" for j in jobs for f in j["failures"]
    ]
    elapsed = time.monotonic() - started
    report = {
        "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),  # noqa: UP017
        "git_commit": git_commit(),
        "duration_s": round(elapsed, 1),
        "environment": {
            "python": platform.python_version(),
            "django": django.get_version(),
            "wagtail": wagtail.__version__,
            "cpus": os.cpu_count(),
            "database": settings.DATABASES["default"]["NAME"],
            "cache": settings.BENCH_CACHE,
            "gunicorn": {"workers": args.workers, "worker_class": args.worker_class, "threads": 1},
            "data": data_source,
            "load_average_1m": {"before": round(load_before, 2), "after": round(os.getloadavg()[0], 2)},
        },
        "method": {
            "requests_per_page": args.requests,
            "page_seconds_cap": args.page_seconds,
            "block": args.block,
            "bare_view": BARE_PATH,
            "ratio": "page percentile / bare-view percentile, from interleaved blocks on one keep-alive connection",
            "uncached": f"request sent with 'Cookie: {SESSION_COOKIE}' (bypasses the public page cache)",
            "cold": f"every cache emptied ({COLD_PATH}, untimed) before each plain anonymous request",
            "queries": "in-process Django test client, third of three requests (steady state); cold: one "
            "request after every cache was emptied",
        },
        "reference": REFERENCE,
        "pages": [
            {
                "name": v.page.name,
                "variant": v.kind,
                "path": v.path,
                "skipped": v.skipped,
                "latency_ms": v.page_ms,
                "bare_ms": v.bare_ms,
                "ratio": v.ratio,
                "queries": v.queries,
                "queries_status": v.query_status,
                "statuses": {str(k): n for k, n in v.statuses.items()},
                "x_public_cache": v.cache_headers,
                "budget": {"ratio_p50": v.budget_ratio, "queries": v.budget_queries},
                "failures": v.failures,
            }
            for v in variants
        ],
        "jobs": jobs,
        "failures": failures,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n")
    print(
        f"\n{len(failures)} failure(s); cache {settings.BENCH_CACHE}; data: {data_source}; "
        f"{elapsed:.0f}s; JSON: {args.json.relative_to(ROOT) if args.json.is_relative_to(ROOT) else args.json}"
    )
    load = max(load_before, os.getloadavg()[0])
    if load > (os.cpu_count() or 1):
        print(f"note: load average {load:.1f} on {os.cpu_count()} CPUs during the run: figures are noisy.")
    if failures and args.check:
        return 1
    return 0


def _terminate(signum, frame):
    raise SystemExit(128 + signum)  # runs the finally blocks that stop gunicorn


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _terminate)
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception:  # noqa: BLE001 - the harness failed, not a budget
        traceback.print_exc()
        sys.exit(2)
