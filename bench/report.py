"""The verdicts on what was measured (budgets, statuses, the cache's answers) and the printed table."""

from __future__ import annotations

import subprocess

from bench.server import ROOT
from bench.variants import Variant


def judge(variant: Variant) -> None:
    page = variant.page
    if variant.skipped:
        variant.failures.append(variant.skipped)
        return
    if variant.query_status != page.status:
        variant.failures.append(f"test client: expected {page.status}, got {variant.query_status}")
    if variant.query_error:
        variant.failures.append(f"test client: {variant.query_error}")
    bad = {status: n for status, n in variant.statuses.items() if status != page.status}
    if bad:
        variant.failures.append(f"expected {page.status}, got {bad}")
    if variant.ratio and variant.ratio["p50"] > variant.budget_ratio:
        variant.failures.append(f"p50 {variant.ratio['p50']:.1f}x > {variant.budget_ratio:g}x")
    if variant.budget_queries is not None and variant.queries is not None and variant.queries > variant.budget_queries:
        variant.failures.append(f"{variant.queries} queries > {variant.budget_queries}")
    hits = variant.cache_headers.get("hit", 0)
    measured = variant.page_ms["n"] if variant.page_ms else 0
    if variant.kind == "cached" and measured and hits < measured:
        variant.failures.append(f"served from the cache {hits}/{measured} times")
    if variant.kind != "cached" and hits:
        variant.failures.append(f"{hits} responses came from the public cache: the measurement is not uncached")
    if variant.cold and variant.page.public and measured and variant.cache_headers.get("miss", 0) < measured:
        # A public page rendered after the caches were emptied is stored again (a miss).
        missed = variant.cache_headers.get("miss", 0)
        variant.failures.append(f"stored in the public cache {missed}/{measured} times: the caches were not empty")


def fmt(value, spec: str = ".2f") -> str:
    return "-" if value is None else format(value, spec)


def print_table(variants: list[Variant], jobs: list[dict]) -> None:
    headers = ["page", "path", "n", "p50 ms", "p95 ms", "bare p50", "bare p95", "x p50", "x p95"]
    headers += ["budget", "SQL", "X-Public-Cache", ""]
    rows = []
    for v in variants:
        if v.skipped:
            rows.append([v.label, "-", "", "", "", "", "", "", "", "", "", "", f"SKIPPED: {v.skipped}"])
            continue
        by_count = sorted(v.cache_headers.items(), key=lambda item: -item[1])
        cache = ", ".join(f"{100 * n / v.page_ms['n']:.0f}% {header}" for header, n in by_count)
        rows.append(
            [
                v.label,
                v.path if len(v.path) <= 32 else v.path[:29] + "...",
                v.page_ms["n"],
                fmt(v.page_ms and v.page_ms["p50"]),
                fmt(v.page_ms and v.page_ms["p95"]),
                fmt(v.bare_ms and v.bare_ms["p50"]),
                fmt(v.bare_ms and v.bare_ms["p95"]),
                fmt(v.ratio and v.ratio["p50"], ".1f"),
                fmt(v.ratio and v.ratio["p95"], ".1f"),
                f"{v.budget_ratio:g}x" + ("" if v.budget_queries is None else f"/{v.budget_queries}q"),
                fmt(v.queries, "d"),
                cache,
                "OK" if not v.failures else "FAIL: " + "; ".join(v.failures),
            ]
        )
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers) - 1)]
    numeric = set(range(2, 11))

    def line(row):
        cells = [
            str(c).rjust(w) if i in numeric else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(row[:-1], widths, strict=True))
        ]
        return "  ".join(cells) + "  " + str(row[-1])

    print(line(headers))
    print(line(["-" * w for w in widths] + [""]))
    for row in rows:
        print(line(row))
    for job in jobs:
        seconds = job.get("seconds")
        figure = f"p50 {seconds['p50']:.3f}s" if seconds else "-"
        print(f"job {job['name']}: {figure}, {job.get('queries', '-')} queries {job.get('extra') or ''}".rstrip())
        for failure in job["failures"]:
            print(f"    FAIL: {failure}")


def git_commit() -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        return out.stdout.strip() or None
    except OSError:
        return None
